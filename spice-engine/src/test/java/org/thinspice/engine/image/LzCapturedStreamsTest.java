package org.thinspice.engine.image;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.thinspice.engine.SpiceImageException;
import org.thinspice.engine.SpiceProtocolException;

import java.time.Duration;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Streams QEMU's spice-server sent for the SeaBIOS screen, checked against QEMU's own screendump. */
class LzCapturedStreamsTest {
    private static final String[] CAPTURES = {"lz/seabios", "glz/seabios", "glz/seabios-zlib"};

    private static GlzWindow window() {
        return new GlzWindow(8L << 20, Duration.ZERO);
    }

    @ParameterizedTest
    @ValueSource(strings = {"lz/seabios", "glz/seabios", "glz/seabios-zlib"})
    void compositingEveryDrawGivesTheScreendump(String dir) throws Exception {
        LzCapture cap = LzCapture.load(dir);
        int w = cap.screenWidth;
        int[] screen = new int[w * cap.screenHeight];
        java.util.Arrays.fill(screen, 0xFF000000); // a new surface is black
        GlzWindow window = window();
        int drawn = 0;
        for (LzCapture.Draw d : cap.draws) {
            byte[] framed = LzTestStreams.framed(d.payload, 17);
            int[] img = LzCapture.decode(d, framed, 17, d.payload.length, window); // every GLZ image, drawn or not
            if (d.serial < cap.surfaceSerial) {
                continue; // drawn on an earlier surface that the guest's mode switch replaced
            }
            assertEquals(0, d.surface);
            assertEquals(0, d.clipRects, "captured draws are unclipped");
            assertEquals(8, d.rop, "OP_PUT");
            int bw = d.right - d.left;
            int bh = d.bottom - d.top;
            assertEquals(bw, d.srcRight - d.srcLeft, "no scaling");
            assertEquals(bh, d.srcBottom - d.srcTop, "no scaling");
            for (int y = 0; y < bh; y++) {
                System.arraycopy(img, (d.srcTop + y) * d.width + d.srcLeft, screen, (d.top + y) * w + d.left, bw);
            }
            drawn++;
        }
        assertTrue(drawn > 10, "draws on the final surface: " + drawn);
        int[] want = cap.screendump();
        int lit = 0;
        for (int i = 0; i < want.length; i++) {
            if (want[i] != screen[i]) {
                fail(dir + ": pixel (" + i % w + "," + i / w + ") is " + Integer.toHexString(screen[i]) + ", screendump "
                        + Integer.toHexString(want[i]));
            }
            lit += want[i] != 0xFF000000 ? 1 : 0;
        }
        assertTrue(lit > 1000, "the screen shows text, not just black: " + lit + " lit pixels");
    }

    @ParameterizedTest
    @ValueSource(strings = {"glz/seabios", "glz/seabios-zlib"})
    void glzCapturesReallyReferenceEarlierImages(String dir) throws Exception {
        LzCapture cap = LzCapture.load(dir);
        int glz = 0;
        int needPredecessors = 0;
        for (LzCapture.Draw d : cap.draws) {
            if (d.type == LzCapture.LZ_RGB) {
                continue;
            }
            glz++;
            try {
                LzCapture.decode(d, d.payload, 0, d.payload.length, window());
            } catch (SpiceImageException e) {
                assertTrue(e.getMessage().contains("not received"), e.getMessage());
                needPredecessors++;
            }
        }
        assertTrue(glz > 20, "GLZ images: " + glz);
        assertTrue(needPredecessors > 0, "some GLZ images reference earlier ones");
        if (dir.endsWith("zlib")) {
            assertTrue(cap.draws.stream().anyMatch(d -> d.type == LzCapture.ZLIB_GLZ_RGB));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"lz/seabios", "glz/seabios", "glz/seabios-zlib"})
    void everyPrefixOfEveryStreamIsATypedError(String dir) throws Exception {
        LzCapture cap = LzCapture.load(dir);
        for (int i = 0; i < cap.draws.size(); i++) {
            LzCapture.Draw d = cap.draws.get(i);
            GlzWindow window = windowBefore(cap, i);
            byte[] p = d.payload;
            for (int len = 0; len < p.length - LzCapture.streamOffset(d); len++) {
                byte[] cut = truncate(d, len);
                String what = dir + " image " + d.seq + " cut to " + len;
                assertThrows(SpiceImageException.class, () -> LzCapture.decode(d, cut, 0, cut.length, window), what);
            }
            assertFalse(window.contains(Long.MAX_VALUE));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"lz/seabios", "glz/seabios", "glz/seabios-zlib"})
    void randomByteFlipsDecodeOrFailTyped(String dir) {
        LzCapture cap = LzCapture.load(dir);
        Random rnd = new Random(dir.hashCode());
        int failures = 0;
        for (int i = 0; i < cap.draws.size(); i++) {
            LzCapture.Draw d = cap.draws.get(i);
            GlzWindow window = windowBefore(cap, i);
            int trials = d.payload.length > 1000 ? 30 : 60;
            for (int t = 0; t < trials; t++) {
                byte[] bad = d.payload.clone();
                int flips = 1 + rnd.nextInt(3);
                for (int f = 0; f < flips; f++) {
                    bad[4 + rnd.nextInt(bad.length - 4)] ^= (byte) (1 + rnd.nextInt(255));
                }
                try {
                    LzCapture.decode(d, bad, 0, bad.length, window);
                } catch (SpiceImageException e) {
                    failures++;
                } catch (SpiceProtocolException e) {
                    fail(dir + " image " + d.seq + ": not an image error: " + e);
                } catch (RuntimeException e) {
                    throw new AssertionError(dir + " image " + d.seq + " flip trial " + t, e);
                }
            }
        }
        assertTrue(failures > 0, "flips were detected at least sometimes");
    }

    /** A fresh window holding the capture's images before {@code index}, decoded in order. */
    private static GlzWindow windowBefore(LzCapture cap, int index) {
        GlzWindow window = window();
        for (int k = 0; k < index; k++) {
            LzCapture.Draw d = cap.draws.get(k);
            try {
                LzCapture.decode(d, d.payload, 0, d.payload.length, window);
            } catch (SpiceProtocolException e) {
                throw new AssertionError(e);
            }
        }
        return window;
    }

    /**
     * The payload with its stream cut to {@code len} bytes and the size fields saying so, so the cut reaches
     * the stream decoder instead of failing the size check. For ZLIB_GLZ_RGB the zlib data is cut.
     */
    private static byte[] truncate(LzCapture.Draw d, int len) {
        byte[] p = d.payload;
        if (d.type == LzCapture.ZLIB_GLZ_RGB) {
            int zlen = Math.min(len, p.length - 8);
            byte[] cut = java.util.Arrays.copyOf(p, 8 + zlen);
            cut[4] = (byte) zlen;
            cut[5] = (byte) (zlen >> 8);
            cut[6] = 0;
            cut[7] = 0;
            return cut;
        }
        byte[] cut = java.util.Arrays.copyOf(p, 4 + len);
        cut[0] = (byte) len;
        cut[1] = (byte) (len >> 8);
        cut[2] = 0;
        cut[3] = 0;
        return cut;
    }
}
