package org.thinspice.testbed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.thinspice.testbed.GuestAgentLog.Entry;

/** /tbagent against the reference client (remote-viewer on Xvfb); xclip is the client-side clipboard oracle. */
class TbAgentIT {
    private static final Duration WAIT = Duration.ofSeconds(15);

    @Test
    void capabilitiesAndClipboardRoundTripBothWaysWithRemoteViewer() throws Exception {
        try (QemuSpiceServer qemu = QemuSpiceServer.builder().tinyGuest("none").inputs().tbagent().start()) {
            GuestAgentLog agent = new GuestAgentLog(qemu.console());
            qemu.awaitGuestReady(Duration.ofSeconds(60));
            assertEquals(GuestAgentLog.DEFAULT_CAPS, agent.awaitReady(WAIT).intField("caps"));
            parserHandlesChunkingSelectionsAndMalformedMessages(qemu.console());
            try (RemoteViewerSession viewer = RemoteViewerSession.start(qemu)) {
                Entry caps = agent.await(e -> !e.sent() && e.name().equals("ANNOUNCE_CAPABILITIES")
                        && e.intField("request") == 1, Duration.ofSeconds(30));
                // spice-gtk 0.42 announces CLIPBOARD_BY_DEMAND (5) and CLIPBOARD_SELECTION (6) among others.
                assertEquals(0x60, caps.intField("caps") & 0x60, caps.text());
                agent.await(e -> e.sent() && e.name().equals("ANNOUNCE_CAPABILITIES") && e.intField("request") == 0, WAIT);
                assertEquals("client", TbInputIT.awaitMouseMode(qemu, "client"));

                // Guest -> client text: the agent grabs, xclip pastes, spice-gtk requests it from the agent.
                agent.skipToNow();
                agent.grabText(0, "hello from tbagent");
                assertEquals("hello from tbagent", new String(pasteWhenOffered(viewer, "UTF8_STRING"),
                        StandardCharsets.UTF_8));
                agent.await(e -> e.name().equals("CLIPBOARD_REQUEST") && e.intField("type") == 1, WAIT);

                // Client -> guest text (non-ASCII too): the client grabs, the agent requests, the text arrives.
                agent.skipToNow();
                String text = "from the client \u00e9\u20ac";
                Process copy = viewer.xclipInBackground(text.getBytes(StandardCharsets.UTF_8),
                        "-i", "-selection", "clipboard", "-loops", "1");
                try {
                    Entry grab = agent.awaitReceived("CLIPBOARD_GRAB", WAIT);
                    assertTrue(grab.fields().get("types").contains("1"), grab.text());
                    Entry got = agent.awaitReceived("CLIPBOARD", WAIT);
                    assertEquals(1, got.intField("type"));
                    assertEquals(text, got.clipboardText());
                    assertEquals(sha256(text.getBytes(StandardCharsets.UTF_8)), got.fields().get("sha256"));
                } finally {
                    Processes.stop(copy, Duration.ofSeconds(2));
                }

                // Guest -> client PNG and back: the bytes survive both directions unchanged.
                agent.skipToNow();
                agent.grabPng(0, "/pat.png");
                Entry grabbed = agent.await(e -> e.sent() && e.name().equals("CLIPBOARD_GRAB"), WAIT);
                byte[] png = pasteWhenOffered(viewer, "image/png");
                assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(png, 4));
                assertEquals(grabbed.fields().get("sha256"), sha256(png));
                agent.skipToNow();
                Process copyPng = viewer.xclipInBackground(png, "-i", "-selection", "clipboard", "-t", "image/png",
                        "-loops", "1");
                try {
                    Entry got = agent.await(e -> !e.sent() && e.name().equals("CLIPBOARD") && e.intField("type") == 2, WAIT);
                    assertEquals(png.length, got.intField("len"));
                    assertEquals(sha256(png), got.fields().get("sha256"));
                } finally {
                    Processes.stop(copyPng, Duration.ofSeconds(2));
                }

                // The raw path puts any bytes on the wire (here a message of unknown type 255).
                agent.sendRaw(HexFormat.of().parseHex("01000000ff000000000000000000000000000000"));
                agent.release(0);
            }
            // Dropping the client is reported to the agent.
            agent.awaitReceived("CLIENT_DISCONNECTED", WAIT);
        }
    }

    /** {@code /tbagent parse}: the agent's own parser on crafted reads, without any client. */
    private static void parserHandlesChunkingSelectionsAndMalformedMessages(GuestConsole console) throws Exception {
        byte[] announce = chunk(message(1, 6, le(0, (1 << 5) | (1 << 6)), -1));
        byte[] monitors = message(1, 2, le(2, 1, 768, 1024, 32, 0, 0, 600, 800, 32, 1024, 0), -1);
        byte[] grab = message(1, 7, concat(new byte[] {1, 0, 0, 0}, le(1, 2)), -1);
        byte[] clip = message(1, 4, concat(new byte[4], le(1), "hello".getBytes(StandardCharsets.US_ASCII)), -1);
        byte[][] reads = {
            Arrays.copyOfRange(announce, 0, 5), Arrays.copyOfRange(announce, 5, announce.length), // split header
            chunk(concat(monitors, grab)),                                                       // two in one chunk
            concat(chunk(Arrays.copyOfRange(clip, 0, 10)), chunk(Arrays.copyOfRange(clip, 10, clip.length))),
            chunk(message(1, 99, new byte[0], -1)),
            chunk(message(2, 4, new byte[0], -1)),
            chunk(message(1, 4, new byte[0], 17 << 20)),
        };
        StringBuilder cmd = new StringBuilder("/tbagent parse");
        for (byte[] r : reads) {
            cmd.append(' ').append(HexFormat.of().formatHex(r));
        }
        assertEquals(String.join("\n",
                "TBAG ANNOUNCE_CAPABILITIES request=0 caps=0x60 words=1",
                "TBAG MONITORS_CONFIG n=2 flags=0x1 0:1024x768+0+0d32 1:800x600+1024+0d32",
                "TBAG CLIPBOARD_GRAB sel=1 types=1,2",
                "TBAG sent CLIPBOARD_REQUEST sel=1 type=1",
                "TBAG CLIPBOARD sel=0 type=1 len=5 sha256=" + sha256("hello".getBytes(StandardCharsets.US_ASCII))
                        + " text=\"hello\"",
                "TBAG drop reason=unknown-type type=99 size=0 port=1",
                "TBAG drop reason=protocol protocol=2 type=4 port=1",
                "TBAG drop reason=too-big type=CLIPBOARD size=17825792"),
                withoutDaemonAnnounce(console.run(cmd.toString(), WAIT)));
    }

    /**
     * The console also carries the running agent daemon's own lines; its announce (request=1, its default caps) can
     * land in the middle of the parse command's output (seen once in CI-like runs). The parse run never sends one.
     */
    private static String withoutDaemonAnnounce(String out) {
        String daemon = "TBAG sent ANNOUNCE_CAPABILITIES request=1 caps=0x" + Integer.toHexString(GuestAgentLog.DEFAULT_CAPS);
        return String.join("\n", out.lines().filter(l -> !l.trim().equals(daemon)).toList());
    }

    private static byte[] message(int protocol, int type, byte[] body, int declaredSize) {
        return concat(le(protocol, type, 0, 0, declaredSize < 0 ? body.length : declaredSize), body);
    }

    private static byte[] chunk(byte[] data) {
        return concat(le(1, data.length), data);
    }

    private static byte[] le(int... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
            b.putInt(v);
        }
        return b.array();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** Pastes with xclip until the viewer offers the target (the grab reaches it asynchronously). */
    private static byte[] pasteWhenOffered(RemoteViewerSession viewer, String target) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            byte[] out = viewer.xclip(null, Duration.ofSeconds(10), "-o", "-selection", "clipboard", "-t", target);
            if (out.length > 0 || System.nanoTime() > deadline) {
                return out;
            }
            Thread.sleep(200);
        }
    }

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }
}
