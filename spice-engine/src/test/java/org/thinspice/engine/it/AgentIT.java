package org.thinspice.engine.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.thinspice.engine.SpiceConnectOptions;
import org.thinspice.engine.SpiceException;
import org.thinspice.engine.SpiceListener;
import org.thinspice.engine.SpiceSession;
import org.thinspice.engine.agent.ClipboardBridge;
import org.thinspice.engine.agent.ClipboardPolicy;
import org.thinspice.engine.agent.ClipboardType;
import org.thinspice.engine.agent.MonitorConfig;
import org.thinspice.engine.cli.PngWriter;
import org.thinspice.testbed.GuestAgentLog;
import org.thinspice.testbed.QemuSpiceServer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The guest agent through the engine, against the tiny guest's own agent ({@code tbagent}, which logs
 * what it receives on the serial console): clipboard text and PNG both ways, each clipboard policy in
 * both directions with the forbidden one proven silent on both sides, malformed agent messages, and
 * MONITORS_CONFIG.
 */
class AgentIT {
    private static final Duration WAIT = Duration.ofSeconds(15);
    /** How long a forbidden direction is watched for anything crossing. */
    private static final Duration SILENCE = Duration.ofSeconds(2);
    private static QemuSpiceServer qemu;
    private static GuestAgentLog agent;

    @BeforeAll
    static void boot() throws Exception {
        // std VGA: with qxl, spice-server hands MONITORS_CONFIG to the qxl driver instead of the agent.
        qemu = QemuSpiceServer.builder().tinyGuest("bars").vga("std").tbagent().start();
        agent = new GuestAgentLog(qemu.console());
        qemu.awaitGuestReady(Duration.ofSeconds(90));
        agent.awaitReady(WAIT);
    }

    @AfterAll
    static void stop() {
        if (qemu != null) {
            qemu.close();
        }
    }

    /** Records what the engine hands the application, and serves a fixed local clipboard. */
    static final class RecordingBridge implements ClipboardBridge {
        final List<String> events = new CopyOnWriteArrayList<>();
        final CompletableFuture<byte[]> data = new CompletableFuture<>();
        final CompletableFuture<Set<ClipboardType>> grabbed = new CompletableFuture<>();
        volatile byte[] local;

        @Override
        public void guestGrabbed(int selection, Set<ClipboardType> types) {
            events.add("grab " + types);
            grabbed.complete(types);
        }

        @Override
        public void guestData(int selection, ClipboardType type, byte[] bytes) {
            events.add("data " + type);
            data.complete(bytes);
        }

        @Override
        public CompletableFuture<byte[]> localData(int selection, ClipboardType type) {
            events.add("local " + type);
            return CompletableFuture.completedFuture(local);
        }
    }

    private static SpiceSession connect(ClipboardPolicy policy, RecordingBridge bridge) throws Exception {
        return connect(policy, bridge, new CompletableFuture<>());
    }

