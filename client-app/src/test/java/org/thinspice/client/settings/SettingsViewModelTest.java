package org.thinspice.client.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thinspice.client.api.TerminalIdentity;
import org.thinspice.client.core.AdminPin;
import org.thinspice.client.core.Strings;
import org.thinspice.client.core.TerminalStore;
import org.thinspice.client.testing.Models;

class SettingsViewModelTest {
    @TempDir
    Path dir;
    private int resets;
    private int exits;

    private SettingsViewModel vm(Models m) {
        return new SettingsViewModel(m.model, () -> resets++, () -> exits++);
    }

    @Test
    void nothingOpensWithoutTheAdministratorPin() throws Exception {
        Models m = new Models(dir, Models.enrolled());
        SettingsViewModel vm = vm(m);
        assertFalse(vm.unlock("000000"));
        assertEquals("settings.wrongPin", vm.messageProperty().get().key());
        vm.addressProperty().set("evil:1");
        vm.save();
        vm.exitKiosk();
        vm.askReset();
        vm.resetEnrolment();
        assertEquals("http://127.0.0.1:8480", new TerminalStore(dir).load().controllerUrl);
        assertEquals(0, exits + resets);
        assertTrue(vm.unlock(AdminPin.DEFAULT_PIN));
        vm.exitKiosk();
        assertEquals(1, exits);
    }

    @Test
    void savedSettingsAndANewPinTakeEffect() throws Exception {
        Models m = new Models(dir, Models.enrolled());
        SettingsViewModel vm = vm(m);
        vm.unlock(AdminPin.DEFAULT_PIN);
        assertEquals("http://127.0.0.1:8480", vm.addressProperty().get());
        vm.addressProperty().set("10.1.1.1:9000");
        vm.languageProperty().set("zh-CN");
        vm.scalingProperty().set("follow");
        vm.idleMinutesProperty().set(3);
        vm.newPinProperty().set("12");
        vm.save();
        assertEquals("settings.pinRule", vm.messageProperty().get().key());
        vm.newPinProperty().set("24681357");
        vm.save();
        assertEquals("settings.saved", vm.messageProperty().get().key());
        var saved = new TerminalStore(dir).load();
        assertEquals("http://10.1.1.1:9000", saved.controllerUrl);
        assertEquals("follow", saved.scaling);
        assertEquals(3, saved.idleLogoutMinutes);
        assertEquals(Strings.ZH_CN, m.model.strings().locale(), "the language switches at once");
        vm.lock();
        assertFalse(vm.unlock(AdminPin.DEFAULT_PIN), "the default PIN no longer works");
        assertTrue(vm.unlock("24681357"));
    }

    @Test
    void soundDevicesAndLevelsAreSavedAndClamped() throws Exception {
        Models m = new Models(dir, Models.enrolled());
        SettingsViewModel vm = vm(m);
        vm.unlock(AdminPin.DEFAULT_PIN);
        assertEquals("", vm.audioOutputProperty().get(), "system default");
        assertEquals(80, vm.outputLevelProperty().get());
        vm.audioOutputProperty().set("USB Headset");
        vm.audioInputProperty().set("USB Headset Mic");
        vm.outputLevelProperty().set(55);
        vm.inputLevelProperty().set(250);
        vm.save();
        var saved = new TerminalStore(dir).load();
        assertEquals("USB Headset", saved.audioOutput);
        assertEquals("USB Headset Mic", saved.audioInput);
        assertEquals(55, saved.outputLevel);
        assertEquals(100, saved.inputLevel);
        vm.lock();
        vm.unlock(AdminPin.DEFAULT_PIN);
        assertEquals("USB Headset Mic", vm.audioInputProperty().get());
    }

    @Test
    void resetEnrolmentNeedsConfirmationAndForgetsTheKey() throws Exception {
        Models m = new Models(dir, Models.enrolled());
        TerminalIdentity.generate().save(m.model.store().keyFile());
        SettingsViewModel vm = vm(m);
        vm.unlock(AdminPin.DEFAULT_PIN);
        vm.resetEnrolment();
        assertEquals(0, resets, "not without the confirmation");
        vm.askReset();
        assertTrue(vm.confirmResetProperty().get());
        vm.resetEnrolment();
        assertEquals(1, resets);
        assertFalse(Files.exists(m.model.store().keyFile()));
        assertFalse(new TerminalStore(dir).load().isEnrolled());
        assertFalse(vm.unlockedProperty().get());
    }
}
