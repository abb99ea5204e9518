package org.thinspice.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.thinspice.testbed.PostgresCluster;

/**
 * Two controllers on one PostgreSQL; a power task runs on controller A (a packaged {@code ControllerMain} process), whose
 * "QEMU" never answers. While A lives, its heartbeat keeps the task {@code running} past the silent limit; after A is
 * killed (SIGKILL) controller B ends the task as failed, says why, and audits it — instead of it staying
 * {@code running} for ever.
 */
class PowerTaskTakeoverIT {
    private static final int SILENT_S = 4;
    private ControllerConfig config(Path dir, PostgresCluster pg, Path qemu, int port) {
        ControllerConfig c = Fixtures.withDemoDesktop(Fixtures.onPostgres(pg, Fixtures.config(dir)), qemu.toString());
        c.listen.port = port;
        c.provider.powerTaskSilentSeconds = SILENT_S;
        return c;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void aKilledControllersTaskIsEndedByTheOther() throws Exception {
        Path dir = Files.createTempDirectory("ts-takeover");
        // a "QEMU" that starts and then never opens its QMP socket: the start waits (10 s) and the task stays running
        Path qemu = dir.resolve("silent-qemu");
        Path pids = dir.resolve("silent-qemu.pids");
        Files.writeString(qemu, "#!/bin/sh\necho $$ >> '" + pids + "'\nexec sleep 300\n");
        Files.setPosixFilePermissions(qemu, PosixFilePermissions.fromString("rwxr-xr-x"));
        int portA = freePort();
        Process a = null;
        try (PostgresCluster pg = PostgresCluster.start(50)) {
            Files.createDirectories(dir.resolve("a"));
            Files.writeString(dir.resolve("a").resolve("controller.json"),
                    new Gson().toJson(config(dir.resolve("a").resolve("data"), pg, qemu, portA)));
            a = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                    "-cp", System.getProperty("java.class.path"), "org.thinspice.controller.ControllerMain",
                    dir.resolve("a").resolve("controller.json").toString())).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("a.log").toFile()).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (Fixtures.status(portA, "/api/v1/health/ready") != 200) {
                assertTrue(System.nanoTime() < deadline && a.isAlive(), "controller A did not become ready: "
                        + Files.readString(dir.resolve("a.log")));
                Thread.sleep(200);
            }
            try (Controller b = Controller.start(config(dir.resolve("b"), pg, qemu, 0))) {
                ApiClient onA = new ApiClient(portA).login(Fixtures.USER, Fixtures.USER_PASSWORD);
                HttpResponse<String> r = onA.post("/api/v1/desktops/demo/power", ApiClient.obj("action", "start"));
                assertEquals(202, r.statusCode(), r.body());
                String id = ApiClient.json(r).get("id").getAsString();
                ApiClient onB = new ApiClient(b.port());
                onB.token = onA.token;

                // A is alive and working on it: past the silent limit (and B's sweeps), still running
                Thread.sleep((SILENT_S + 2) * 1000L);
                JsonObject t = ApiClient.json(onB.get("/api/v1/tasks/" + id));
                assertEquals("running", t.get("state").getAsString(), "a live controller's task was taken: " + t);

                long killed = System.nanoTime();
                a.destroyForcibly(); // SIGKILL: no shutdown hook, the task row is left as it was
                assertTrue(a.waitFor(10, TimeUnit.SECONDS), "controller A did not die");
                JsonObject ended = null;
                deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SILENT_S * 3L);
                while (System.nanoTime() < deadline) {
                    t = ApiClient.json(onB.get("/api/v1/tasks/" + id));
                    if (!t.get("state").getAsString().equals("running")) {
                        ended = t;
                        break;
                    }
                    Thread.sleep(200);
                }
                assertTrue(ended != null, "the dead controller's task is still running " + SILENT_S * 3 + " s after the kill: " + t);
                long after = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
                assertEquals("failed", ended.get("state").getAsString(), ended.toString());
                assertTrue(ended.get("detail").getAsString().contains("the controller running it stopped"), ended.toString());
                System.out.println("[takeover] task " + id + " ended by controller B " + after + " ms after controller A's SIGKILL: "
                        + ended.get("detail").getAsString());

                ApiClient admin = new ApiClient(b.port()).login(Fixtures.ADMIN, Fixtures.ADMIN_PASSWORD);
                boolean audited = false;
                for (JsonElement e : ApiClient.json(admin.get("/api/v1/admin/audit?limit=50")).getAsJsonArray("events")) {
                    JsonObject o = e.getAsJsonObject();
                    if (o.get("event").getAsString().equals("power") && o.get("outcome").getAsString().equals("failed")
                            && o.get("detail").getAsString().contains("the controller running it stopped")) {
                        assertEquals(Fixtures.USER, o.get("user").getAsString(), o.toString());
                        audited = true;
                    }
                }
                assertTrue(audited, "the abandoned task's end is not in the audit");
            }
        } finally {
            if (a != null) {
                a.destroyForcibly();
                a.waitFor(10, TimeUnit.SECONDS);
            }
            // the "QEMU" processes A left behind (B's own start was never asked for)
            if (Files.exists(pids)) {
                for (String pid : Files.readAllLines(pids)) {
                    ProcessHandle.of(Long.parseLong(pid.strip())).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
        }
    }
}
