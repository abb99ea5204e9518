package org.thinspice.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.thinspice.controller.pve.FakeProxmox;
import org.thinspice.controller.pve.FakeSpiceProxy;
import org.thinspice.ticket.Ed25519Keys;
import org.thinspice.engine.cli.ShotCommand;
import org.thinspice.engine.vv.VvConnect;
import org.thinspice.engine.vv.VvFile;
import org.thinspice.gateway.AuditLog;
import org.thinspice.gateway.Gateway;
import org.thinspice.gateway.GatewayConfig;
import org.thinspice.ticket.Ed25519Keys;
import org.thinspice.testbed.Picture;
import org.thinspice.testbed.QemuSpiceServer;
import org.thinspice.testbed.RemoteViewer;
import org.thinspice.testbed.XServer;

/**
 * A Proxmox desktop end to end, the way a PVE cluster serves it: QEMU with SPICE over TLS only (a
 * certificate made by the testbed's Pki, the one-time password set over QMP the way qemu-server's
 * spiceproxy call does), {@link FakeProxmox} minting the {@code spiceproxy} answer (escaped CA,
 * {@code host-subject}, {@code pvespiceproxy:} ticket, {@code tls-port}), its node's {@link FakeSpiceProxy}
 * on {@code :3128}, and the controller routing the desktop through our spice-gateway, which asks that
 * spiceproxy for the desktop in turn. The controller's {@code .vv} opens in the engine — its picture equal
 * to QEMU's screendump — and in remote-viewer, whose TLS channels QEMU reports connected.
 *
 * <p>The engine checks {@code host-subject} instead of the host name whenever the file names one, so this test
 * does not depend on other TLS work in the engine; the certificate also carries SAN 127.0.0.1/localhost.
 */
