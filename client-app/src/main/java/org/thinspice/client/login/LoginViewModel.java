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
    private final ObjectProperty<SecondFactorResponder.Presence> ukeyPresence =
            new SimpleObjectProperty<>(SecondFactorResponder.Presence.NO_READER);
    private final javafx.beans.property.IntegerProperty triesLeft = new javafx.beans.property.SimpleIntegerProperty(-1);
    private final StringProperty pin = new SimpleStringProperty("");
    private LoginOutcome.SecondFactor challenge;
    private volatile String usedCertificate;

    /** The longest PIN a PIV card takes. */
    public static final int MAX_PIN = 8;

    public LoginViewModel(KioskModel model, Ui ui, SecondFactorResponder responder, Consumer<LoginOutcome.SignedIn> onSignedIn) {
        this.model = model;
        this.ui = ui;
        this.responder = responder;
        this.onSignedIn = onSignedIn;
    }

    /** The reader side: no reader / insert your UKEY / ready (and pcscd not running). */
    public ObjectProperty<SecondFactorResponder.Presence> ukeyPresenceProperty() {
        return ukeyPresence;
    }

    /** PIN tries left before the card blocks, -1 when not known. */
    public javafx.beans.property.IntegerProperty triesLeftProperty() {
        return triesLeft;
    }

    /** The PIN typed so far (the field and the pad both write here); cleared after every attempt. */
    public StringProperty pinProperty() {
        return pin;
    }

    /** A key of the PIN pad. */
    public void pinKey(char c) {
        if (pin.get().length() < MAX_PIN && c >= 0x20 && c < 0x7f) {
            pin.set(pin.get() + c);
        }
    }

    public void pinBackspace() {
        String p = pin.get();
        if (!p.isEmpty()) {
            pin.set(p.substring(0, p.length() - 1));
        }
    }

    /** A change the shell's one watcher saw (FX thread). */
    public void presenceChanged(SecondFactorResponder.Presence p) {
        ukeyPresence.set(p);
        if (pinDialog.get() && state.get() != State.BUSY) {
            // a card back clears the last failure; a card gone does not hide why the last try failed
            // (the reader state has its own line)
            Message now = message.get();
            boolean presenceWords = now == null || now.key().equals("login.pinNeeded") || now.key().startsWith("ukey.noReader")
                    || now.key().equals("ukey.insert") || now.key().equals("ukey.ready");
            if (presenceWords || p == SecondFactorResponder.Presence.READY) {
                message.set(presenceMessage(p));
            }
            if (p == SecondFactorResponder.Presence.READY) {
                refreshTries();
            }
        }
    }

    private static Message presenceMessage(SecondFactorResponder.Presence p) {
        return switch (p) {
            case NO_SERVICE, NO_READER -> Message.of("ukey.noReader");
            case NO_CARD -> Message.of("ukey.insert");
            case READY -> Message.of("ukey.ready");
        };
    }

    private void refreshTries() {
        ui.call(() -> new Object[] {responder.presence(), responder.triesLeft()}, r -> {
            ukeyPresence.set((SecondFactorResponder.Presence) r[0]);
            triesLeft.set((Integer) r[1]);
            if (pinDialog.get() && state.get() != State.BUSY) {
                message.set(presenceMessage((SecondFactorResponder.Presence) r[0]));
            }
        }, e -> triesLeft.set(-1));
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

    /** The UKEY certificate (base64 DER) of the last UKEY sign-in, for unlocking a locked session; null without one. */
    public String usedCertificate() {
        return usedCertificate;
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

    /** Submits the PIN typed so far. */
    public void submitPin() {
        submitPin(pin.get());
    }

    public void submitPin(String typed) {
        LoginOutcome.SecondFactor c = challenge;
        pin.set("");
        if (c == null || typed == null || typed.isEmpty() || state.get() == State.BUSY) {
            return;
        }
        char[] p = typed.toCharArray();
        state.set(State.BUSY);
        message.set(Message.of("login.checkingPin"));
        ui.call(() -> {
            SecondFactorResponder.UkeyAnswer a;
            try {
                a = responder.respond(c.signText() != null ? c.signText() : c.nonce(), p);
            } finally {
                java.util.Arrays.fill(p, '\0');
            }
            usedCertificate = a.certificate();
            return model.api().ukeyAnswer(c.challengeId(), a.certificate(), a.signature());
        }, this::outcome, this::pinFailed);
    }

    /** A failed UKEY step: card-side problems keep the PIN pad open (the challenge is still unused). */
    private void pinFailed(Exception e) {
        if (e instanceof SecondFactorResponder.UkeyFailure f) {
            state.set(State.PIN_NEEDED);
            switch (f.kind()) {
                case WRONG_PIN -> {
                    triesLeft.set(f.triesLeft());
                    message.set(Message.of("ukey.wrongPin", f.triesLeft()));
                }
                case BLOCKED -> {
                    triesLeft.set(0);
                    String id = challenge == null ? null : challenge.challengeId();
                    closePin(State.FAILED, Message.of("ukey.blocked"));
                    if (id != null) {
                        // so the controller audits it; its answer is a refusal either way
                        ui.call(() -> {
                            model.api().ukeyBlocked(id);
                            return null;
                        }, x -> { }, x -> LOG.info("blocked UKEY reported: {}", x.toString()));
                    }
                }
                case NOT_SUPPORTED -> message.set(Message.of("ukey.notSupported"));
                case REMOVED -> message.set(Message.of("ukey.removed"));
                case PIN_FORMAT -> message.set(Message.of("ukey.pinFormat"));
                case NO_UKEY -> message.set(Message.of(ukeyPresence.get() == SecondFactorResponder.Presence.NO_CARD
                        ? "ukey.insert" : "ukey.noReader"));
                default -> message.set(Message.of("ukey.readerError", String.valueOf(f.getMessage())));
            }
            LOG.info("UKEY step failed: {}", f.kind());
            return;
        }
        if (e instanceof ControllerException ce && ukeyMessage(ce.code()) != null) {
            LOG.info("UKEY answer refused: {}", ce.code());
            closePin(State.FAILED, Message.of(ukeyMessage(ce.code())));
            return;
        }
        pinDialog.set(false);
        failed(e);
    }

    private void closePin(State s, Message m) {
        pinDialog.set(false);
        challenge = null;
        state.set(s);
        message.set(m);
    }

    /** The kiosk's own words for each refusal of a UKEY answer. */
    static String ukeyMessage(String code) {
        return switch (code) {
            case "ukey_not_enrolled" -> "ukey.notEnrolled";
            case "challenge_expired" -> "ukey.challengeExpired";
            case "challenge_replayed" -> "ukey.replayed";
            case "ukey_certificate_expired" -> "ukey.certificateExpired";
            case "ukey_certificate_unusable" -> "ukey.certificateUnusable";
            case "ukey_wrong_signature" -> "ukey.wrongSignature";
            case "ukey_required" -> "ukey.required";
            default -> null;
        };
    }

    public void cancelPin() {
        pin.set("");
        pinDialog.set(false);
        challenge = null;
        state.set(State.READY);
        message.set(null);
    }

    private void outcome(LoginOutcome o) {
        if (o instanceof LoginOutcome.SignedIn s) {
            LOG.info("signed in as {}", s.username());
            challenge = null;
            pinDialog.set(false);
            password.set("");
            state.set(State.READY);
            message.set(null);
            model.signedIn(s.username());
            onSignedIn.accept(s);
        } else if (o instanceof LoginOutcome.SecondFactor f) {
            challenge = f;
            pin.set("");
            state.set(State.PIN_NEEDED);
            message.set(Message.of("login.pinNeeded"));
            pinDialog.set(true);
            refreshTries();
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
                    String own = ukeyMessage(ce.code());
                    message.set(own != null ? Message.of(own) : Message.of("error.refused", ce.getMessage()));
                }
            }
        } else {
            state.set(State.FAILED);
            message.set(Message.of("error.refused", String.valueOf(e.getMessage())));
        }
    }
}
