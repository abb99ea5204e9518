package org.thinspice.client.enrol;

import java.net.URI;
import java.time.Duration;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thinspice.client.api.ControllerException;
import org.thinspice.client.api.HttpControllerClient;
import org.thinspice.client.api.PinnedCertificate;
import org.thinspice.client.api.TerminalIdentity;
import org.thinspice.client.core.KioskModel;
import org.thinspice.client.core.Message;
import org.thinspice.client.core.Strings;
import org.thinspice.client.core.TerminalConfig;
import org.thinspice.client.core.Ui;

/**
 * First run: the controller's address, the language, and enrolment with the code an administrator
 * gave the technician. The key pair is made here and only its public half leaves the terminal. An
 * https controller's certificate is fixed here: its fingerprint pre-seeded in the terminal image, or
 * shown for the technician to compare and confirm; from then on only that certificate is trusted.
 */
public final class EnrolViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(EnrolViewModel.class);
    private final KioskModel model;
    private final Ui ui;
    private final Runnable onEnrolled;
    private final StringProperty address = new SimpleStringProperty("");
    private final StringProperty language = new SimpleStringProperty("zh-CN");
    private final StringProperty code = new SimpleStringProperty("");
    private final StringProperty name = new SimpleStringProperty("");
    private final BooleanProperty busy = new SimpleBooleanProperty();
    private final ObjectProperty<Message> message = new SimpleObjectProperty<>();
    /** The https controller's certificate fingerprint, shown for the technician to confirm (else ""). */
    private final StringProperty fingerprint = new SimpleStringProperty("");
    private final BooleanProperty confirming = new SimpleBooleanProperty();
    private TerminalConfig pending;
    private String pendingCode;

    public EnrolViewModel(KioskModel model, Ui ui, Runnable onEnrolled) {
        this.model = model;
        this.ui = ui;
        this.onEnrolled = onEnrolled;
        TerminalConfig c = model.config();
        address.set(c.controllerUrl);
        language.set(c.language);
        name.set(c.terminalName.isEmpty() ? defaultName() : c.terminalName);
        // The language switches the screen at once, before anything is saved.
        language.addListener((o, was, now) -> model.strings().localeProperty().set(Strings.forTag(now)));
    }

    private static String defaultName() {
        try {
            String h = java.net.InetAddress.getLocalHost().getHostName().replaceAll("[^\\p{L}\\p{N} ._-]", "-");
            return h.isEmpty() ? "terminal" : h;
        } catch (java.io.IOException e) {
            return "terminal";
        }
    }

    public StringProperty addressProperty() {
        return address;
    }

    public StringProperty languageProperty() {
        return language;
    }

    public StringProperty codeProperty() {
        return code;
    }

    public StringProperty nameProperty() {
        return name;
    }

    public BooleanProperty busyProperty() {
        return busy;
    }

    public ObjectProperty<Message> messageProperty() {
        return message;
    }

    public StringProperty fingerprintProperty() {
        return fingerprint;
    }

    /** True while the fingerprint waits for the technician's confirmation. */
    public BooleanProperty confirmingProperty() {
        return confirming;
    }

    public void enrol() {
        if (busy.get()) {
            return;
        }
        URI uri;
        try {
            uri = HttpControllerClient.parseAddress(address.get());
        } catch (IllegalArgumentException e) {
            message.set(Message.of("enrol.badAddress"));
            return;
        }
        String theCode = code.get().trim();
        if (!theCode.matches("[A-Za-z0-9]{8,64}")) {
            message.set(Message.of("enrol.badCodeFormat"));
            return;
        }
        String theName = name.get().trim().isEmpty() ? "terminal" : name.get().trim();
        TerminalConfig next = model.config().copy();
        next.controllerUrl = uri.toString();
        next.language = language.get();
        next.terminalName = theName;
        confirming.set(false);
        fingerprint.set("");
        if (uri.getScheme().equals("https") && next.controllerCertSha256.isEmpty()) {
            // not pre-seeded in the image: show what the controller presents; the technician compares
            busy.set(true);
            ui.call(() -> PinnedCertificate.fingerprint(PinnedCertificate.presentedBy(uri, Duration.ofSeconds(8))), fp -> {
                busy.set(false);
                pending = next;
                pendingCode = theCode;
                fingerprint.set(fp);
                confirming.set(true);
                message.set(Message.of("enrol.confirmFingerprint"));
            }, e -> {
                busy.set(false);
                LOG.warn("no certificate from {}: {}", uri, e.toString());
                message.set(Message.of("error.unreachable"));
            });
            return;
        }
        send(next, theCode, theName);
    }

    /** The technician confirmed the fingerprint: pin it and enrol. */
    public void confirm() {
        if (!confirming.get() || busy.get()) {
            return;
        }
        confirming.set(false);
        pending.controllerCertSha256 = fingerprint.get();
        send(pending, pendingCode, pending.terminalName);
    }

    private void send(TerminalConfig next, String theCode, String theName) {
        busy.set(true);
        message.set(Message.of("enrol.working"));
        ui.call(() -> {
            TerminalIdentity identity = TerminalIdentity.generate();
            String id = model.apiFor(next).enrol(theCode, theName, identity.publicKeyB64());
            identity.save(model.store().keyFile());
            next.terminalId = id;
            model.update(next);
            return id;
        }, id -> {
            LOG.info("enrolled as terminal {} at {}", id, next.controllerUrl);
            busy.set(false);
            message.set(Message.of("enrol.done", id));
            onEnrolled.run();
        }, e -> {
            busy.set(false);
            LOG.warn("enrolment failed: {}", e.toString());
            message.set(describe(e));
            if (e instanceof ControllerException ce && ce.kind() == ControllerException.Kind.CERTIFICATE_CHANGED) {
                // the image's pre-seeded fingerprint is not what this controller presents
                model.certificateChanged(ce.getMessage());
            }
        });
    }

    static Message describe(Exception e) {
        if (e instanceof ControllerException ce) {
            return switch (ce.kind()) {
                case UNREACHABLE -> Message.of("error.unreachable");
                case BAD_ENROLMENT_CODE -> Message.of("enrol.badCode");
                case CERTIFICATE_CHANGED -> Message.of("error.certificateChanged");
                default -> Message.of("error.refused", ce.getMessage());
            };
        }
        return Message.of("error.refused", String.valueOf(e.getMessage()));
    }
}
