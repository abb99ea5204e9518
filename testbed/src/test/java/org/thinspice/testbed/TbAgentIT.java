package org.thinspice.testbed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
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
            try (RemoteViewerSession viewer = RemoteViewerSession.start(qemu)) {
                Entry caps = agent.await(e -> !e.sent() && e.name().equals("ANNOUNCE_CAPABILITIES")
                        && e.intField("request") == 1, Duration.ofSeconds(30));
                // spice-gtk 0.42 announces CLIPBOARD_BY_DEMAND (5) and CLIPBOARD_SELECTION (6) among others.
                assertEquals(0x60, caps.intField("caps") & 0x60, caps.text());
                agent.await(e -> e.sent() && e.name().equals("ANNOUNCE_CAPABILITIES") && e.intField("request") == 0, WAIT);
                assertEquals("client", qemu.qmp().querySpice().get("mouse-mode").getAsString());

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
                assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, java.util.Arrays.copyOf(png, 4));
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
