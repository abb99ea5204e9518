package org.thinspice.client.shell;

import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.layout.VBox;
import org.thinspice.client.core.Strings;

/** The friendly screen after an uncaught error: what happened in words, and a restart button. */
public final class ErrorView {
    private final VBox root;

    public ErrorView(Strings s, String detail, Runnable restart) {
        Button again = Widgets.button(s, "error.restart", "error-restart", restart);
        again.getStyleClass().add("primary");
        javafx.scene.control.Label d = new javafx.scene.control.Label(detail);
        d.getStyleClass().add("detail");
        d.setWrapText(true);
        root = new VBox(18, Widgets.label(s, "error.title", "title"), Widgets.label(s, "error.explain", "explain"), d, again);
        root.setAlignment(Pos.CENTER);
        root.getStyleClass().add("card");
        root.setMaxWidth(640);
        root.setId("error-screen");
    }

    public Parent root() {
        return root;
    }
}
