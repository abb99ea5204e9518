package org.thinspice.client.login;

import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.thinspice.client.core.Strings;
import org.thinspice.client.shell.Widgets;

/**
 * The UKEY step of sign-in: the reader state (no reader / insert your UKEY / ready), tries left, and
 * a PIN pad — digits by touch or from the terminal's keyboard into the same masked field, Backspace
 * and Enter included. The PIN lives in the view model until it is sent, then is cleared.
 */
final class PinPad {
    private final VBox root;

    PinPad(LoginViewModel vm, Strings s) {
        Label presence = Widgets.label(Bindings.createStringBinding(() -> s.get(switch (vm.ukeyPresenceProperty().get()) {
            case NO_SERVICE, NO_READER -> "ukey.noReader";
            case NO_CARD -> "ukey.insert";
            case READY -> "ukey.ready";
        }), vm.ukeyPresenceProperty(), s.localeProperty()), "ukey-state", "state");
        Label tries = Widgets.label(Bindings.createStringBinding(() -> vm.triesLeftProperty().get() < 0 ? ""
                : s.get("ukey.triesLeft", vm.triesLeftProperty().get()), vm.triesLeftProperty(), s.localeProperty()), "ukey-tries");
        PasswordField field = new PasswordField();
        field.setId("login-pin");
        field.promptTextProperty().bind(s.bind("login.pin"));
        field.textProperty().bindBidirectional(vm.pinProperty());
        field.setTextFormatter(new javafx.scene.control.TextFormatter<String>(change ->
                change.getControlNewText().length() <= LoginViewModel.MAX_PIN ? change : null));
        field.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER) {
                vm.submitPin();
                e.consume();
            }
        });
        GridPane keys = new GridPane();
        keys.setHgap(8);
        keys.setVgap(8);
        keys.setAlignment(Pos.CENTER);
        for (int d = 1; d <= 9; d++) {
            keys.add(key(vm, field, (char) ('0' + d)), (d - 1) % 3, (d - 1) / 3);
        }
        Button back = Widgets.button(s, "ukey.backspace", "pin-back", () -> {
            vm.pinBackspace();
            field.requestFocus();
            field.end();
        });
        back.getStyleClass().add("pin-key");
        keys.add(back, 0, 3);
        keys.add(key(vm, field, '0'), 1, 3);
        Button ok = Widgets.button(s, "login.pinSubmit", "login-pin-submit", vm::submitPin);
        ok.getStyleClass().add("pin-key");
        ok.disableProperty().bind(vm.stateProperty().isEqualTo(LoginViewModel.State.BUSY));
        keys.add(ok, 2, 3);
        Button cancel = Widgets.button(s, "common.cancel", "login-pin-cancel", vm::cancelPin);
        root = new VBox(10, Widgets.label(s, "login.pinTitle", "subtitle"), presence, tries, field, keys, new HBox(10, cancel));
        root.setAlignment(Pos.CENTER);
        root.getStyleClass().add("dialog");
        root.visibleProperty().bind(vm.pinDialogProperty());
        root.managedProperty().bind(root.visibleProperty());
        root.visibleProperty().addListener((o, was, shown) -> {
            if (shown) {
                field.requestFocus();
            }
        });
    }

    private static Button key(LoginViewModel vm, PasswordField field, char digit) {
        Button b = new Button(String.valueOf(digit));
        b.setId("pin-" + digit);
        b.getStyleClass().add("pin-key");
        b.setFocusTraversable(false);
        b.setOnAction(e -> {
            vm.pinKey(digit);
            field.requestFocus();
            field.end();
        });
        return b;
    }

    VBox root() {
        return root;
    }
}
