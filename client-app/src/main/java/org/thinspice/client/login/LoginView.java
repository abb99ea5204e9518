package org.thinspice.client.login;

import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.thinspice.client.core.Strings;
import org.thinspice.client.shell.Widgets;

/** Sign-in: username, password, the state line, retry when the controller is unreachable, the PIN step. */
public final class LoginView {
    private final VBox root;

    public LoginView(LoginViewModel vm, Strings s) {
        TextField user = Widgets.field(s, "login.username", "login-username");
        user.textProperty().bindBidirectional(vm.usernameProperty());
        PasswordField password = new PasswordField();
        password.setId("login-password");
        password.promptTextProperty().bind(s.bind("login.password"));
        password.textProperty().bindBidirectional(vm.passwordProperty());
        GridPane form = new GridPane();
        form.getStyleClass().add("form");
        form.addRow(0, Widgets.label(s, "login.username"), user);
        form.addRow(1, Widgets.label(s, "login.password"), password);
        Button go = Widgets.button(s, "login.submit", "login-submit", vm::signIn);
        go.setDefaultButton(true);
        go.disableProperty().bind(vm.stateProperty().isEqualTo(LoginViewModel.State.BUSY));
        Button retry = Widgets.button(s, "login.retry", "login-retry", vm::retry);
        retry.visibleProperty().bind(vm.stateProperty().isEqualTo(LoginViewModel.State.UNREACHABLE));
        retry.managedProperty().bind(retry.visibleProperty());
        var message = Widgets.label(s.bindKey(vm.messageProperty()), "login-message", "message");
        message.getStyleClass().add("state");
        vm.stateProperty().addListener((o, a, b) -> {
            message.getStyleClass().removeAll("bad", "good");
            if (b == LoginViewModel.State.UNREACHABLE || b == LoginViewModel.State.WRONG_CREDENTIALS
                    || b == LoginViewModel.State.LOCKED || b == LoginViewModel.State.FAILED) {
                message.getStyleClass().add("bad");
            }
        });
        PasswordField pin = new PasswordField();
        pin.setId("login-pin");
        pin.promptTextProperty().bind(s.bind("login.pin"));
        Button pinOk = Widgets.button(s, "login.pinSubmit", "login-pin-submit", () -> {
            vm.submitPin(pin.getText());
            pin.clear();
        });
        Button pinCancel = Widgets.button(s, "common.cancel", "login-pin-cancel", vm::cancelPin);
        VBox pinBox = new VBox(10, Widgets.label(s, "login.pinTitle", "subtitle"), pin, new HBox(10, pinOk, pinCancel));
        pinBox.getStyleClass().add("dialog");
        pinBox.visibleProperty().bind(vm.pinDialogProperty());
        pinBox.managedProperty().bind(pinBox.visibleProperty());
        form.visibleProperty().bind(Bindings.not(vm.pinDialogProperty()));
        form.managedProperty().bind(form.visibleProperty());
        root = new VBox(18, Widgets.label(s, "login.title", "title"), form, new HBox(12, go, retry), message, pinBox);
        root.setAlignment(Pos.CENTER);
        root.getStyleClass().add("card");
        root.setMaxWidth(560);
    }

    public Parent root() {
        return root;
    }
}
