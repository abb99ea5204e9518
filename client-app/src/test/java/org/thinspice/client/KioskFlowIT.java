package org.thinspice.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.thinspice.client.core.TerminalConfig;
import org.thinspice.client.login.LoginViewModel;
import org.thinspice.client.session.SessionViewModel;
import org.thinspice.client.shell.KioskShell;
import org.thinspice.testbed.GuestInputLog;
import org.thinspice.testbed.Picture;
import org.thinspice.testbed.Qmp;

/**
 * The kiosk end to end against a real controller on local-qemu, driven through the screen (TestFX,
 * Monocle): enrol → wrong password (seen) → sign in with the password and the UKEY (a virtual PIV card
 * behind pcscd + vpcd, its PIN typed on the pad) → start the desktop → connect → the picture equals
 * QEMU's screendump → keys typed reach the guest (its input echo on the serial console) → text copied on
 * the terminal reaches the guest's agent → the link is
 * cut (QEMU disconnects the client) and the countdown is seen, then the session comes back →
 * disconnect → sign out.
 */
class KioskFlowIT {
    private static Path dir;
    private static ControllerFixture controller;
    private static FxHarness fx;
    private static org.thinspice.testbed.Pcscd pcscd;
    private static org.thinspice.testbed.VpcdCard card;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createDirectories(Path.of("target", "it", "kiosk-" + System.nanoTime())).toAbsolutePath();
        controller = ControllerFixture.start(dir, false);
        pcscd = org.thinspice.testbed.Pcscd.start();
        org.thinspice.testbed.VirtualPivCard piv = new org.thinspice.testbed.VirtualPivCard(
                org.thinspice.testbed.VirtualPivCard.KeyAlgorithm.EC_P256, "246810", 3);
        card = org.thinspice.testbed.VpcdCard.insert(piv, pcscd.slotPort(0));
        controller.requireUkey(ControllerFixture.USER, piv.certificate());
        TerminalConfig c = new TerminalConfig();
        c.language = "en";
        fx = FxHarness.launch(dir.resolve("terminal"), c);
    }

    @AfterAll
    static void stop() throws Exception {
        if (fx != null) {
            fx.close();
        }
        if (controller != null) {
            controller.close();
        }
        if (card != null) {
            card.close();
        }
        if (pcscd != null) {
            pcscd.close();
        }
    }

    @Test
    void enrolSignInStartConnectTypeDropDisconnectSignOut() throws Exception {
        KioskShell shell = fx.shell;
        assertEquals(KioskShell.Screen.ENROL, shell.screen());
        fx.write("enrol-address", controller.url());
        fx.write("enrol-code", controller.enrolmentCode());
        fx.clickOn("enrol-submit");
        // the first enrolment of a fresh machine (key pair, first TLS/HTTP client, first CJK text) can be slow
        try {
            ControllerFixture.await("the sign-in screen", Duration.ofSeconds(60), () -> shell.screen() == KioskShell.Screen.LOGIN);
        } catch (AssertionError e) {
            // say where the kiosk stood, so a failure on another machine can be read from the report alone
            throw new AssertionError(e.getMessage() + " (screen " + shell.screen() + ", saved controller address '"
                    + shell.model().config().controllerUrl + "', terminal id '" + shell.model().config().terminalId + "')", e);
        }
        assertTrue(shell.model().config().terminalId.startsWith("t-"), shell.model().config().terminalId);
        assertTrue(Files.exists(shell.model().store().keyFile()), "the terminal key is kept locally");

        // Wrong password: the state is on screen in words.
        fx.write("login-username", ControllerFixture.USER);
        fx.write("login-password", "not-the-password");
        fx.clickOn("login-submit");
        ControllerFixture.await("wrong-password state", Duration.ofSeconds(20),
                () -> shell.loginVm().stateProperty().get() == LoginViewModel.State.WRONG_CREDENTIALS);
        assertEquals("Wrong username or password.", fx.text("login-message"));

        FxHarness.on(() -> {
            shell.loginVm().passwordProperty().set("");
            return null;
        });
        fx.write("login-password", ControllerFixture.PASSWORD);
        fx.clickOn("login-submit");
        // the UKEY step: the card is ready, its PIN typed on the pad
        ControllerFixture.await("the UKEY ready on the PIN pad", Duration.ofSeconds(30),
                () -> fx.visible("login-pin") && fx.text("ukey-state").equals("UKEY ready: enter its PIN."));
        for (char d : "246810".toCharArray()) {
            fx.clickOn("pin-" + d);
        }
        fx.clickOn("login-pin-submit");
        ControllerFixture.await("the desktops screen", Duration.ofSeconds(20), () -> shell.screen() == KioskShell.Screen.DESKTOPS);
        ControllerFixture.await("the desktop listed", Duration.ofSeconds(20), () -> fx.visible("desktop-state-demo"));
        assertEquals("stopped", fx.text("desktop-state-demo"));

        // Start, with its confirmation; the state follows to running.
        fx.clickOn("desktop-start-demo");
        ControllerFixture.await("the confirmation", Duration.ofSeconds(5), () -> fx.visible("confirm-yes"));
        fx.clickOn("confirm-yes");
        ControllerFixture.await("desktop running", Duration.ofSeconds(60), () -> fx.text("desktop-state-demo").equals("running"));
        ControllerFixture.await("the guest ready", Duration.ofSeconds(120), () -> controller.serialContains("TBIN ready"));

        fx.clickOn("desktop-connect-demo");
        ControllerFixture.await("the session view", Duration.ofSeconds(20), () -> shell.screen() == KioskShell.Screen.SESSION);
        ControllerFixture.await("connected", Duration.ofSeconds(60),
                () -> shell.sessionVm().stageProperty().get() == SessionViewModel.Stage.CONNECTED);
        try (Qmp oracle = Qmp.connect(controller.oracleSocket, dir, Duration.ofSeconds(30))) {
            Picture[] last = new Picture[2];
            ControllerFixture.await("the shown picture equal to QEMU's screendump", Duration.ofSeconds(30), () -> {
                Picture dump = oracle.screendump();
                Picture shown = FxHarness.on(() -> new Picture(shell.sessionView().presenter().shownWidth(),
                        shell.sessionView().presenter().shownHeight(), shell.sessionView().presenter().shownPixels()));
                if (shown.width() != dump.width() || shown.height() != dump.height()) {
                    // scaled to fit: what the presenter showed, rectangle by rectangle, equals the whole dump scaled
                    dump = new Picture(shown.width(), shown.height(), org.thinspice.client.session.FitScaler.scaleAll(
                            dump.pixels(), dump.width(), dump.height(), shown.width(), shown.height()));
                }
                last[0] = dump;
                last[1] = shown;
                return dump.width() == shown.width() && dump.sameRgb(shown);
            });
            assertTrue(last[1].countNonBlack() > 1000, "the guest's bars are on screen");

            // Typing on the terminal's keyboard reaches the guest.
            long before = keyLines();
            fx.robot.clickOn("#session-picture");
            fx.robot.press(KeyCode.A).release(KeyCode.A);
            fx.robot.press(KeyCode.SHIFT, KeyCode.DIGIT1).release(KeyCode.DIGIT1, KeyCode.SHIFT);
            ControllerFixture.await("the guest's echo of A and Shift+1", Duration.ofSeconds(20), () -> {
                List<GuestInputLog.Event> keys = keyEvents();
                return keys.size() > before && keys.stream().anyMatch(e -> e instanceof GuestInputLog.Key k && k.scan() == 0x1e && k.down())
                        && keys.stream().anyMatch(e -> e instanceof GuestInputLog.Key k && k.scan() == 0x2a && k.down())
                        && keys.stream().anyMatch(e -> e instanceof GuestInputLog.Key k && k.scan() == 0x02 && k.down());
            });

            // Copy on the terminal, and the guest's agent receives the text (policy: both ways).
            FxHarness.on(() -> {
                javafx.scene.input.ClipboardContent cc = new javafx.scene.input.ClipboardContent();
                cc.putString("kiosk-paste-42");
                javafx.scene.input.Clipboard.getSystemClipboard().setContent(cc);
                return null;
            });
            ControllerFixture.await("the guest agent's clipboard", Duration.ofSeconds(20),
                    () -> controller.serialContains("text=\"kiosk-paste-42\""));

            // A dropped link: QEMU throws the client out; the countdown is on screen, then it comes back.
            JsonObject args = new JsonObject();
            args.addProperty("protocol", "spice");
            args.addProperty("password", "cut-" + System.nanoTime());
            args.addProperty("connected", "disconnect");
            oracle.execute("set_password", args);
            ControllerFixture.await("the reconnect countdown", Duration.ofSeconds(20),
                    () -> fx.text("session-status").startsWith("Connection lost. Reconnecting in"));
            ControllerFixture.await("reconnected", Duration.ofSeconds(60),
                    () -> shell.sessionVm().stageProperty().get() == SessionViewModel.Stage.CONNECTED);
        }

        FxHarness.on(() -> {
            shell.sessionVm().barShownProperty().set(true);
            return null;
        });
        fx.clickOn("bar-disconnect");
        ControllerFixture.await("back to the desktops", Duration.ofSeconds(20), () -> shell.screen() == KioskShell.Screen.DESKTOPS);
        assertTrue(shell.model().lastSession() != null && shell.model().lastSession().fps() > 0, "the session's statistics are kept");

        fx.clickOn("desktops-signout");
        ControllerFixture.await("signed out", Duration.ofSeconds(20), () -> shell.screen() == KioskShell.Screen.LOGIN);
    }

    private static List<GuestInputLog.Event> keyEvents() throws Exception {
        return Files.readAllLines(controller.serialLog(), java.nio.charset.StandardCharsets.ISO_8859_1).stream()
                .map(GuestInputLog::parse).flatMap(java.util.Optional::stream)
                .filter(e -> e instanceof GuestInputLog.Key).toList();
    }

    private static long keyLines() throws Exception {
        return keyEvents().size();
    }
}
