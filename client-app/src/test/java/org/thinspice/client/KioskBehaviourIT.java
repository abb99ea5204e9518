package org.thinspice.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javafx.application.Platform;
import org.junit.jupiter.api.Test;
import org.thinspice.client.core.TerminalConfig;
import org.thinspice.client.session.SessionViewModel;
import org.thinspice.client.shell.KioskShell;
import org.thinspice.testbed.QemuSpiceServer;

/**
 * Kiosk behaviour on screen: diagnostics before enrolment, the language switching at runtime,
 * settings only behind the administrator PIN, an uncaught error's friendly screen and restart, and
 * {@code client --vv}: a connection file straight into the session view, leaving when it ends.
 */
class KioskBehaviourIT {
    @Test
    void diagnosticsLanguageSettingsPinAndErrorScreen() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "it", "behaviour-" + System.nanoTime())).toAbsolutePath();
        TerminalConfig c = new TerminalConfig();
        c.language = "zh-CN";
        FxHarness fx = FxHarness.launch(dir.resolve("terminal"), c);
        try {
            KioskShell shell = fx.shell;
            assertEquals(KioskShell.Screen.ENROL, shell.screen());
            assertEquals("注册本终端", fx.text("enrol-submit"));
            fx.clickOn("header-language");
            assertEquals("Enrol this terminal", fx.text("enrol-submit"));

            fx.clickOn("header-diagnostics");
            assertEquals(KioskShell.Screen.DIAGNOSTICS, shell.screen());
            ControllerFixture.await("the facts", Duration.ofSeconds(20), () -> !shell.diagnosticsVm().facts().isEmpty());
            assertTrue(shell.diagnosticsVm().facts().stream().anyMatch(f -> f.key().equals("diag.ip")));
            fx.clickOn("diag-back");
            assertEquals(KioskShell.Screen.ENROL, shell.screen());

            fx.clickOn("header-settings");
            fx.write("settings-pin", "000000");
            fx.clickOn("settings-unlock");
            assertEquals("Wrong administrator PIN.", fx.text("settings-message"));
            assertTrue(!fx.visible("settings-exit"), "nothing behind the gate without the PIN");
            fx.write("settings-pin", "123456");
            fx.clickOn("settings-unlock");
            assertTrue(fx.visible("settings-exit"));
            int before = FxHarness.exits.get();
            fx.clickOn("settings-exit");
            assertEquals(before + 1, FxHarness.exits.get(), "the administrator may leave the kiosk");
            fx.clickOn("settings-back");

            Platform.runLater(() -> {
                throw new IllegalStateException("boom (test)");
            });
            ControllerFixture.await("the error screen", Duration.ofSeconds(10), () -> shell.screen() == KioskShell.Screen.ERROR);
            assertEquals("Something went wrong", fx.robot.lookup(".title").queryLabeled().getText());
            fx.clickOn("error-restart");
            ControllerFixture.await("restarted", Duration.ofSeconds(10), () -> shell.screen() == KioskShell.Screen.ENROL);
        } finally {
            fx.close();
        }
    }

    @Test
    void vvFileOpensStraightIntoTheSessionAndLeavesWhenItEnds() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "it", "vv-" + System.nanoTime())).toAbsolutePath();
        try (QemuSpiceServer qemu = QemuSpiceServer.builder().tinyGuest().password("vv-pass").workDir(dir.resolve("qemu")).start()) {
            qemu.awaitGuestReady(Duration.ofSeconds(120));
            String vv = "[virt-viewer]\ntype=spice\nhost=127.0.0.1\nport=" + qemu.port() + "\npassword=vv-pass\n";
            TerminalConfig c = new TerminalConfig();
            c.language = "en";
            int before = FxHarness.exits.get();
            FxHarness fx = FxHarness.launch(dir.resolve("terminal"), c, vv);
            try {
                assertEquals(KioskShell.Screen.SESSION, fx.shell.screen());
                ControllerFixture.await("connected", Duration.ofSeconds(60),
                        () -> fx.shell.sessionVm().stageProperty().get() == SessionViewModel.Stage.CONNECTED);
                ControllerFixture.await("the guest's picture", Duration.ofSeconds(30),
                        () -> FxHarness.on(() -> fx.shell.sessionView().presenter().width()) == 1024);
                FxHarness.on(() -> {
                    fx.shell.sessionVm().barShownProperty().set(true);
                    return null;
                });
                fx.clickOn("bar-disconnect");
                ControllerFixture.await("the kiosk leaving", Duration.ofSeconds(10), () -> FxHarness.exits.get() == before + 1);
            } finally {
                fx.close();
            }
        }
    }
}
