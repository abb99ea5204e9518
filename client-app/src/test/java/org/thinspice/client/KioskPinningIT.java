package org.thinspice.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.thinspice.client.core.TerminalConfig;
import org.thinspice.client.session.SessionViewModel;
import org.thinspice.client.shell.KioskShell;

/**
 * The kiosk and an HTTPS controller (its self-made certificate), through the screen: enrolment shows
 * the certificate's fingerprint — the one the controller prints — and pins it once the technician
 * confirms; sign-in, desktop list and connection work over it; then the controller's certificate is
 * replaced (restart with a new one, same address) and the kiosk stops on its mismatch screen naming
 * both fingerprints, signed out — it never carries on with the new certificate.
 */
class KioskPinningIT {
    private static Path dir;
    private static ControllerFixture controller;
    private static FxHarness fx;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createDirectories(Path.of("target", "it", "pinning-" + System.nanoTime())).toAbsolutePath();
        controller = ControllerFixture.startHttps(dir, true);
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
    }

    @Test
    void enrolPinnedSignInConnectThenASwappedCertificateStopsTheKiosk() throws Exception {
        KioskShell shell = fx.shell;
        String pinned = controller.fingerprint();
        assertTrue(controller.url().startsWith("https://"), controller.url());
        fx.write("enrol-address", controller.url());
        fx.write("enrol-code", controller.enrolmentCode());
        fx.clickOn("enrol-submit");
        ControllerFixture.await("the fingerprint to confirm", Duration.ofSeconds(20), () -> fx.visible("enrol-confirm"));
        assertEquals(pinned, fx.text("enrol-fingerprint"), "the kiosk shows another fingerprint than the controller's");
        fx.clickOn("enrol-confirm");
        ControllerFixture.await("the sign-in screen", Duration.ofSeconds(20), () -> shell.screen() == KioskShell.Screen.LOGIN);
        assertEquals(pinned, shell.model().config().controllerCertSha256);
        assertTrue(Files.readString(shell.model().store().dir().resolve("config.json")).contains(pinned), "the pin is not saved");

        fx.write("login-username", ControllerFixture.USER);
        fx.write("login-password", ControllerFixture.PASSWORD);
        fx.clickOn("login-submit");
        // one running desktop: the kiosk connects by itself (autoConnectSingle), the .vv fetched over the pin —
        // the desktops screen may last only its three calls to the controller, shorter than one poll of this test
        ControllerFixture.await("the desktops or session screen", Duration.ofSeconds(20),
                () -> shell.screen() == KioskShell.Screen.DESKTOPS || shell.screen() == KioskShell.Screen.SESSION);
        ControllerFixture.await("connected", Duration.ofSeconds(120), () -> shell.screen() == KioskShell.Screen.SESSION
                && shell.sessionVm().stageProperty().get() == SessionViewModel.Stage.CONNECTED);
        FxHarness.on(() -> {
            shell.sessionVm().barShownProperty().set(true);
            return null;
        });
        fx.clickOn("bar-disconnect");
        ControllerFixture.await("back to the desktops", Duration.ofSeconds(20), () -> shell.screen() == KioskShell.Screen.DESKTOPS);

        controller.restartWithNewCertificate();
        String presented = controller.fingerprint();
        assertNotEquals(pinned, presented);
        // the desktop list is polled every 5 s: its next call meets the new certificate
        ControllerFixture.await("the certificate-changed screen", Duration.ofSeconds(30),
                () -> shell.screen() == KioskShell.Screen.CERTIFICATE_CHANGED);
        assertTrue(fx.text("cert-pinned").contains(pinned), fx.text("cert-pinned"));
        assertTrue(fx.text("cert-presented").contains(presented), fx.text("cert-presented"));
        assertEquals("", shell.model().signedInUser(), "still signed in after the mismatch");
        assertEquals(pinned, shell.model().config().controllerCertSha256, "the pin moved by itself");
    }
}
