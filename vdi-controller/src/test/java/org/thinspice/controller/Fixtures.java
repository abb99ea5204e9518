package org.thinspice.controller;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.thinspice.testbed.PostgresCluster;
import org.thinspice.testbed.TinyGuest;

/** Controller configurations for tests: fast password hashing, port 0, a seeded admin and user. */
final class Fixtures {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** The HTTP status of {@code GET http://127.0.0.1:PORT/PATH}, or -1 when nothing answers (a stopped controller). */
    static int status(int port, String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5))
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Adds desktop "demo" (local QEMU, not started by itself) with {@code qemuBinary} as its QEMU. */
    static ControllerConfig withDemoDesktop(ControllerConfig c, String qemuBinary) {
        c.provider.qemuBinary = qemuBinary;
        ControllerConfig.Desktop d = new ControllerConfig.Desktop();
        d.id = "demo";
        d.name = "Demo desktop";
        d.autostart = false;
        c.provider.desktops.add(d);
        return c;
    }
    static final String ADMIN = "admin";
    static final String ADMIN_PASSWORD = "admin-secret-1";
    static final String USER = "alice";
    static final String USER_PASSWORD = "alice-secret-1";

    private Fixtures() {
    }

    /** Points {@code c}'s store at the throw-away PostgreSQL {@code pg}. */
    static ControllerConfig onPostgres(PostgresCluster pg, ControllerConfig c) {
        c.store.url = pg.jdbcUrl();
        c.store.user = pg.user();
        return c;
    }

    static ControllerConfig config(Path dataDir) {
        ControllerConfig c = ControllerConfig.defaults(dataDir);
        c.listen.port = 0;
        // these tests are about the API, not TLS: plain HTTP on loopback, on purpose (TlsTest covers HTTPS)
        c.listen.plainHttp = true;
        c.auth.passwordIterations = 10_000;
        c.auth.requireTerminal = false;
        // every test client comes from 127.0.0.1; only LoginThrottleTest is about the per-address limit
        c.auth.maxFailuresPerAddress = 1_000;
        c.bootstrap.users.add(user(ADMIN, ADMIN_PASSWORD, "admin"));
        ControllerConfig.SeedUser alice = user(USER, USER_PASSWORD, "user");
        alice.groups = new ArrayList<>(List.of("staff"));
        c.bootstrap.users.add(alice);
        ControllerConfig.SeedPolicy p = new ControllerConfig.SeedPolicy();
        p.id = "office";
        p.clipboard = "to-guest";
        p.usbRedirect = true;
        p.usbFilter = "0x0b,-1,-1,-1,0|-1,-1,-1,-1,1";
        p.actions = new ArrayList<>(List.of("start", "shutdown", "stop", "reboot", "reset"));
        c.bootstrap.policies.add(p);
        ControllerConfig.SeedAssignment a = new ControllerConfig.SeedAssignment();
        a.desktop = "demo";
        a.group = "staff";
        a.policy = "office";
        c.bootstrap.assignments.add(a);
        return c;
    }

    /** Adds the tiny guest as desktop "demo", with a second QMP socket for the test's own oracle. */
    static ControllerConfig withTinyGuest(ControllerConfig c, Path oracleQmp) throws IOException {
        TinyGuest.Images guest;
        try {
            guest = TinyGuest.ensureBuilt();
        } catch (java.nio.file.FileSystemException raceWithAnotherBuild) {
            // another JVM renamed the same build into place first (testbed reports that as a plain
            // FileSystemException); the cache now holds it
            guest = TinyGuest.ensureBuilt();
        }
        ControllerConfig.Desktop d = new ControllerConfig.Desktop();
        d.id = "demo";
        d.name = "Demo desktop";
        d.kernel = guest.vmlinux().toString();
        d.initrd = guest.initramfs().toString();
        d.append = TinyGuest.kernelCmdline("qxl") + " tb.pattern=bars";
        d.extraArgs = new ArrayList<>(List.of("-qmp", "unix:" + oracleQmp + ",server=on,wait=off"));
        c.provider.desktops.add(d);
        return c;
    }

    static ControllerConfig.SeedUser user(String name, String password, String role) {
        ControllerConfig.SeedUser u = new ControllerConfig.SeedUser();
        u.username = name;
        u.password = password;
        u.role = role;
        return u;
    }
}
