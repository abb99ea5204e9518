package org.thinspice.client.login;

import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thinspice.client.api.ControllerException;
import org.thinspice.client.api.LoginOutcome;
import org.thinspice.client.core.KioskModel;
import org.thinspice.client.core.Message;
import org.thinspice.client.core.Ui;

/**
 * Sign-in: username and password, then the second factor when the controller asks for one. States a
 * person must be able to tell apart: cannot reach the controller (retry), wrong credentials, locked.
 */
public final class LoginViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(LoginViewModel.class);

    public enum State { READY, BUSY, UNREACHABLE, WRONG_CREDENTIALS, LOCKED, PIN_NEEDED, FAILED }

    private final KioskModel model;
    private final Ui ui;
    private final SecondFactorResponder responder;
    private final Consumer<LoginOutcome.SignedIn> onSignedIn;
    private final StringProperty username = new SimpleStringProperty("");
    private final StringProperty password = new SimpleStringProperty("");
    private final ObjectProperty<State> state = new SimpleObjectProperty<>(State.READY);
    private final ObjectProperty<Message> message = new SimpleObjectProperty<>();
    private final BooleanProperty pinDialog = new SimpleBooleanProperty();
    private LoginOutcome.SecondFactor challenge;

    public LoginViewModel(KioskModel model, Ui ui, SecondFactorResponder responder, Consumer<LoginOutcome.SignedIn> onSignedIn) {
        this.model = model;
        this.ui = ui;
        this.responder = responder;
        this.onSignedIn = onSignedIn;
    }

    public StringProperty usernameProperty() {
        return username;
    }

    public StringProperty passwordProperty() {
        return password;
    }

    public ObjectProperty<State> stateProperty() {
        return state;
    }

    public ObjectProperty<Message> messageProperty() {
        return message;
    }

    /** True while the PIN dialog should be open. */
    public BooleanProperty pinDialogProperty() {
        return pinDialog;
    }

    public void signIn() {
        if (state.get() == State.BUSY) {
            return;
        }
        String user = username.get().trim();
        if (user.isEmpty() || password.get().isEmpty()) {
            state.set(State.FAILED);
            message.set(Message.of("login.missing"));
            return;
        }
        char[] pw = password.get().toCharArray();
        state.set(State.BUSY);
        message.set(Message.of("login.signingIn"));
        ui.call(() -> model.api().login(user, pw), this::outcome, this::failed);
    }

    /** The "retry" button on the unreachable state: the same sign-in again. */
    public void retry() {
        signIn();
    }

    public void submitPin(String pin) {
        LoginOutcome.SecondFactor c = challenge;
        if (c == null || pin == null || pin.isEmpty()) {
            return;
        }
        pinDialog.set(false);
        state.set(State.BUSY);
        message.set(Message.of("login.checkingPin"));
        ui.call(() -> model.api().secondFactor(c.challengeId(), "ukey", responder.respond(c.challengeId(), c.nonce(), pin.toCharArray())),
                this::outcome, this::failed);
    }

    public void cancelPin() {
        pinDialog.set(false);
        challenge = null;
        state.set(State.READY);
        message.set(null);
    }

    private void outcome(LoginOutcome o) {
        if (o instanceof LoginOutcome.SignedIn s) {
            LOG.info("signed in as {}", s.username());
            challenge = null;
            password.set("");
            state.set(State.READY);
            message.set(null);
            model.signedIn(s.username());
            onSignedIn.accept(s);
        } else if (o instanceof LoginOutcome.SecondFactor f) {
            challenge = f;
            state.set(State.PIN_NEEDED);
            message.set(Message.of("login.pinNeeded"));
            pinDialog.set(true);
        }
    }

    private void failed(Exception e) {
        LOG.info("sign-in failed: {}", e.toString());
        challenge = null;
        if (e instanceof ControllerException ce) {
            switch (ce.kind()) {
                case UNREACHABLE -> {
                    state.set(State.UNREACHABLE);
                    message.set(Message.of("error.unreachable"));
                }
                case WRONG_CREDENTIALS -> {
                    state.set(State.WRONG_CREDENTIALS);
                    message.set(Message.of("login.wrong"));
                }
                case LOCKED -> {
                    state.set(State.LOCKED);
                    message.set(Message.of("login.locked", Math.max(1, (ce.retryAfterSeconds() + 59) / 60)));
                }
                case TERMINAL_REFUSED -> {
                    state.set(State.FAILED);
                    message.set(Message.of("login.terminalRefused"));
                }
                case CERTIFICATE_CHANGED -> {
                    state.set(State.FAILED);
                    message.set(Message.of("error.certificateChanged"));
                    model.certificateChanged(ce.getMessage());
                }
                default -> {
                    state.set(State.FAILED);
                    message.set(Message.of("error.refused", ce.getMessage()));
                }
            }
        } else if (e instanceof SecondFactorResponder.UkeyUnavailableException) {
            state.set(State.FAILED);
            message.set(Message.of("login.noUkey"));
        } else {
            state.set(State.FAILED);
            message.set(Message.of("error.refused", String.valueOf(e.getMessage())));
        }
    }
}
