package org.thinspice.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.thinspice.engine.SpiceException;
import org.thinspice.engine.SpiceReason;
import org.thinspice.engine.cli.ShotCommand;
import org.thinspice.engine.vv.VvConnect;
import org.thinspice.engine.vv.VvFile;
import org.thinspice.testbed.Picture;
import org.thinspice.testbed.RemoteViewer;
import org.thinspice.testbed.XServer;
import org.thinspice.testbed.Qmp;

/**
 * The main job end to end on a local-qemu desktop (the tiny guest): login → desktops → .vv →
 * remote-viewer (and thinspice's own engine) on the guest's screen; one-time credentials die after
 * use and after expiry. QEMU's own QMP (a second socket the test owns) is the oracle.
 */
class ConnectIT {
    private static final int VALIDITY_S = 8;
    private static final int GRACE_S = 2;
    private static Path dir;
    private static Controller controller;
    private static Qmp oracle;
    private static ApiClient alice;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createDirectories(Path.of("target", "it", "connect-" + System.nanoTime())).toAbsolutePath();
        Path sock = Files.createTempDirectory("tsc").resolve("oracle.sock");
        ControllerConfig c = Fixtures.withTinyGuest(Fixtures.config(dir.resolve("data")), sock);
        c.auth.requireTerminal = true;
        c.provider.passwordValiditySeconds = VALIDITY_S;
        c.provider.passwordGraceSeconds = GRACE_S;
        controller = Controller.start(c);
        oracle = Qmp.connect(sock, dir, Duration.ofSeconds(30));
        awaitSerial(dir.resolve("data/vms/demo/serial.log"), "TB-READY", Duration.ofSeconds(120));
        ApiClient admin = new ApiClient(controller.port()).login(Fixtures.ADMIN, Fixtures.ADMIN_PASSWORD);
        alice = new ApiClient(controller.port()).enrolWith(admin, "alice-terminal");
        alice.login(Fixtures.USER, Fixtures.USER_PASSWORD);
    }

    @AfterAll
    static void stop() {
        if (oracle != null) {
            oracle.close();
        }
        if (controller != null) {
            controller.close();
        }
    }

    @Test
    void desktopListShowsTheRunningDesktopWithItsPolicy() throws Exception {
        HttpResponse<String> r = alice.get("/api/v1/desktops");
        assertEquals(200, r.statusCode(), r.body());
        JsonObject d = ApiClient.json(r).getAsJsonArray("desktops").get(0).getAsJsonObject();
        assertEquals("demo", d.get("id").getAsString());
        assertEquals("running", d.get("state").getAsString());
        assertEquals("to-guest", d.getAsJsonObject("policy").get("clipboard").getAsString());
    }

    @Test
    void remoteViewerReachesTheGuestScreen() throws Exception {
        String vv = connection();
        VvFile file = VvFile.parse(vv);
        assertEquals("127.0.0.1", file.host().orElseThrow());
        assertEquals("to-guest", file.get("thinspice", "clipboard").orElseThrow());
        assertEquals("1", file.get("virt-viewer", "enable-usbredir").orElseThrow());
        assertEquals("0x0b,-1,-1,-1,0|-1,-1,-1,-1,1", file.get("virt-viewer", "usb-filter").orElseThrow());
        try (XServer x = XServer.start(dir, 1280, 1024);
             RemoteViewer viewer = RemoteViewer.startWithVv(x, dir.resolve("remote-viewer.log"), vv)) {
            assertTrue(awaitDisplayChannel(Duration.ofSeconds(40)), "remote-viewer never linked a display channel: "
                    + viewer.log());
            assertTrue(x.awaitShown(oracle.screendump(), Duration.ofSeconds(40)).isPresent(),
                    "remote-viewer's window never showed QEMU's screendump at 1:1 (X screen saved in " + dir
                            + "); remote-viewer said: " + viewer.log());
        }
    }

    @Test
    void engineShotWithTheVvEqualsQemuScreendump() throws Exception {
        ShotCommand.Result shot = ShotCommand.capture(options(connection()), 1500, 60_000);
        Picture dump = oracle.screendump();
        assertEquals(dump.width(), shot.width());
        assertTrue(dump.sameRgb(new Picture(shot.width(), shot.height(), shot.pixels())),
                "the engine's picture differs from QEMU's screendump");
    }

    @Test
    void usedVvNoLongerOpensASession() throws Exception {
        String vv = connection();
        ShotCommand.capture(options(vv), 200, 60_000);
        Screens.sleep((GRACE_S + 1) * 1000L);
        SpiceException e = assertThrows(SpiceException.class,
                () -> ShotCommand.capture(options(vv), 200, 30_000));
        assertEquals(SpiceReason.AUTH_FAILED, e.reason(), e.getMessage());
    }

    @Test
    void expiredVvNoLongerOpensASession() throws Exception {
        String vv = connection();
        Screens.sleep((VALIDITY_S + 1) * 1000L);
        SpiceException e = assertThrows(SpiceException.class,
                () -> ShotCommand.capture(options(vv), 200, 30_000));
        assertEquals(SpiceReason.AUTH_FAILED, e.reason(), e.getMessage());
    }

    @Test
    void aSecondMintReplacesTheFirstPassword() throws Exception {
        String first = connection();
        String second = connection();
        assertFalse(second.contains(VvFile.parse(first).password().orElseThrow()));
        SpiceException e = assertThrows(SpiceException.class, () -> ShotCommand.capture(options(first), 200, 30_000));
        assertEquals(SpiceReason.AUTH_FAILED, e.reason(), e.getMessage());
    }

    /** Connection options straight from the .vv text (a file would be deleted: delete-this-file=1). */
    private static org.thinspice.engine.SpiceConnectOptions options(String vv) throws SpiceException {
        return VvConnect.options(VvFile.parse(vv)).build();
    }

    private static String connection() throws Exception {
        HttpResponse<String> r = alice.call("POST", "/api/v1/desktops/demo/connection", null, null);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("application/x-virt-viewer", r.headers().firstValue("Content-Type").orElse(""));
        return r.body();
    }

    private static boolean awaitDisplayChannel(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonObject spice = oracle.querySpice();
            if (spice.has("channels")) {
                for (JsonElement ch : spice.getAsJsonArray("channels")) {
                    if (ch.getAsJsonObject().get("channel-type").getAsInt() == 2) {
                        return true;
                    }
                }
            }
            Screens.sleep(200);
        }
        return false;
    }

    private static void awaitSerial(Path log, String marker, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log, StandardCharsets.ISO_8859_1).contains(marker)) {
                return;
            }
            Screens.sleep(200);
        }
        throw new AssertionError("guest not ready: no " + marker + " in " + log);
    }
}
