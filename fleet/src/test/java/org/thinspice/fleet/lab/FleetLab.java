package org.thinspice.fleet.lab;

import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.thinspice.controller.ControllerConfig;
import org.thinspice.fleet.FleetPlan;
import org.thinspice.testbed.DesktopStandIn;
import org.thinspice.testbed.FreePorts;
import org.thinspice.testbed.Haproxy;
import org.thinspice.testbed.PostgresCluster;
import org.thinspice.ticket.Ed25519Keys;

/**
 * The services a fleet runs against, all on 127.0.0.1: desktop stand-ins (in this JVM), controllers and gateways
 * (each a JVM of its own, so one can be SIGKILLed), optionally PostgreSQL as their one store and HAProxy in front
 * of both. With one controller and no PostgreSQL the controller keeps its embedded H2 store. Every process is
 * stopped by its pid on {@link #close()}.
 */
public final class FleetLab implements AutoCloseable {
    public static final String ADMIN = "admin";
    public static final String ADMIN_PASSWORD = "admin-password";
    public static final String USER_PASSWORD = "fleet-password";
    static final String STANDIN_PASSWORD = "stand-in";
    static final String HEALTH = "/api/v1/health/ready";

    /** How big: controllers, gateways, PostgreSQL and HAProxy or not, stand-ins, users, PBKDF2 iterations. */
    public record Shape(int controllers, int gateways, boolean postgres, boolean haproxy, int standIns, int users,
            int passwordIterations) {
    }

    private final Shape shape;
    private final Path dir;
    private final List<DesktopStandIn> standIns = new ArrayList<>();
    private final List<ChildJvm> controllers = new ArrayList<>();
    private final List<ChildJvm> gateways = new ArrayList<>();
    private final List<Integer> controllerPorts = new ArrayList<>();
    private final List<Integer> gatewayPorts = new ArrayList<>();
    private final List<Integer> gatewayAdminPorts = new ArrayList<>();
    private PostgresCluster postgres;
    private Haproxy haproxy;
    private int frontControllerPort;
    private int frontGatewayPort;

    private FleetLab(Shape shape, Path dir) {
        this.shape = shape;
        this.dir = dir;
    }

    public static FleetLab start(Shape shape, Path dir) throws Exception {
        FleetLab lab = new FleetLab(shape, dir);
        try {
            lab.startAll();
            return lab;
        } catch (Exception | Error e) {
            lab.close();
            throw e;
        }
    }

    private void startAll() throws Exception {
        Files.createDirectories(dir);
        for (int i = 0; i < shape.standIns(); i++) {
            standIns.add(DesktopStandIn.start(STANDIN_PASSWORD, 0, 500));
        }
        if (shape.postgres()) {
            postgres = PostgresCluster.start(200);
        }
        Path key = dir.resolve("gateway-ticket.pem");
        Files.deleteIfExists(key);
        Files.deleteIfExists(key.resolveSibling("gateway-ticket.pem.pub"));
        Ed25519Keys.generate(key);
        for (int i = 0; i < shape.gateways(); i++) {
            gatewayPorts.add(FreePorts.pick());
            gatewayAdminPorts.add(FreePorts.pick());
        }
        for (int i = 0; i < shape.controllers(); i++) {
            controllerPorts.add(FreePorts.pick());
        }
        if (shape.haproxy()) {
            frontControllerPort = FreePorts.pick();
            frontGatewayPort = FreePorts.pick();
        } else {
            frontControllerPort = controllerPorts.get(0);
            frontGatewayPort = gatewayPorts.get(0);
        }
        for (int i = 0; i < shape.gateways(); i++) {
            gateways.add(startGateway(i));
        }
        // the first controller migrates and seeds the store; the others find it done
        for (int i = 0; i < shape.controllers(); i++) {
            controllers.add(startController(i, key));
            awaitHealthy(controllers.get(i), URI.create("http://127.0.0.1:" + controllerPorts.get(i) + HEALTH), 120);
        }
        if (shape.haproxy()) {
            Path cfg = dir.resolve("haproxy.cfg");
            Files.writeString(cfg, Haproxy.config(frontControllerPort, controllerPorts, HEALTH, frontGatewayPort,
                    gatewayPorts, gatewayAdminPorts));
            haproxy = Haproxy.start(cfg);
            try {
                awaitHealthy(null, controllerUrl().resolve(HEALTH), 30);
            } catch (IOException e) {
                throw new IOException(e.getMessage() + (haproxy.alive() ? "" : "; HAProxy exited: " + haproxy.logText()), e);
            }
        }
    }

    private ChildJvm startGateway(int i) throws IOException {
        Path props = dir.resolve("gateway" + (i + 1) + ".properties");
        Files.writeString(props, "listen.address=127.0.0.1\n"
                + "listen.port=" + gatewayPorts.get(i) + "\n"
                + "key.fleet=gateway-ticket.pem.pub\n"
                + "audit.path=gateway" + (i + 1) + "-audit.jsonl\n"
                + "admin.address=127.0.0.1\nadmin.port=" + gatewayAdminPorts.get(i) + "\n"
                // every tunnel comes from 127.0.0.1 (HAProxy or the fleet): the per-source limit is the global one
                + "limit.per-source=20000\n"
                + "shutdown.drain=1s\n", StandardCharsets.UTF_8);
        return ChildJvm.start("gateway" + (i + 1), dir, "256m", "org.thinspice.gateway.GatewayMain", "--config",
                props.toString());
    }

