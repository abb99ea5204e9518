package org.thinspice.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.thinspice.controller.provider.local.LocalQemuProvider;
import org.thinspice.testbed.Qmp;

/** Power actions through the API change the QEMU VM as its own QMP (a socket the test owns) sees it. */
class PowerIT {
    private static Path dir;
    private static Path sock;
    private static Controller controller;
    private static ApiClient alice;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createDirectories(Path.of("target", "it", "power-" + System.nanoTime())).toAbsolutePath();
        sock = Files.createTempDirectory("tsc").resolve("oracle.sock");
        ControllerConfig c = Fixtures.withTinyGuest(Fixtures.config(dir.resolve("data")), sock);
        c.provider.shutdownTimeoutSeconds = 5;
        controller = Controller.start(c);
        alice = new ApiClient(controller.port()).login(Fixtures.USER, Fixtures.USER_PASSWORD);
        awaitPid();
    }

    @AfterAll
    static void stop() {
        if (controller != null) {
            controller.close();
        }
    }

    @Test
    void resetStopStartRebootAsSeenThroughQmp() throws Exception {
        try (Qmp qmp = Qmp.connect(sock, dir, Duration.ofSeconds(30))) {
            assertEquals("running", status(qmp));
            assertEquals("ok", power("reset").get("state").getAsString());
            status(qmp);
            assertTrue(qmp.events().stream().anyMatch(e -> e.get("event").getAsString().equals("RESET")),
                    "QEMU reported no RESET event: " + qmp.events());

            long pid = local().pid("demo");
            assertEquals("ok", power("stop").get("state").getAsString());
            assertThrows(IOException.class, () -> qmp.execute("query-status"), "QMP still answers after stop");
            assertTrue(ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true), "QEMU pid " + pid + " still alive");
            assertEquals("stopped", desktopState());
        }
        assertEquals("ok", power("start").get("state").getAsString());
        try (Qmp qmp = Qmp.connect(sock, dir, Duration.ofSeconds(30))) {
            assertEquals("running", status(qmp));
        }
        assertEquals("running", desktopState());
        long before = local().pid("demo");
        assertEquals("ok", power("reboot").get("state").getAsString());
        assertNotEquals(before, local().pid("demo"), "reboot did not bring up a fresh QEMU");
        try (Qmp qmp = Qmp.connect(sock, dir, Duration.ofSeconds(30))) {
            assertEquals("running", status(qmp));
        }
    }

    @Test
    void unknownActionIsA400AndNothingRuns() throws Exception {
        HttpResponse<String> r = alice.post("/api/v1/desktops/demo/power", ApiClient.obj("action", "explode"));
        assertEquals(400, r.statusCode(), r.body());
        assertEquals("invalid_field", ApiClient.json(r).get("error").getAsString());
    }

    private static String status(Qmp qmp) throws IOException {
        return qmp.execute("query-status").getAsJsonObject().get("status").getAsString();
    }

    private static LocalQemuProvider local() {
        return (LocalQemuProvider) controller.provider();
    }

    private static String desktopState() throws IOException {
        HttpResponse<String> r = alice.get("/api/v1/desktops/demo");
        assertEquals(200, r.statusCode(), r.body());
        return ApiClient.json(r).get("state").getAsString();
    }

    /** Runs an action and polls its task until it leaves "running". */
    private static JsonObject power(String action) throws Exception {
        HttpResponse<String> r = alice.post("/api/v1/desktops/demo/power", ApiClient.obj("action", action));
        assertEquals(202, r.statusCode(), r.body());
        String id = ApiClient.json(r).get("id").getAsString();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            JsonObject t = ApiClient.json(alice.get("/api/v1/tasks/" + id));
            if (!t.get("state").getAsString().equals("running")) {
                return t;
            }
            Screens.sleep(100);
        }
        throw new AssertionError("task " + action + " still running");
    }

    private static void awaitPid() {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline && local().pid("demo") < 0) {
            Screens.sleep(100);
        }
        assertTrue(local().pid("demo") > 0, "the desktop never started");
    }
}
