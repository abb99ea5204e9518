package org.thinspice.client.shell;

import javafx.beans.value.ObservableValue;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import org.thinspice.client.core.Strings;

/** Small builders the views share, so each view reads as its layout. */
public final class Widgets {
    private Widgets() {
    }

    public static Label label(Strings s, String key, String... styleClasses) {
        Label l = new Label();
        l.textProperty().bind(s.bind(key));
        l.getStyleClass().addAll(styleClasses);
        return l;
    }

    public static Label label(ObservableValue<String> text, String id, String... styleClasses) {
        Label l = new Label();
        l.textProperty().bind(text);
        l.setId(id);
        l.getStyleClass().addAll(styleClasses);
        l.setWrapText(true);
        return l;
    }

    public static Button button(Strings s, String key, String id, Runnable action) {
        Button b = new Button();
        b.textProperty().bind(s.bind(key));
        b.setId(id);
        b.setOnAction(e -> action.run());
        return b;
    }

    public static TextField field(Strings s, String promptKey, String id) {
        TextField f = new TextField();
        f.promptTextProperty().bind(s.bind(promptKey));
        f.setId(id);
        return f;
    }
}