    private static SpiceSession connect(ClipboardPolicy policy, RecordingBridge bridge,
                                        CompletableFuture<SpiceException> ended) throws Exception {
        agent.skipToNow();
        // Every channel, as the kiosk opens them: these tests open and close many sessions on one QEMU, which
        // SpiceSession.close() keeps safe from spice-server's crash on a fast close (see SessionCloseIT).
        SpiceSession s = SpiceSession.connect(SpiceConnectOptions.builder().host(qemu.host()).port(qemu.port())
                .clipboardPolicy(policy).build(), new SpiceListener() {
                    @Override
                    public void onDisconnected(SpiceException cause) {
                        if (cause != null) {
                            ended.complete(cause);
                        }
                    }
                }).get(30, TimeUnit.SECONDS);
        s.agent().setClipboardBridge(bridge);
        // The engine's capability announcement reaching the guest agent means the agent link is up.
        agent.awaitReceived("ANNOUNCE_CAPABILITIES", WAIT);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!s.agent().isReady() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(s.agent().isReady(), "agent ready");
        agent.skipToNow();
        return s;
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    private static byte[] png() throws Exception {
        int[] px = new int[40 * 30];
        for (int i = 0; i < px.length; i++) {
            px[i] = 0xFF000000 | i * 977;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PngWriter.write(40, 30, px, out);
        return out.toByteArray();
    }

    @Test
    void textAndImageRoundTripBothWays() throws Exception {
        RecordingBridge bridge = new RecordingBridge();
        try (SpiceSession s = connect(ClipboardPolicy.BOTH, bridge)) {
            // desktop → terminal, text
            agent.grabText(0, "hello from the desktop ✓");
            assertEquals(Set.of(ClipboardType.UTF8_TEXT), bridge.grabbed.get(15, TimeUnit.SECONDS));
            s.agent().requestFromGuest(0, ClipboardType.UTF8_TEXT);
            assertEquals("hello from the desktop ✓", new String(bridge.data.get(15, TimeUnit.SECONDS),
                    StandardCharsets.UTF_8));

            // terminal → desktop, text (tbagent requests right after a grab)
            bridge.local = "from the terminal é€".getBytes(StandardCharsets.UTF_8);
            s.agent().grabFromLocal(0, EnumSet.of(ClipboardType.UTF8_TEXT));
            GuestAgentLog.Entry got = agent.awaitReceived("CLIPBOARD", WAIT);
            assertEquals(sha256(bridge.local), got.fields().get("sha256"));

            // terminal → desktop, PNG
            agent.skipToNow();
            bridge.local = png();
            s.agent().grabFromLocal(0, EnumSet.of(ClipboardType.IMAGE_PNG));
            got = agent.awaitReceived("CLIPBOARD", WAIT);
            assertEquals(2, got.intField("type"));
            assertEquals(sha256(bridge.local), got.fields().get("sha256"));
        }
        // desktop → terminal, PNG (fresh bridge: its futures are one-shot)
        RecordingBridge second = new RecordingBridge();
        try (SpiceSession s = connect(ClipboardPolicy.BOTH, second)) {
            agent.grabPng(0, "/pat.png");
            GuestAgentLog.Entry grab = agent.await(e -> e.sent() && e.name().equals("CLIPBOARD_GRAB"), WAIT);
            assertTrue(second.grabbed.get(15, TimeUnit.SECONDS).contains(ClipboardType.IMAGE_PNG));
            s.agent().requestFromGuest(0, ClipboardType.IMAGE_PNG);
            byte[] image = second.data.get(15, TimeUnit.SECONDS);
            assertEquals(grab.fields().get("sha256"), sha256(image), "the PNG the guest offered, byte for byte");
            assertEquals(grab.intField("len"), image.length);
            assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, java.util.Arrays.copyOf(image, 4));
        }
    }

    @ParameterizedTest
    @EnumSource(ClipboardPolicy.class)
    void eachPolicyLetsOnlyItsDirectionsThrough(ClipboardPolicy policy) throws Exception {
        RecordingBridge bridge = new RecordingBridge();
        bridge.local = ("terminal data under " + policy.key()).getBytes(StandardCharsets.UTF_8);
        try (SpiceSession s = connect(policy, bridge)) {
            // terminal → desktop
            s.agent().grabFromLocal(0, EnumSet.of(ClipboardType.UTF8_TEXT));
            if (policy.allowsToGuest()) {
                assertEquals(sha256(bridge.local), agent.awaitReceived("CLIPBOARD", WAIT).fields().get("sha256"));
            } else {
                assertThrows(TimeoutException.class, () -> agent.awaitReceived("CLIPBOARD_GRAB", SILENCE),
                        "no grab may be announced to the guest");
                // The guest asks anyway: no answer may come, and the terminal's clipboard is not read.
                agent.request(0, 1);
                assertThrows(TimeoutException.class, () -> agent.awaitReceived("CLIPBOARD", SILENCE),
                        "no terminal data may reach the guest");
                assertFalse(bridge.events.stream().anyMatch(e -> e.startsWith("local")), bridge.events.toString());
            }

            // desktop → terminal
            agent.skipToNow();
            agent.grabText(0, "desktop data under " + policy.key());
            if (policy.allowsToClient()) {
                bridge.grabbed.get(15, TimeUnit.SECONDS);
                s.agent().requestFromGuest(0, ClipboardType.UTF8_TEXT);
                assertEquals("desktop data under " + policy.key(),
                        new String(bridge.data.get(15, TimeUnit.SECONDS), StandardCharsets.UTF_8));
                agent.awaitReceived("CLIPBOARD_REQUEST", WAIT);
            } else {
                Thread.sleep(SILENCE.toMillis());
                s.agent().requestFromGuest(0, ClipboardType.UTF8_TEXT);
                assertThrows(TimeoutException.class, () -> agent.awaitReceived("CLIPBOARD_REQUEST", SILENCE),
                        "the guest must not be asked for its data");
                assertFalse(bridge.events.stream().anyMatch(e -> e.startsWith("grab") || e.startsWith("data")),
                        "nothing from the desktop may reach the terminal: " + bridge.events);
            }
        }
    }

    @Test
    void monitorsConfigReachesTheAgentWithTheRequestedSize() throws Exception {
        try (SpiceSession s = connect(ClipboardPolicy.BOTH, new RecordingBridge())) {
            s.agent().setMonitors(List.of(new MonitorConfig(1280, 800, 0, 0)));
            GuestAgentLog.Entry m = agent.awaitReceived("MONITORS_CONFIG", WAIT);
            assertEquals(1, m.monitors().size());
            assertEquals(1280, m.monitors().get(0).width());
            assertEquals(800, m.monitors().get(0).height());
        }
    }

    @Test
    void malformedAgentMessagesAreDroppedAndTheSessionStaysUp() throws Exception {
        RecordingBridge bridge = new RecordingBridge();
        CompletableFuture<SpiceException> ended = new CompletableFuture<>();
        try (SpiceSession s = connect(ClipboardPolicy.BOTH, bridge, ended)) {
            // Unknown type; a grab with a bad selection; a truncated request; a size beyond the data.
            agent.sendRaw(HexFormat.of().parseHex("01000000ff0000000000000000000000" + "04000000" + "deadbeef"));
            agent.sendRaw(HexFormat.of().parseHex("010000000700000000000000000000000200000009ff"));
            agent.sendRaw(HexFormat.of().parseHex("0100000008000000000000000000000001000000" + "00"));
            // The agent link still works afterwards.
            agent.grabText(0, "still alive");
            assertEquals(Set.of(ClipboardType.UTF8_TEXT), bridge.grabbed.get(15, TimeUnit.SECONDS));
            assertFalse(ended.isDone());
        }
    }

    @Test
    void clipboardWorksWithGrabSerials() throws Exception {
        agent.setCaps(GuestAgentLog.DEFAULT_CAPS | 1 << 17);
        try {
            RecordingBridge bridge = new RecordingBridge();
            bridge.local = "serial-numbered".getBytes(StandardCharsets.UTF_8);
            try (SpiceSession s = connect(ClipboardPolicy.BOTH, bridge)) {
                agent.grabText(0, "guest grab with a serial");
                assertEquals(Set.of(ClipboardType.UTF8_TEXT), bridge.grabbed.get(15, TimeUnit.SECONDS));
                s.agent().grabFromLocal(0, EnumSet.of(ClipboardType.UTF8_TEXT));
                GuestAgentLog.Entry grab = agent.awaitReceived("CLIPBOARD_GRAB", WAIT);
                assertEquals(1, grab.intField("serial"), "the terminal's grab follows the guest's serial 0");
                assertEquals(sha256(bridge.local), agent.awaitReceived("CLIPBOARD", WAIT).fields().get("sha256"));
            }
        } finally {
            agent.setCaps(GuestAgentLog.DEFAULT_CAPS);
        }
    }
}
