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
        VBox pinBox = new PinPad(vm, s).root();
        form.visibleProperty().bind(Bindings.not(vm.pinDialogProperty()));
        form.managedProperty().bind(form.visibleProperty());
        HBox buttons = new HBox(12, go, retry);
        buttons.visibleProperty().bind(Bindings.not(vm.pinDialogProperty()));
        buttons.managedProperty().bind(buttons.visibleProperty());
        root = new VBox(18, Widgets.label(s, "login.title", "title"), form, buttons, message, pinBox);
        root.setAlignment(Pos.CENTER);
        root.getStyleClass().add("card");
        root.setMaxWidth(560);
    }

    public Parent root() {
        return root;
    }
}
