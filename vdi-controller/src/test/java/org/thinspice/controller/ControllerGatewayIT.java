package org.thinspice.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.thinspice.controller.openapi.OpenApiSpec;
import org.thinspice.ticket.Ed25519Keys;
import org.thinspice.engine.cli.ShotCommand;
import org.thinspice.engine.vv.VvConnect;
import org.thinspice.engine.vv.VvFile;
import org.thinspice.gateway.AuditLog;
import org.thinspice.gateway.Gateway;
import org.thinspice.gateway.GatewayConfig;
import org.thinspice.ticket.Ed25519Keys;
import org.thinspice.testbed.Picture;
import org.thinspice.testbed.RemoteViewer;
import org.thinspice.testbed.XServer;
import org.thinspice.testbed.Qmp;

/**
 * The whole chain as ./thinspice demo runs it, in-process: a controller whose .vv files go through a
 * real spice-gateway (the controller's ticket key, the gateway's public key under the same kid) →
 * login → .vv (checked against docs/api/controller.yaml) → thinspice's engine through the gateway,
 * pixel-exact against QEMU's screendump; then remote-viewer with such a .vv, its channels seen by
 * QEMU as coming from the gateway's sockets.
 */
class ControllerGatewayIT {
    private static final String KID = "it";
    private static Path dir;
    private static Gateway gateway;
    private static Path gatewayAudit;
    private static Controller controller;
    private static Qmp oracle;
    private static ApiClient alice;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createDirectories(Path.of("target", "it", "gateway-" + System.nanoTime())).toAbsolutePath();
        Path pem = dir.resolve("gateway-ticket.pem");
        Ed25519Keys.generate(pem);
        Map<String, java.security.PublicKey> keys = Map.of(KID,
                Ed25519Keys.publicKey(Files.readString(dir.resolve("gateway-ticket.pem.pub"), StandardCharsets.US_ASCII)));
        gatewayAudit = dir.resolve("gateway-audit.jsonl");
        gateway = Gateway.start(GatewayConfig.defaults(keys).withListen("127.0.0.1", 0), Clock.systemUTC(),
                AuditLog.toFile(gatewayAudit));
        Path sock = Files.createTempDirectory("tsg").resolve("oracle.sock");
        ControllerConfig c = Fixtures.withTinyGuest(Fixtures.config(dir.resolve("data")), sock);
        c.gateway.proxy = "http://127.0.0.1:" + gateway.port();
        c.gateway.kid = KID;
        c.gateway.keyFile = pem.toString();
        controller = Controller.start(c);
        oracle = Qmp.connect(sock, dir, Duration.ofSeconds(30));
        awaitSerial(dir.resolve("data/vms/demo/serial.log"), "TB-READY", Duration.ofSeconds(120));
        alice = new ApiClient(controller.port()).login(Fixtures.USER, Fixtures.USER_PASSWORD);
    }

    @AfterAll
    static void stop() {
        if (oracle != null) {
            oracle.close();
        }
        if (controller != null) {
            controller.close();
        }
        if (gateway != null) {
            gateway.shutdown(Duration.ofSeconds(1));
        }
    }

    @Test
    void engineThroughTheGatewayEqualsQemuScreendump() throws Exception {
        String vv = connection();
        VvFile file = VvFile.parse(vv);
        assertTrue(file.host().orElseThrow().startsWith("tsg1."), vv);
        assertEquals("http://127.0.0.1:" + gateway.port(), file.proxy().orElseThrow());
        ShotCommand.Result shot = ShotCommand.capture(VvConnect.options(file).build(), 1500, 60_000);
        Picture dump = oracle.screendump();
        assertEquals(dump.width(), shot.width());
        assertEquals(dump.height(), shot.height());
        assertTrue(dump.sameRgb(new Picture(shot.width(), shot.height(), shot.pixels())),
                "the engine's picture through the gateway differs from QEMU's screendump");
        assertTrue(dump.countNonBlack() > dump.width() * dump.height() / 4, "the guest shows its bars");
        JsonObject open = opens().stream().filter(o -> o.get("sub").getAsString().equals(Fixtures.USER)).findFirst()
                .orElseThrow(() -> new AssertionError("no tunnel for alice in the gateway's audit"));
        assertEquals("demo", open.get("dsk").getAsString());
        assertEquals(KID, open.get("kid").getAsString());
    }

    @Test
    void remoteViewerWithTheVvReachesTheGuestThroughTheGateway() throws Exception {
        String vv = connection();
        try (XServer x = XServer.start(dir, 1280, 1024);
             RemoteViewer viewer = RemoteViewer.startWithVv(x, dir.resolve("remote-viewer.log"), vv)) {
            Set<String> types = awaitChannelsFromGateway(Duration.ofSeconds(40));
            assertTrue(types.contains("1") && types.contains("2"),
                    "main (1) and display (2) channels connected from the gateway's sockets: " + types + "; "
                            + viewer.log());
            assertTrue(x.awaitShown(oracle.screendump(), Duration.ofSeconds(40)).isPresent(),
                    "remote-viewer's window never showed QEMU's screendump at 1:1 (X screen saved in " + dir
                            + "); remote-viewer said: " + viewer.log());
        }
    }

    /** POST …/connection; the answer must be the documented 200 with the documented media type. */
    private static String connection() throws Exception {
        HttpResponse<String> r = alice.call("POST", "/api/v1/desktops/demo/connection", null, null);
        assertEquals(200, r.statusCode(), r.body());
        OpenApiSpec spec = OpenApiSpec.load(OpenApiContractTest.SPEC);
        OpenApiSpec.Operation op = spec.find("POST", "/api/v1/desktops/demo/connection").orElseThrow();
        Map<String, Object> documented = spec.response(op, 200).orElseThrow();
        String type = r.headers().firstValue("Content-Type").orElse("");
        assertTrue(spec.mediaTypes(documented).contains(type), type + " not in " + spec.mediaTypes(documented));
        return r.body();
    }

    private static List<JsonObject> opens() throws Exception {
        return Files.readAllLines(gatewayAudit).stream().map(l -> JsonParser.parseString(l).getAsJsonObject())
                .filter(o -> o.get("event").getAsString().equals("open")).toList();
    }

    /** Channel types QEMU reports whose client address is one of the gateway's outbound sockets. */
    private static Set<String> awaitChannelsFromGateway(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Set<String> types = new HashSet<>();
        while (System.nanoTime() < deadline) {
            Set<String> via = new HashSet<>();
            opens().forEach(o -> via.add(o.get("via").getAsString()));
            types.clear();
            JsonObject spice = oracle.querySpice();
            if (spice.has("channels")) {
                for (JsonElement e : spice.getAsJsonArray("channels")) {
                    JsonObject ch = e.getAsJsonObject();
                    if (via.contains(ch.get("host").getAsString() + ":" + ch.get("port").getAsString())) {
                        types.add(ch.get("channel-type").getAsString());
                    }
                }
            }
            if (types.contains("1") && types.contains("2")) {
                return types;
            }
            Screens.sleep(200);
        }
        return types;
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
