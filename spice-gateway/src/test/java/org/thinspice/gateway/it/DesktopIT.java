package org.thinspice.gateway.it;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.thinspice.engine.SpiceConnectOptions;
import org.thinspice.engine.SpiceException;
import org.thinspice.engine.SpiceListener;
import org.thinspice.engine.SpiceSession;
import org.thinspice.engine.cli.ShotCommand;
import org.thinspice.testbed.Picture;
import org.thinspice.testbed.Ppm;
import org.thinspice.testbed.Processes;
import org.thinspice.testbed.QemuSpiceServer;
import org.thinspice.testbed.RemoteViewer;
import org.thinspice.testbed.XServer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real SPICE clients reach a real QEMU desktop through the gateway with a ticket as their host name:
 * thinspice's engine (pixel-exact against a direct connection and QEMU's screendump) and Debian's
 * remote-viewer (QEMU's {@code query-spice} shows its channels coming from the gateway).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DesktopIT {
    private static QemuSpiceServer qemu;
    private static GatewayFixture gw;

    @BeforeAll
    static void start() throws Exception {
        qemu = QemuSpiceServer.builder().tinyGuest("bars").vga("qxl").start();
        gw = new GatewayFixture(Path.of("target/it/desktop"), c -> c);
        qemu.awaitGuestReady(Duration.ofSeconds(90));
    }

    @AfterAll
    static void stop() {
        if (gw != null) {
            gw.close();
        }
        if (qemu != null) {
            qemu.close();
        }
    }

    private SpiceConnectOptions throughGateway() throws SpiceException {
        return SpiceConnectOptions.builder().host(gw.ticket("127.0.0.1", qemu.port())).port(qemu.port())
                .proxy("http://127.0.0.1:" + gw.port()).build();
    }

    @Test
    @Order(1)
    void engineThroughTheGatewaySeesExactlyWhatADirectConnectionSees() throws Exception {
        ShotCommand.Result direct = ShotCommand.capture(SpiceConnectOptions.builder().host(qemu.host())
                .port(qemu.port()).build(), 800, 30_000);
        ShotCommand.Result via = ShotCommand.capture(throughGateway(), 800, 30_000);
        assertEquals(direct.width(), via.width());
        assertEquals(direct.height(), via.height());
        Picture dump = qemu.qmp().screendump();
        assertEquals(dump.width(), via.width());
        int differ = 0;
        for (int i = 0; i < via.pixels().length; i++) {
            if ((via.pixels()[i] & 0xFFFFFF) != (direct.pixels()[i] & 0xFFFFFF)
                    || (via.pixels()[i] & 0xFFFFFF) != (dump.pixels()[i] & 0xFFFFFF)) {
                differ++;
            }
        }
        assertEquals(0, differ, "pixels that differ between gateway, direct and screendump");
        assertTrue(dump.countNonBlack() > dump.width() * dump.height() / 4, "the guest shows its bars");
        // the channels close in any order; the display channel's tunnel carried the picture
        JsonObject close = gw.awaitAudit(o -> o.get("event").getAsString().equals("close")
                && o.get("target").getAsString().equals("127.0.0.1:" + qemu.port())
                && o.get("bytes_down").getAsLong() > 10_000);
        assertEquals("client_closed", close.get("reason").getAsString(), close.toString());
    }

    @Test
    @Order(2)
    void remoteViewerReachesTheDesktopThroughTheGateway() throws Exception {
        Path dir = Files.createDirectories(Path.of("target/it/remote-viewer").toAbsolutePath());
        String ticket = gw.ticket("127.0.0.1", qemu.port());
        Path vv = dir.resolve("desktop.vv");
        Files.writeString(vv, "[virt-viewer]\ntype=spice\nhost=" + ticket + "\nport=" + qemu.port()
                + "\nproxy=http://127.0.0.1:" + gw.port() + "\n");
        try (XServer x = XServer.start(dir, 1280, 1024);
             RemoteViewer viewer = RemoteViewer.start(x, dir.resolve("remote-viewer.log"), vv.toString())) {
            Set<String> fromGateway = awaitChannelsFromGateway(Duration.ofSeconds(40));
            assertTrue(fromGateway.contains("1") && fromGateway.contains("2"),
                    "main (1) and display (2) channels connected from the gateway: " + fromGateway);
            assertTrue(x.awaitShown(qemu.qmp().screendump(), Duration.ofSeconds(30)).isPresent(),
                    "remote-viewer's window never showed QEMU's screendump at 1:1 (X screen saved in " + dir
                            + "); remote-viewer said: " + viewer.log());
        }
    }

    /** Channel types QEMU reports whose client address is one of the gateway's outbound sockets. */
    private Set<String> awaitChannelsFromGateway(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Set<String> types = new HashSet<>();
        while (System.nanoTime() < deadline) {
            Set<String> via = new HashSet<>();
            gw.auditLines().stream().filter(o -> o.get("event").getAsString().equals("open"))
                    .forEach(o -> via.add(o.get("via").getAsString()));
            types.clear();
            for (JsonElement e : qemu.qmp().querySpice().getAsJsonArray("channels")) {
                JsonObject ch = e.getAsJsonObject();
                if (via.contains(ch.get("host").getAsString() + ":" + ch.get("port").getAsString())) {
                    types.add(ch.get("channel-type").getAsString());
                }
            }
            if (types.contains("1") && types.contains("2")) {
                return types;
            }
            Thread.sleep(200);
        }
        return types;
    }

    @Test
    @Order(3)
    void killingQemuEndsTheSessionCleanlyAndLeavesNoTunnel() throws Exception {
        CompletableFuture<SpiceException> ended = new CompletableFuture<>();
        CompletableFuture<Boolean> pictured = new CompletableFuture<>();
        SpiceSession session = SpiceSession.connect(throughGateway(), new SpiceListener() {
            @Override
            public void onInvalidate(int ch, org.thinspice.engine.display.Surface s, int x, int y, int w, int h) {
                pictured.complete(true);
            }

            @Override
            public void onDisconnected(SpiceException cause) {
                ended.complete(cause);
            }
        }).get(30, TimeUnit.SECONDS);
        try {
            pictured.get(30, TimeUnit.SECONDS);
            assertTrue(gw.gateway.metrics().tunnelsActive() >= 2, "main and display tunnels are open");
            Processes.stop(qemu.pid(), Duration.ofSeconds(1));
            ended.get(20, TimeUnit.SECONDS);
        } finally {
            session.close();
        }
        gw.awaitIdle();
        assertEquals(0, gw.gateway.metrics().tunnelsActive());
        assertEquals(0, gw.gateway.metrics().connectionsActive());
        List<JsonObject> closes = gw.auditLines().stream().filter(o -> o.get("event").getAsString().equals("close"))
                .toList();
        assertTrue(closes.stream().anyMatch(o -> o.get("reason").getAsString().startsWith("desktop_")), closes.toString());
    }
}
