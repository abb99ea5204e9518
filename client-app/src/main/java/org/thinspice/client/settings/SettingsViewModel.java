package org.thinspice.client.settings;

import java.io.IOException;
import java.nio.file.Files;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thinspice.client.api.HttpControllerClient;
import org.thinspice.client.core.AdminPin;
import org.thinspice.client.core.KioskModel;
import org.thinspice.client.core.Message;
import org.thinspice.client.core.TerminalConfig;

/**
 * Settings behind the administrator PIN: controller address, language, display scaling, auto-connect,
 * idle sign-out, a new PIN, resetting the enrolment, and leaving the kiosk.
 */
public final class SettingsViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(SettingsViewModel.class);
    private final KioskModel model;
    private final Runnable onEnrolmentReset;
    private final Runnable onExit;
    private final BooleanProperty unlocked = new SimpleBooleanProperty();
    private final StringProperty address = new SimpleStringProperty("");
    private final StringProperty language = new SimpleStringProperty("zh-CN");
    private final StringProperty scaling = new SimpleStringProperty("fit");
    private final BooleanProperty autoConnect = new SimpleBooleanProperty();
    private final IntegerProperty idleMinutes = new SimpleIntegerProperty();
    private final StringProperty newPin = new SimpleStringProperty("");
    private final BooleanProperty confirmReset = new SimpleBooleanProperty();
    private final ObjectProperty<Message> message = new SimpleObjectProperty<>();
    private final StringProperty audioOutput = new SimpleStringProperty("");
    private final StringProperty audioInput = new SimpleStringProperty("");
    private final IntegerProperty outputLevel = new SimpleIntegerProperty(80);
    private final IntegerProperty inputLevel = new SimpleIntegerProperty(100);

    public SettingsViewModel(KioskModel model, Runnable onEnrolmentReset, Runnable onExit) {
        this.model = model;
        this.onEnrolmentReset = onEnrolmentReset;
        this.onExit = onExit;
    }

    public BooleanProperty unlockedProperty() {
        return unlocked;
    }

    public StringProperty addressProperty() {
        return address;
    }

    public StringProperty languageProperty() {
        return language;
    }

    public StringProperty scalingProperty() {
        return scaling;
    }

    public BooleanProperty autoConnectProperty() {
        return autoConnect;
    }

    public IntegerProperty idleMinutesProperty() {
        return idleMinutes;
    }

    public StringProperty newPinProperty() {
        return newPin;
    }

    public BooleanProperty confirmResetProperty() {
        return confirmReset;
    }

    /** Sound output device name; empty: the system's default. */
    public StringProperty audioOutputProperty() {
        return audioOutput;
    }

    /** Microphone device name; empty: the system's default. */
    public StringProperty audioInputProperty() {
        return audioInput;
    }

    /** 0..100. */
    public IntegerProperty outputLevelProperty() {
        return outputLevel;
    }

    /** 0..100. */
    public IntegerProperty inputLevelProperty() {
        return inputLevel;
    }

    public ObjectProperty<Message> messageProperty() {
        return message;
    }

    public boolean unlock(String pin) {
        if (!AdminPin.verify(pin, model.config().adminPinHash)) {
            LOG.warn("wrong administrator PIN");
            message.set(Message.of("settings.wrongPin"));
            return false;
        }
        TerminalConfig c = model.config();
        address.set(c.controllerUrl);
        language.set(c.language);
        scaling.set(c.scaling);
        autoConnect.set(c.autoConnectSingle);
        idleMinutes.set(c.idleLogoutMinutes);
        audioOutput.set(c.audioOutput);
        audioInput.set(c.audioInput);
        outputLevel.set(c.outputLevel);
        inputLevel.set(c.inputLevel);
        newPin.set("");
        message.set(null);
        unlocked.set(true);
        return true;
    }

    public void lock() {
        unlocked.set(false);
        confirmReset.set(false);
        newPin.set("");
    }

    public void save() {
        if (!unlocked.get()) {
            return;
        }
        TerminalConfig c = model.config().copy();
        try {
            c.controllerUrl = address.get().isBlank() ? "" : HttpControllerClient.parseAddress(address.get()).toString();
        } catch (IllegalArgumentException e) {
            message.set(Message.of("enrol.badAddress"));
            return;
        }
        if (!newPin.get().isEmpty()) {
            if (!newPin.get().matches("[0-9]{6,12}")) {
                message.set(Message.of("settings.pinRule"));
                return;
            }
            c.adminPinHash = AdminPin.hash(newPin.get());
        }
        c.language = language.get();
        c.scaling = scaling.get();
        c.autoConnectSingle = autoConnect.get();
        c.idleLogoutMinutes = Math.max(0, Math.min(600, idleMinutes.get()));
        c.audioOutput = audioOutput.get() == null ? "" : audioOutput.get();
        c.audioInput = audioInput.get() == null ? "" : audioInput.get();
        c.outputLevel = Math.max(0, Math.min(100, outputLevel.get()));
        c.inputLevel = Math.max(0, Math.min(100, inputLevel.get()));
        try {
            model.update(c);
            newPin.set("");
            message.set(Message.of("settings.saved"));
        } catch (IOException e) {
            message.set(Message.of("error.refused", e.getMessage()));
        }
    }

    public void askReset() {
        if (unlocked.get()) {
            confirmReset.set(true);
        }
    }

    /** Forgets the terminal id and deletes the key: the next start asks for an enrolment code. */
    public void resetEnrolment() {
        if (!unlocked.get() || !confirmReset.get()) {
            return;
        }
        confirmReset.set(false);
        TerminalConfig c = model.config().copy();
        c.terminalId = "";
        // a re-enrolment pins the controller's certificate again, after the technician confirms it
        c.controllerCertSha256 = "";
        try {
            Files.deleteIfExists(model.store().keyFile());
            Files.deleteIfExists(model.store().keyFile().resolveSibling(model.store().keyFile().getFileName() + ".pub"));
            model.update(c);
            model.signedOut();
            LOG.info("enrolment reset by the administrator");
            lock();
            onEnrolmentReset.run();
        } catch (IOException e) {
            message.set(Message.of("error.refused", e.getMessage()));
        }
    }

    /** Leaves the kiosk (only unlocked). */
    public void exitKiosk() {
        if (unlocked.get()) {
            LOG.info("kiosk left by the administrator");
            onExit.run();
        }
    }
}
