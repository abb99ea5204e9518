package org.thinspice.client.shell;

import javafx.beans.property.SimpleObjectProperty;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.layout.VBox;
import org.thinspice.client.core.Message;
import org.thinspice.client.core.Strings;

/**
 * The stop screen when the controller presents another certificate than the one pinned at
 * enrolment: what happened in words, both fingerprints, and no way on but through an administrator
 * (diagnostics and the PIN-gated settings stay in the header).
 */
public final class CertificateChangedView {
    private final VBox root;

    public CertificateChangedView(Strings s, String pinned, String presented) {
        root = new VBox(18, Widgets.label(s, "cert.title", "title"), Widgets.label(s, "cert.explain", "explain"),
                Widgets.label(s.bindKey(new SimpleObjectProperty<>(Message.of("cert.pinned", pinned))), "cert-pinned", "detail"),
                Widgets.label(s.bindKey(new SimpleObjectProperty<>(Message.of("cert.presented", presented))), "cert-presented",
                        "detail"));
        root.setAlignment(Pos.CENTER);
        root.getStyleClass().add("card");
        root.setMaxWidth(760);
        root.setId("certificate-changed-screen");
    }

    public Parent root() {
        return root;
    }
}
