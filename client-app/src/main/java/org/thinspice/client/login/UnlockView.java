package org.thinspice.client.login;

import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.PasswordField;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.thinspice.client.core.Strings;
import org.thinspice.client.shell.Widgets;

/** The lock laid over a session while the UKEY is out: what happened, the PIN field, Unlock. */
public final class UnlockView {
    private final StackPane root;

    public UnlockView(UnlockViewModel vm, Strings s) {
        PasswordField pin = new PasswordField();
        pin.setId("unlock-pin");
        pin.promptTextProperty().bind(s.bind("login.pin"));
        pin.textProperty().bindBidirectional(vm.pinProperty());
        pin.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER) {
                vm.submit();
                e.consume();
            }
        });
        VBox card = new VBox(14, Widgets.label(s, "ukey.lockedTitle", "title"),
                Widgets.label(s.bindKey(vm.messageProperty()), "unlock-message", "message"), pin,
                Widgets.button(s, "ukey.unlock", "unlock-submit", vm::submit));
        card.getStyleClass().add("card");
        card.setAlignment(Pos.CENTER);
        card.setMaxSize(520, VBox.USE_PREF_SIZE);
        root = new StackPane(card);
        root.setId("ukey-lock");
        root.setStyle("-fx-background-color: rgba(0,0,0,0.85);");
        // the lock takes every click and key: nothing reaches the session underneath
        root.setPickOnBounds(true);
    }

    public Parent root() {
        return root;
    }
}