    private ChildJvm startController(int i, Path key) throws IOException {
        ControllerConfig c = new ControllerConfig();
        c.dataDir = dir.resolve("controller" + (i + 1)).toString();
        c.listen.port = controllerPorts.get(i);
        c.listen.plainHttp = true;
        c.listen.threads = 32;
        if (postgres != null) {
            c.store.url = postgres.jdbcUrl();
            c.store.user = postgres.user();
            c.store.poolSize = 16;
        }
        c.auth.passwordIterations = shape.passwordIterations();
        // every terminal signs in from 127.0.0.1: the per-address lock would be one lock for the whole fleet
        c.auth.maxFailuresPerAddress = 100_000;
        c.gateway.proxy = "http://127.0.0.1:" + frontGatewayPort;
        c.gateway.kid = "fleet";
        c.gateway.keyFile = key.toString();
        c.provider.type = "fixed";
        for (int d = 0; d < standIns.size(); d++) {
            ControllerConfig.Desktop desk = new ControllerConfig.Desktop();
            desk.id = "standin-" + (d + 1);
            desk.name = "Stand-in " + (d + 1);
            desk.spicePort = standIns.get(d).port();
            desk.spicePassword = STANDIN_PASSWORD;
            c.provider.desktops.add(desk);
        }
        c.bootstrap.users.add(user(ADMIN, ADMIN_PASSWORD, "admin", List.of()));
        for (int u = 1; u <= shape.users(); u++) {
            c.bootstrap.users.add(user("fleet" + u, USER_PASSWORD, "user", List.of("fleet")));
        }
        ControllerConfig.SeedPolicy p = new ControllerConfig.SeedPolicy();
        p.id = "fleet";
        p.microphone = false;
        c.bootstrap.policies.add(p);
        for (int d = 0; d < standIns.size(); d++) {
            ControllerConfig.SeedAssignment a = new ControllerConfig.SeedAssignment();
            a.desktop = "standin-" + (d + 1);
            a.group = "fleet";
            a.policy = "fleet";
            c.bootstrap.assignments.add(a);
        }
        Path json = dir.resolve("controller" + (i + 1) + ".json");
        Files.writeString(json, new GsonBuilder().setPrettyPrinting().create().toJson(c), StandardCharsets.UTF_8);
        return ChildJvm.start("controller" + (i + 1), dir, "384m", "org.thinspice.controller.ControllerMain",
                json.toString());
    }

    private static ControllerConfig.SeedUser user(String name, String password, String role, List<String> groups) {
        ControllerConfig.SeedUser u = new ControllerConfig.SeedUser();
        u.username = name;
        u.password = password;
        u.role = role;
        u.groups = new ArrayList<>(groups);
        return u;
    }

    private static void awaitHealthy(ChildJvm jvm, URI health, int seconds) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        while (System.nanoTime() < end) {
            if (jvm != null && !jvm.alive()) {
                throw new IOException(jvm.name() + " exited at start:\n" + jvm.logTail());
            }
            try {
                if (http.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not up yet
            }
            Thread.sleep(200);
        }
        throw new IOException(health + " not healthy within " + seconds + " s" + (jvm == null ? "" : ":\n" + jvm.logTail()));
    }

    /** Where terminals talk to the controllers (HAProxy's front, or the one controller). */
    public URI controllerUrl() {
        return URI.create("http://127.0.0.1:" + frontControllerPort);
    }

    /** A plan against this lab with its users. */
    public FleetPlan plan(String prefix, int terminals, Duration ramp, Duration hold, Duration inputEvery,
            Duration timeout) {
        List<FleetPlan.Credentials> users = new ArrayList<>();
        for (int u = 1; u <= shape.users(); u++) {
            users.add(new FleetPlan.Credentials("fleet" + u, USER_PASSWORD));
        }
        return new FleetPlan(controllerUrl(), prefix, terminals, users, ramp, hold, inputEvery, timeout);
    }

    public List<DesktopStandIn> standIns() {
        return standIns;
    }

    public List<ChildJvm> controllers() {
        return controllers;
    }

    public List<ChildJvm> gateways() {
        return gateways;
    }

    /** A gateway's audit file (one JSON line per tunnel open/close, naming the terminal). */
    public Path gatewayAudit(int i) {
        return dir.resolve("gateway" + (i + 1) + "-audit.jsonl");
    }

    /** A gateway's {@code /metrics} text. */
    public String gatewayMetrics(int i) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gatewayAdminPorts.get(i) + "/metrics"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    public PostgresCluster postgres() {
        return postgres;
    }

    public Haproxy haproxy() {
        return haproxy;
    }

    /** The controller's audit file (JSON lines). */
    public Path controllerAudit(int i) {
        return dir.resolve("controller" + (i + 1)).resolve("audit.jsonl");
    }

    @Override
    public void close() {
        if (haproxy != null) {
            haproxy.close();
        }
        for (ChildJvm c : controllers) {
            c.close();
        }
        for (ChildJvm g : gateways) {
            g.close();
        }
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        for (DesktopStandIn s : standIns) {
            s.close();
        }
    }
}
