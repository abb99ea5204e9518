package org.thinspice.gateway.it;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.thinspice.engine.ConnectionProfile;
import org.thinspice.ticket.Ed25519Keys;
import org.thinspice.ticket.TicketSigner;
import org.thinspice.testbed.NetLab;
import org.thinspice.testbed.Picture;
import org.thinspice.testbed.Processes;
import org.thinspice.testbed.QemuSpiceServer;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A terminal on a slow WAN link: three hosts of a {@link NetLab} with 4 Mbit/s links — the engine's command-line
 * client on the client host, the gateway (its own process) in the middle, QEMU on the server host — and nothing
 * on loopback. With a {@code .vv} as the controller writes it, the engine measures the slow link, picks the WAN
 * profile by itself, plays the guest's animation as a video stream through the gateway, and afterwards shows
 * exactly QEMU's screendump.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Tag("netlab")
class WanIT {
    private static final String RATE = "4mbit";
    private static final Path DIR = Path.of("target/it/wan").toAbsolutePath();

    private static NetLab lab;
    private static QemuSpiceServer qemu;
    private static Process gateway;
    private static int gatewayPort;
    private static TicketSigner signer;

    @BeforeAll
    static void start() throws Exception {
        Files.createDirectories(DIR);
        lab = NetLab.create(RATE);
        qemu = QemuSpiceServer.builder().on(lab, NetLab.Host.SERVER).tinyGuest("anim").vga("qxl")
                .streamingVideo("filter").start();
        KeyPair key = Ed25519Keys.generate();
        signer = new TicketSigner("k1", key.getPrivate(), Clock.systemUTC());
        Files.writeString(DIR.resolve("k1.pub.pem"), Ed25519Keys.toPem(key.getPublic()));
        Files.deleteIfExists(DIR.resolve("audit.jsonl"));
        Files.writeString(DIR.resolve("gateway.properties"), String.join("\n",
                "listen.address=" + NetLab.MIDDLE_ADDRESS, "listen.port=0", "key.k1=k1.pub.pem",
                "audit.path=audit.jsonl", "admin.address=127.0.0.1", "admin.port=0", "shutdown.drain=1s", ""));
        gateway = new ProcessBuilder(lab.in(NetLab.Host.MIDDLE, java("org.thinspice.gateway.GatewayMain", "--config",
                DIR.resolve("gateway.properties").toString()))).redirectOutput(DIR.resolve("gateway.out.log").toFile())
                .start();
        BufferedReader err = new BufferedReader(new InputStreamReader(gateway.getErrorStream(), StandardCharsets.UTF_8));
        for (String line; gatewayPort == 0 && (line = err.readLine()) != null; ) {
            if (line.startsWith("gateway.port=")) {
                gatewayPort = Integer.parseInt(line.substring("gateway.port=".length()));
            }
        }
        assertTrue(gatewayPort > 0, "the gateway did not report its port");
        Thread drain = new Thread(() -> err.lines().forEach(l -> { }), "gateway-stderr");
        drain.setDaemon(true);
        drain.start();
        qemu.awaitGuestReady(Duration.ofSeconds(120));
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            Processes.stop(gateway, Duration.ofSeconds(5));
        }
        if (qemu != null) {
            qemu.close();
        }
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    @Order(1)
    void videoPlaysOverTheSlowLinkWithTheProfileTheEnginePicked() throws Exception {
        String out = engine("session", "--vv", vv("wan-session").toString(), "--duration-s", "20", "--profile", "auto");
        JsonObject report = JsonParser.parseString(out.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no session report in: " + out))).getAsJsonObject();
        long measured = report.get("measured_bits_per_s").getAsLong();
        assertTrue(measured > 0 && measured < ConnectionProfile.LAN_MIN_BITS_PER_SECOND,
                "the link test measured the slow link: " + report);
        assertEquals("wan", report.get("resolved_profile").getAsString(), report.toString());
        assertTrue(report.get("frames_presented").getAsLong() >= 20, "the animation played as video: " + report);
        assertTrue(!report.has("error"), report.toString());
    }

    @Test
    @Order(2)
    void afterTheVideoThePictureIsExact() throws Exception {
        qemu.console().run("killall tbpattern; sleep 0.3; /tbpattern bars", Duration.ofSeconds(30));
        Thread.sleep(1500);
        Path png = DIR.resolve("shot.png");
        engine("shot", "--vv", vv("wan-shot").toString(), "--out", png.toString(), "--settle-ms", "1500",
                "--timeout-s", "60");
        BufferedImage shot = ImageIO.read(png.toFile());
        Picture dump = qemu.qmp().screendump();
        assertEquals(dump.width(), shot.getWidth());
        assertEquals(dump.height(), shot.getHeight());
        int differ = 0;
        for (int y = 0; y < dump.height(); y++) {
            for (int x = 0; x < dump.width(); x++) {
                if ((shot.getRGB(x, y) & 0xFFFFFF) != (dump.pixels()[y * dump.width() + x] & 0xFFFFFF)) {
                    differ++;
                }
            }
        }
        assertEquals(0, differ, "pixels that differ from QEMU's screendump");
        assertTrue(dump.countNonBlack() > dump.width() * dump.height() / 4, "the guest shows its bars");
        String audit = Files.readString(DIR.resolve("audit.jsonl"));
        assertTrue(audit.contains("\"target\":\"" + NetLab.SERVER_ADDRESS + ":" + qemu.port() + "\""), audit);
    }

    /** A .vv as the controller writes one: a fresh ticket as host, the gateway as proxy. */
    private static Path vv(String name) throws IOException {
        String ticket = signer.issue("alice", "term-1", "dsk-1", NetLab.SERVER_ADDRESS, List.of(qemu.port()));
        Path vv = DIR.resolve(name + ".vv");
        Files.writeString(vv, "[virt-viewer]\ntype=spice\nhost=" + ticket + "\nport=" + qemu.port()
                + "\nproxy=http://" + NetLab.MIDDLE_ADDRESS + ":" + gatewayPort + "\n");
        return vv;
    }

    /** Runs the engine's command-line client on the client host; returns its output, failing on a non-zero exit. */
    private static String engine(String... args) throws Exception {
        List<String> cmd = java("org.thinspice.engine.cli.SpiceCli", args);
        Path log = DIR.resolve("engine-" + args[0] + ".log");
        Process p = new ProcessBuilder(lab.in(NetLab.Host.CLIENT, cmd)).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        try {
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "engine " + args[0] + " did not finish");
        } finally {
            Processes.stop(p, Duration.ofSeconds(3));
        }
        String out = Files.readString(log);
        assertEquals(0, p.exitValue(), "engine " + args[0] + " failed:\n" + out);
        return out;
    }

    private static List<String> java(String mainClass, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), mainClass));
        cmd.addAll(List.of(args));
        return cmd;
    }
}
