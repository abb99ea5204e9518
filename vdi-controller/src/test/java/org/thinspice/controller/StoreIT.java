package org.thinspice.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Restart on the same store: users, terminals and assignments survive — on the embedded H2 file and
 * on PostgreSQL (Debian's server, started here on 127.0.0.1 as user postgres, stopped by pid).
 */
class StoreIT {
    private static final Path PG_BIN = Path.of("/usr/lib/postgresql/15/bin");

    @Test
    void embeddedStoreSurvivesARestart() throws Exception {
        ControllerConfig c = Fixtures.config(Files.createTempDirectory("ts-store"));
        survivesRestart(c);
    }

    @Test
    void postgresStoreSurvivesARestart() throws Exception {
        Path dir = Files.createTempDirectory("ts-pg");
        Path data = dir.resolve("data");
        run("chown", "-R", "postgres", dir.toString());
        run("runuser", "-u", "postgres", "--", PG_BIN.resolve("initdb").toString(), "-D", data.toString(),
                "--auth=trust", "-U", "postgres", "--no-sync");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Process pg = new ProcessBuilder("runuser", "-u", "postgres", "--", PG_BIN.resolve("postgres").toString(),
                "-D", data.toString(), "-p", Integer.toString(port), "-h", "127.0.0.1", "-k", dir.toString(),
                "-c", "fsync=off").redirectErrorStream(true).redirectOutput(dir.resolve("pg.log").toFile()).start();
        try {
            for (int i = 0; i < 100; i++) {
                if (new ProcessBuilder(PG_BIN.resolve("pg_isready").toString(), "-h", "127.0.0.1", "-p",
                        Integer.toString(port)).start().waitFor() == 0) {
                    break;
                }
                Thread.sleep(100);
            }
            ControllerConfig c = Fixtures.config(Files.createTempDirectory("ts-store-pg"));
            c.store.url = "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
            c.store.user = "postgres";
            survivesRestart(c);
        } finally {
            stopPostgres(data, pg);
        }
    }

    private static void survivesRestart(ControllerConfig c) throws Exception {
        String terminalId;
        try (Controller first = Controller.start(c)) {
            ApiClient admin = new ApiClient(first.port()).login(Fixtures.ADMIN, Fixtures.ADMIN_PASSWORD);
            assertEquals(201, admin.post("/api/v1/admin/groups", ApiClient.obj("name", "night-shift")).statusCode());
            HttpResponse<String> u = admin.post("/api/v1/admin/users", ApiClient.obj("username", "bob", "password",
                    "bob-password-1", "role", "user"));
            assertEquals(201, u.statusCode(), u.body());
            HttpResponse<String> a = admin.post("/api/v1/admin/assignments", ApiClient.obj("desktop", "demo", "user", "bob",
                    "policy", "office"));
            assertEquals(201, a.statusCode(), a.body());
            terminalId = new ApiClient(first.port()).enrolWith(admin, "kiosk-7").terminalId;
        }
        try (Controller second = Controller.start(c)) {
            ApiClient admin = new ApiClient(second.port()).login(Fixtures.ADMIN, Fixtures.ADMIN_PASSWORD);
            new ApiClient(second.port()).login("bob", "bob-password-1");
            assertTrue(admin.get("/api/v1/admin/terminals").body().contains(terminalId));
            String assignments = admin.get("/api/v1/admin/assignments").body();
            assertTrue(assignments.contains("\"user\":\"bob\"") && assignments.contains("\"policy\":\"office\""), assignments);
            assertTrue(admin.get("/api/v1/admin/groups").body().contains("night-shift"));
            assertTrue(admin.get("/api/v1/admin/audit?limit=50").body().contains("admin.user_create"));
        }
    }

    private static void stopPostgres(Path data, Process runuser) throws Exception {
        Path pidFile = data.resolve("postmaster.pid");
        if (Files.exists(pidFile)) {
            long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
            ProcessHandle.of(pid).ifPresent(h -> h.onExit().orTimeout(10, TimeUnit.SECONDS).join());
        }
        runuser.destroy();
        runuser.waitFor(5, TimeUnit.SECONDS);
    }

    private static void run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + out);
        }
    }
}
