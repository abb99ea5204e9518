package org.thinspice.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.thinspice.engine.agent.ClipboardPolicy;
import org.thinspice.engine.cli.PngWriter;
import org.thinspice.testbed.GuestAgentLog;
import org.thinspice.testbed.Processes;

/**
 * PNG images take the text's path under the same policy, judged from outside the kiosk: the desktop's
 * image copied before connect is the terminal's {@code image/png} X clipboard target pixel for pixel
 * (xclip; GTK re-encodes it), and an image another X client copied on the terminal reaches the guest's
 * agent byte for byte (its serial console logs a SHA-256); in a forbidden direction nothing crosses.
 */
class ClipboardPngIT {
    private static final int REPETITIONS = 5;
    private static ClipboardRig rig;

    @BeforeAll
    static void boot() throws Exception {
        rig = ClipboardRig.start("clipboard-png");
        rig.agent.regrabOnConnect(true);
    }

    @AfterAll
    static void stop() {
        if (rig != null) {
            rig.close();
        }
    }

    @ParameterizedTest
    @EnumSource(ClipboardPolicy.class)
    void desktopImageCopiedBeforeConnect(ClipboardPolicy policy) throws Exception {
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < REPETITIONS; i++) {
            String placeholder = "placeholder " + policy.key() + " #" + i;
            Process owner = rig.kiosk.x().xclipInBackground(placeholder.getBytes(StandardCharsets.UTF_8), "-quiet", "-i",
                    "-selection", "clipboard");
            try {
                rig.awaitTerminalClipboard(placeholder, ClipboardRig.WAIT);
                int[] pixels = gradient(policy.ordinal() * 10 + i);
                byte[] source = encode(16, 12, pixels);
                rig.agent.ctl(0, "grab-hex", "2 " + HexFormat.of().formatHex(source)); // type 2: image/png
                rig.agent.skipToNow();
                rig.connect(policy);
                rig.agent.await(e -> e.sent() && e.name().equals("CLIPBOARD_GRAB"), ClipboardRig.WAIT);
                if (policy.allowsToClient()) {
                    // GTK serves the picture re-encoded: the pixels are the oracle, not the bytes.
                    if (!awaitPixels(pixels)) {
                        failures.add("#" + i + ": image/png on the terminal is not the desktop's picture");
                    }
                } else {
                    Thread.sleep(ClipboardRig.SILENCE.toMillis());
                    byte[] png = png();
                    boolean isPng = png.length > 8 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G';
                    if (isPng || !rig.terminalClipboard().equals(placeholder)) {
                        failures.add("#" + i + ": the terminal clipboard changed (" + png.length + " bytes as image/png)");
                    }
                }
                rig.kiosk.disconnect(ClipboardRig.WAIT);
            } finally {
                Processes.stop(owner, Duration.ofSeconds(2));
            }
            long[] counts = rig.kiosk.report();
            if (counts[0] != (policy.allowsToClient() ? 1 : 0)) {
                failures.add("#" + i + ": the last session counts " + counts[0] + " transfers out of the desktop");
            }
        }
        assertEquals(List.of(), failures, policy.key() + "; kiosk log " + rig.kiosk.log());
    }

    @ParameterizedTest
    @EnumSource(ClipboardPolicy.class)
    void terminalImageIntoTheDesktop(ClipboardPolicy policy) throws Exception {
        rig.connect(policy);
        rig.awaitClientAnnounce();
        List<String> failures = new ArrayList<>();
        Process owner = null;
        try {
            for (int i = 0; i < REPETITIONS; i++) {
                byte[] png = picture(policy.ordinal() * 100 + i);
                long mark = rig.kiosk.logLines();
                rig.agent.skipToNow();
                Processes.stop(owner, Duration.ofSeconds(2));
                owner = rig.kiosk.x().xclipInBackground(png, "-quiet", "-i", "-selection", "clipboard", "-t", "image/png");
                if (policy.allowsToGuest()) {
                    try {
                        GuestAgentLog.Entry got = rig.agent.await(e -> !e.sent() && e.name().equals("CLIPBOARD"),
                                ClipboardRig.WAIT);
                        if (got.intField("type") != 2 || !got.fields().get("sha256").equals(sha(png))) {
                            failures.add("#" + i + ": the agent received " + got.text());
                        }
                    } catch (java.util.concurrent.TimeoutException e) {
                        failures.add("#" + i + ": the agent received no image");
                    }
                } else {
                    rig.kiosk.awaitLog(mark, "not made: policy", ClipboardRig.WAIT);
                    Thread.sleep(ClipboardRig.SILENCE.toMillis());
                    List<String> seen = rig.agent.entries().stream().filter(e -> !e.sent()
                            && e.name().startsWith("CLIPBOARD")).map(GuestAgentLog.Entry::text).toList();
                    if (!seen.isEmpty()) {
                        failures.add("#" + i + ": the agent received " + seen);
                    }
                }
            }
        } finally {
            Processes.stop(owner, Duration.ofSeconds(2));
            rig.kiosk.disconnect(ClipboardRig.WAIT);
        }
        assertEquals(List.of(), failures, policy.key() + "; kiosk log " + rig.kiosk.log());
        assertEquals(policy.allowsToGuest() ? REPETITIONS : 0, rig.kiosk.report()[1], "transfers into the desktop");
    }

    private static byte[] png() throws Exception {
        return rig.kiosk.x().xclip(null, Duration.ofSeconds(10), "-o", "-selection", "clipboard", "-t", "image/png");
    }

    /** Polls the terminal's image/png target until it decodes to {@code want} (16x12, RGB compared). */
    private static boolean awaitPixels(int[] want) throws Exception {
        long deadline = System.nanoTime() + ClipboardRig.WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            byte[] png = png();
            java.awt.image.BufferedImage img = png.length == 0 ? null
                    : javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png));
            if (img != null && img.getWidth() == 16 && img.getHeight() == 12) {
                boolean same = true;
                for (int i = 0; i < want.length && same; i++) {
                    same = (img.getRGB(i % 16, i / 16) & 0xFFFFFF) == (want[i] & 0xFFFFFF);
                }
                if (same) {
                    return true;
                }
            }
            Thread.sleep(100);
        }
        return false;
    }

    /** A small, compressible picture (its PNG fits one tbagent control line). */
    private static int[] gradient(int seed) {
        int[] px = new int[16 * 12];
        for (int i = 0; i < px.length; i++) {
            int x = i % 16;
            int y = i / 16;
            px[i] = 0xFF000000 | (x * 16 + seed) % 256 << 16 | (y * 20) << 8 | (seed * 7) % 256;
        }
        return px;
    }

    private static byte[] picture(int seed) throws Exception {
        int[] px = new int[32 * 24];
        for (int i = 0; i < px.length; i++) {
            px[i] = 0xFF000000 | (i * 2654435 + seed * 40503) & 0xFFFFFF;
        }
        return encode(32, 24, px);
    }

    private static byte[] encode(int w, int h, int[] px) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PngWriter.write(w, h, px, out);
        return out.toByteArray();
    }

    private static String sha(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }
}
