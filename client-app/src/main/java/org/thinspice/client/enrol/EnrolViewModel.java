package org.thinspice.client.enrol;

import java.net.URI;
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
import org.thinspice.client.api.TerminalIdentity;
import org.thinspice.client.core.KioskModel;
import org.thinspice.client.core.Message;
import org.thinspice.client.core.Strings;
import org.thinspice.client.core.TerminalConfig;
import org.thinspice.client.core.Ui;

/**
 * First run: the controller's address, the language, and enrolment with the code an administrator
 * gave the technician. The key pair is made here and only its public half leaves the terminal.
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
        });
    }

    static Message describe(Exception e) {
        if (e instanceof ControllerException ce) {
            return switch (ce.kind()) {
                case UNREACHABLE -> Message.of("error.unreachable");
                case BAD_ENROLMENT_CODE -> Message.of("enrol.badCode");
                default -> Message.of("error.refused", ce.getMessage());
            };
        }
        return Message.of("error.refused", String.valueOf(e.getMessage()));
    }
}
