package org.thinspice.engine.image;

import org.junit.jupiter.api.Test;
import org.thinspice.engine.SpiceImageException;
import org.thinspice.engine.SpiceProtocolException;

import java.time.Duration;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GlzDecoderTest {
    private static final int A = 0xFF102030;
    private static final int B = 0xFF405060;
    private static final int C = 0xFF708090;
    private static final int D = 0xFFA0B0C0;

    private final GlzWindow window = new GlzWindow(1 << 20, Duration.ZERO);

    private int[] glz(LzTestStreams s, int w, int h) throws SpiceProtocolException {
        byte[] stream = s.bytes();
        byte[] framed = LzTestStreams.framed(stream, 11);
        return GlzDecoder.decode(framed, 11, stream.length, w, h, window);
    }

    private void rejects(LzTestStreams s, int w, int h, String why) {
        byte[] stream = s.bytes();
        SpiceImageException e = assertThrows(SpiceImageException.class,
                () -> GlzDecoder.decode(stream, 0, stream.length, w, h, window));
        assertTrue(e.getMessage().contains(why), e.getMessage());
    }

    @Test
    void literalsAndReferencesInsideOneImage() throws Exception {
        // RGB32 bias 0: a 1-pixel match is encodable; the offset inside an image is biased by one
        LzTestStreams s = LzTestStreams.glz(LzFormat.RGB32, true, 8, 1, 0, 0)
                .rgb(A, B, C).glzRef(1, 3, 0, 0, false).glzRef(4, 2, 0, 0, false);
        assertArrayEquals(new int[] {A, B, C, A, C, A, C, A}, glz(s, 8, 1));
        assertTrue(window.contains(0));
    }

    @Test
    void longMatchesAndLongOffsetForms() throws Exception {
        int w = 300;
        int h = 500;
        int n = w * h;
        int[] want = new int[n];
        LzTestStreams s = LzTestStreams.glz(LzFormat.RGB32, true, w, h, 0, 0);
        int lits = 140_000; // more than 2^17 pixels back needs the "very long" offset
        for (int i = 0; i < lits; i += 20) {
            int[] run = new int[20];
            for (int k = 0; k < 20; k++) {
                run[k] = want[i + k] = 0xFF000000 | (i + k) * 40503;
            }
            s.rgb(run);
        }
        int op = lits;
        int[][] refs = {{600, 5000}, {1000, 139_500}, {7, 3}, {8, 1}, {2000, 10}};
        for (int[] r : refs) {
            s.glzRef(r[0], r[1], 0, 0, r[1] == 3);
            for (int i = 0; i < r[0]; i++, op++) {
                want[op] = want[op - r[1]];
            }
        }
        s.glzRef(n - op, 131_100, 0, 0, false);
        for (; op < n; op++) {
            want[op] = want[op - 131_100];
        }
        assertArrayEquals(want, glz(s, w, h));
    }

    @Test
    void crossImageReferencesCountFromTheReferencedImagesFirstPixelInStreamOrder() throws Exception {
        // image 0 is bottom-up: stream order A B / C D, shown C D / A B
        assertArrayEquals(new int[] {C, D, A, B}, glz(LzTestStreams.glz(LzFormat.RGB32, false, 2, 2, 0, 0).rgb(A, B, C, D), 2, 2));
        // image 1 (top-down) takes pixels 1..3 of image 0 (B C D) in the short form, then 2 pixels from offset 0 in the long form
        LzTestStreams s = LzTestStreams.glz(LzFormat.RGB24, true, 5, 1, 1, 1)
                .glzRef(3, 1, 1, 0, false).glzRef(2, 0, 1, 0, true);
        assertArrayEquals(new int[] {B, C, D, A, B}, glz(s, 5, 1));
    }

    @Test
    void imageDistancesOfEveryWidthResolve() throws Exception {
        long[] dists = {1, 63, 64, 255, 256, 16383, 16384, 65536, 4_194_304};
        long top = 4_194_304 + 10;
        for (long d : dists) {
            long id = top - d;
            glz(LzTestStreams.glz(LzFormat.RGB32, true, 1, 1, id, 0).rgb(0xFF000000 | (int) d), 1, 1);
        }
        for (boolean longForm : new boolean[] {false, true}) {
            LzTestStreams s = LzTestStreams.glz(LzFormat.RGB32, true, dists.length, 1, top, top);
            for (long d : dists) {
                s.glzRef(1, 0, d, 0, longForm);
            }
            int[] px = GlzDecoder.decode(s.bytes(), 0, s.bytes().length, dists.length, 1, window);
            for (int i = 0; i < dists.length; i++) {
                assertEquals(0xFF000000 | (int) dists[i], px[i], "distance " + dists[i] + (longForm ? " long form" : ""));
            }
        }
    }

    @Test
    void rgbaKeepsAlphaAcrossImagesAndRgbImagesStayOpaque() throws Exception {
        // image 0 RGBA: RGB A B A B, alpha 10 20 (+ a 2-pixel match; alpha bias 2 so the minimum is 3... use literals)
        LzTestStreams s0 = LzTestStreams.glz(LzFormat.RGBA, true, 4, 1, 0, 0)
                .rgb(A, B).glzRef(2, 2, 0, 0, false).bytes(0x10, 0x20, 0x30, 0x40);
        assertArrayEquals(new int[] {A & 0x10FFFFFF, B & 0x20FFFFFF, A & 0x30FFFFFF, B & 0x40FFFFFF}, glz(s0, 4, 1));
        // image 1 RGB32 copies all four from image 0: alpha must read 0xFF
        LzTestStreams s1 = LzTestStreams.glz(LzFormat.RGB32, true, 4, 1, 1, 1).glzRef(4, 0, 1, 0, false);
        assertArrayEquals(new int[] {A, B, A, B}, glz(s1, 4, 1));
        // image 2 RGBA: RGB from image 1, alpha 3 pixels from image 0's offset 1, then one own literal
        LzTestStreams s2 = LzTestStreams.glz(LzFormat.RGBA, true, 4, 1, 2, 2)
                .glzRef(4, 0, 1, 0, false).glzRef(3, 1, 2, 2, false).bytes(0x55);
        assertArrayEquals(new int[] {A & 0x20FFFFFF, B & 0x30FFFFFF, A & 0x40FFFFFF, B & 0x55FFFFFF}, glz(s2, 4, 1));
    }

    @Test
    void rgb16WidensAndHasMatchBiasOne() throws Exception {
        LzTestStreams s = LzTestStreams.glz(LzFormat.RGB16, true, 4, 1, 0, 0).rgb16(0x7C00, 0x03E0).glzRef(2, 2, 0, 1, false);
        assertArrayEquals(new int[] {0xFFFF0000, 0xFF00FF00, 0xFFFF0000, 0xFF00FF00}, glz(s, 4, 1));
    }

    @Test
    void returnedPixelsAreACopyTheWindowDoesNotShare() throws Exception {
        int[] first = glz(LzTestStreams.glz(LzFormat.RGB32, true, 2, 1, 0, 0).rgb(A, B), 2, 1);
        Arrays.fill(first, 0);
        int[] second = glz(LzTestStreams.glz(LzFormat.RGB32, true, 2, 1, 1, 1).glzRef(2, 0, 1, 0, false), 2, 1);
        assertArrayEquals(new int[] {A, B}, second);
        assertNotSame(first, second);
    }

    @Test
    void imageIdIsReadableWithoutDecoding() throws Exception {
        byte[] s = LzTestStreams.glz(LzFormat.RGB32, true, 1, 1, 0x1_0000_0002L, 0).rgb(A).bytes();
        assertEquals(0x1_0000_0002L, GlzDecoder.imageId(s, 0, s.length));
        assertThrows(SpiceImageException.class, () -> GlzDecoder.imageId(s, 0, 20));
    }

    @Test
    void glzRgbPayloadCarriesALittleEndianSizePrefix() throws Exception {
        byte[] s = LzTestStreams.glz(LzFormat.RGB32, true, 1, 1, 0, 0).rgb(A).bytes();
        byte[] payload = new byte[4 + s.length];
        payload[0] = (byte) s.length;
        System.arraycopy(s, 0, payload, 4, s.length);
        assertArrayEquals(new int[] {A}, GlzDecoder.decodeGlzRgbPayload(payload, 0, payload.length, 1, 1, window));
        payload[0]++;
        assertThrows(SpiceImageException.class,
                () -> GlzDecoder.decodeGlzRgbPayload(payload, 0, payload.length, 1, 1, window));
    }

    @Test
    void malformedStreamsAreRejected() throws Exception {
        rejects(LzTestStreams.glz(LzFormat.PLT8, true, 1, 1, 0, 0), 1, 1, "not supported");
        rejects(LzTestStreams.glz(LzFormat.RGB32, true, 2, 1, 0, 0).rgb(A, B), 1, 2, "differs");
        rejects(LzTestStreams.glz(LzFormat.RGB32, true, 3, 1, 0, 0).rgb(A).glzRef(1, 2, 0, 0, false), 3, 1, "before the image");
        rejects(LzTestStreams.glz(LzFormat.RGB32, true, 3, 1, 0, 0).rgb(A).glzRef(3, 1, 0, 0, false), 3, 1, "overflows");
        rejects(LzTestStreams.glz(LzFormat.RGB32, true, 2, 1, 0, 0).glzRef(1, 0, 1, 0, false), 2, 1, "references 1 images back");
        rejects(LzTestStreams.glz(LzFormat.RGB32, true, 2, 1, 5, 0).glzRef(1, 0, 1, 0, false), 2, 1, "not received");
        rejects(LzTestStreams.glz(LzFormat.RGB32, true, 2, 1, 0, 0).rgb(A), 2, 1, "truncated");
        glz(LzTestStreams.glz(LzFormat.RGB32, true, 2, 1, 7, 0).rgb(A, B), 2, 1);
        rejects(LzTestStreams.glz(LzFormat.RGB32, true, 2, 1, 8, 1).glzRef(2, 1, 1, 0, false), 2, 1, "past the end of image 7");
        byte[] negativeId = LzTestStreams.glz(LzFormat.RGB32, true, 1, 1, -1, 0).rgb(A).bytes();
        assertThrows(SpiceImageException.class, () -> GlzDecoder.decode(negativeId, 0, negativeId.length, 1, 1, window));
        assertFalse(window.contains(8), "a failed image is not added");
    }

    @Test
    void randomSequencesMatchANaiveModel() throws Exception {
        Random rnd = new Random(7);
        int images = 40;
        int[][] model = new int[images][];
        for (int id = 0; id < images; id++) {
            int w = 1 + rnd.nextInt(60);
            int h = 1 + rnd.nextInt(20);
            int n = w * h;
            int[] m = model[id] = new int[n];
            LzTestStreams s = LzTestStreams.glz(LzFormat.RGB32, true, w, h, id, Math.min(id, 8));
            int op = 0;
            while (op < n) {
                int kind = rnd.nextInt(3);
                if (kind == 0 || (kind == 1 && op == 0) || (kind == 2 && id == 0)) {
                    int[] run = new int[1 + rnd.nextInt(Math.min(32, n - op))];
                    for (int i = 0; i < run.length; i++) {
                        run[i] = m[op++] = 0xFF000000 | rnd.nextInt(6) * 0x2A3B4C;
                    }
                    s.rgb(run);
                } else if (kind == 1) {
                    int len = 1 + rnd.nextInt(Math.min(n - op, 300));
                    int dist = 1 + rnd.nextInt(op);
                    for (int i = 0; i < len; i++, op++) {
                        m[op] = m[op - dist];
                    }
                    s.glzRef(len, dist, 0, 0, rnd.nextBoolean());
                } else {
                    int back = 1 + rnd.nextInt(Math.min(id, 8));
                    int[] src = model[id - back];
                    int len = 1 + rnd.nextInt(Math.min(n - op, src.length));
                    int from = rnd.nextInt(src.length - len + 1);
                    System.arraycopy(src, from, m, op, len);
                    op += len;
                    s.glzRef(len, from, back, 0, rnd.nextBoolean());
                }
            }
            byte[] b = s.bytes();
            assertArrayEquals(m, GlzDecoder.decode(b, 0, b.length, w, h, window), "image " + id);
        }
        assertTrue(window.imageCount() <= 9, "released below id - win_head_dist: " + window.imageCount());
    }
}