class ProxmoxDesktopIT {
    private static final String KID = "pve-it";
    private static Path dir;
    private static QemuSpiceServer qemu;
    private static FakeProxmox pve;
    private static FakeSpiceProxy spiceproxy;
    private static String spiceproxyAddress;
    private static Gateway gateway;
    private static Path gatewayAudit;
    private static Controller controller;
    private static ApiClient alice;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createDirectories(Path.of("target", "it", "pve-desktop-" + System.nanoTime())).toAbsolutePath();
        qemu = QemuSpiceServer.builder().tinyGuest("bars").vga("qxl").password("initial-" + System.nanoTime())
                .tlsForAllChannels().start();
        pve = new FakeProxmox(8, null);
        pve.vm(100).running().spicePort(qemu.tlsPort());
        pve.spiceTls(qemu.pki().caPem(), qemu.pki().serverSubject());
        pve.onSpicePassword(pw -> {
            try {
                // qemu-server spiceproxy: mon_cmd set_password, then expire_password time => "+30"
                qemu.qmp().setPassword(pw);
                qemu.qmp().expirePassword("+30");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        // PVE's spiceproxy port is fixed at 3128: a loopback address of its own keeps it free of other tests
        ThreadLocalRandom r = ThreadLocalRandom.current();
        spiceproxyAddress = "127." + r.nextInt(1, 250) + "." + r.nextInt(1, 250) + "." + r.nextInt(2, 250);
        spiceproxy = new FakeSpiceProxy(pve, spiceproxyAddress);

        Path pem = dir.resolve("gateway-ticket.pem");
        Ed25519Keys.generate(pem);
        Map<String, java.security.PublicKey> keys = Map.of(KID,
                Ed25519Keys.publicKey(Files.readString(dir.resolve("gateway-ticket.pem.pub"), StandardCharsets.US_ASCII)));
        gatewayAudit = dir.resolve("gateway-audit.jsonl");
        gateway = Gateway.start(GatewayConfig.defaults(keys).withListen("127.0.0.1", 0), Clock.systemUTC(),
                AuditLog.toFile(gatewayAudit));

        ControllerConfig c = Fixtures.config(dir.resolve("data"));
        c.provider.type = "proxmox";
        c.provider.url = pve.url();
        c.provider.proxy = spiceproxyAddress;
        c.bootstrap.assignments.clear();
        c.bootstrap.users.removeIf(u -> u.username.equals(Fixtures.USER));
        c.gateway.proxy = "http://127.0.0.1:" + gateway.port();
        c.gateway.kid = KID;
        c.gateway.keyFile = pem.toString();
        controller = Controller.start(c);
        alice = new ApiClient(controller.port()).login("alice", "pw");
        qemu.awaitGuestReady(Duration.ofSeconds(120));
    }

    @AfterAll
    static void stop() throws Exception {
        if (controller != null) {
            controller.close();
        }
        if (gateway != null) {
            gateway.shutdown(Duration.ofSeconds(1));
        }
        if (spiceproxy != null) {
            spiceproxy.close();
        }
        if (pve != null) {
            pve.close();
        }
        if (qemu != null) {
            qemu.close();
        }
    }

    /** A fresh .vv (the SPICE password lives 30 s), checked to be Proxmox-style and routed through the gateway. */
    private static String connection() throws Exception {
        HttpResponse<String> r = alice.call("POST", "/api/v1/desktops/100/connection", null, null);
        assertEquals(200, r.statusCode(), r.body());
        String vv = r.body();
        VvFile f = VvFile.parse(vv);
        assertTrue(f.host().orElseThrow().startsWith("tsg1."), vv);
        assertEquals("http://127.0.0.1:" + gateway.port(), f.proxy().orElseThrow());
        assertEquals(qemu.tlsPort(), f.tlsPort().getAsInt());
        assertFalse(f.port().isPresent(), "Proxmox gives no plain port");
        assertEquals(qemu.pki().serverSubject(), f.hostSubject().orElseThrow());
        // the CA is escaped exactly once in the file: \n escapes on one line, a certificate once unescaped
        String rawCa = f.raw("virt-viewer", "ca").orElseThrow();
        assertTrue(rawCa.contains("\\n") && !rawCa.contains("\\\\n"), rawCa);
        CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(f.ca().orElseThrow().getBytes(StandardCharsets.US_ASCII)));
        return vv;
    }

    @Test
    void engineOpensTheControllersVvThroughGatewayAndSpiceproxy() throws Exception {
        int before = spiceproxy.accepted;
        VvFile file = VvFile.parse(connection());
        ShotCommand.Result shot = ShotCommand.capture(VvConnect.options(file).build(), 1500, 90_000);
        Picture dump = qemu.qmp().screendump();
        assertEquals(dump.width(), shot.width());
        assertEquals(dump.height(), shot.height());
        assertTrue(dump.sameRgb(new Picture(shot.width(), shot.height(), shot.pixels())),
                "the engine's picture differs from QEMU's screendump");
        assertTrue(dump.countNonBlack() > dump.width() * dump.height() / 4, "the guest shows its bars");
        assertTrue(spiceproxy.accepted > before, "the channels went through the node's spiceproxy");
        assertTrue(opens().stream().anyMatch(o -> o.get("target").getAsString().equals(spiceproxyAddress + ":3128")),
                "the gateway dialled the node's spiceproxy: " + opens());
    }

    @Test
    void remoteViewerOpensTheControllersVv() throws Exception {
        awaitNoChannels(Duration.ofSeconds(20));
        int before = spiceproxy.accepted;
        String vv = connection();
        try (XServer x = XServer.start(dir, 1280, 1024);
             RemoteViewer viewer = RemoteViewer.startWithVv(x, dir.resolve("remote-viewer.log"), vv)) {
            Set<String> types = awaitTlsChannels(Duration.ofSeconds(60));
            assertTrue(types.contains("1") && types.contains("2"),
                    "QEMU's query-spice shows remote-viewer's main (1) and display (2) channels over TLS: " + types
                            + "; remote-viewer said: " + viewer.log());
            assertTrue(spiceproxy.accepted >= before + 2, "remote-viewer's channels came through the node's spiceproxy");
            assertTrue(x.awaitShown(qemu.qmp().screendump(), Duration.ofSeconds(40)).isPresent(),
                    "remote-viewer's window never showed QEMU's screendump at 1:1 (X screen saved in " + dir
                            + "); remote-viewer said: " + viewer.log());
        }
    }

    private static List<JsonObject> opens() throws IOException {
        return Files.readAllLines(gatewayAudit).stream().map(l -> JsonParser.parseString(l).getAsJsonObject())
                .filter(o -> o.get("event").getAsString().equals("open")).toList();
    }

    /** So that channels seen later are remote-viewer's, not an earlier test's. */
    private static void awaitNoChannels(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonObject spice = qemu.qmp().querySpice();
            if (!spice.has("channels") || spice.getAsJsonArray("channels").isEmpty()) {
                return;
            }
            Screens.sleep(250);
        }
        throw new AssertionError("QEMU still has SPICE clients: " + qemu.qmp().querySpice());
    }

    /** Channel types QEMU reports connected over TLS. */
    private static Set<String> awaitTlsChannels(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Set<String> types = new HashSet<>();
        while (System.nanoTime() < deadline) {
            types.clear();
            JsonObject spice = qemu.qmp().querySpice();
            if (spice.has("channels")) {
                for (JsonElement e : spice.getAsJsonArray("channels")) {
                    JsonObject ch = e.getAsJsonObject();
                    if (ch.has("tls") && ch.get("tls").getAsBoolean()) {
                        types.add(ch.get("channel-type").getAsString());
                    }
                }
            }
            if (types.contains("1") && types.contains("2")) {
                return types;
            }
            Screens.sleep(250);
        }
        return types;
    }
}
