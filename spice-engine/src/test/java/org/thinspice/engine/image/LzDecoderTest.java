package org.thinspice.engine.image;

import org.junit.jupiter.api.Test;
import org.thinspice.engine.SpiceImageException;
import org.thinspice.engine.SpiceProtocolException;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LzDecoderTest {
    private static final int A = 0xFF102030;
    private static final int B = 0xFF405060;
    private static final int C = 0xFF708090;
    private static final int D = 0xFFA0B0C0;

    /** Decodes from offset 0 and again from inside a slice with junk around it; both must agree. */
    private static int[] rgb(LzTestStreams s, int w, int h) throws SpiceProtocolException {
        byte[] stream = s.bytes();
        int[] plain = LzDecoder.decodeRgb(stream, 0, stream.length, w, h);
        byte[] framed = LzTestStreams.framed(stream, 13);
        assertArrayEquals(plain, LzDecoder.decodeRgb(framed, 13, stream.length, w, h));
        return plain;
    }

    private static void rejects(LzTestStreams s, int w, int h, String why) {
        byte[] stream = s.bytes();
        SpiceImageException e = assertThrows(SpiceImageException.class,
                () -> LzDecoder.decodeRgb(stream, 0, stream.length, w, h));
        assertTrue(e.getMessage().contains(why), e.getMessage());
    }

    @Test
    void literalRunsOfRgb32AndRgb24AreBgrBytesWithOpaqueAlpha() throws Exception {
        int[] want = {A, B, C, D};
        assertArrayEquals(want, rgb(LzTestStreams.lz(LzFormat.RGB32, 2, 2, 8, true).rgb(A, B, C).rgb(D), 2, 2));
        assertArrayEquals(want, rgb(LzTestStreams.lz(LzFormat.RGB24, 2, 2, 6, true).rgb(A, B, C, D), 2, 2));
    }

    @Test
    void rgb16WidensEachChannelByBitReplication() throws Exception {
        // x555: white, pure blue, (1,1,1), pure red with the unused top bit set
        int[] px = rgb(LzTestStreams.lz(LzFormat.RGB16, 4, 1, 8, true).rgb16(0x7FFF, 0x001F, 0x0421, 0xFC00), 4, 1);
        assertArrayEquals(new int[] {0xFFFFFFFF, 0xFF0000FF, 0xFF080808, 0xFFFF0000}, px);
    }

    @Test
    void backReferenceCopiesEarlierPixels() throws Exception {
        // RGB32 bias 1: a match of 4 pixels from 4 back
        int[] px = rgb(LzTestStreams.lz(LzFormat.RGB32, 8, 1, 32, true).rgb(A, B, C, D).lzRef(4, 4, 1), 8, 1);
        assertArrayEquals(new int[] {A, B, C, D, A, B, C, D}, px);
    }

    @Test
    void rgb16MatchesHaveALargerMinimumLength() throws Exception {
        // RGB16 bias 2: the shortest encodable match is 2 pixels
        int[] px = rgb(LzTestStreams.lz(LzFormat.RGB16, 4, 1, 8, true).rgb16(0x7FFF, 0x001F).lzRef(2, 2, 2), 4, 1);
        assertArrayEquals(new int[] {0xFFFFFFFF, 0xFF0000FF, 0xFFFFFFFF, 0xFF0000FF}, px);
    }

    @Test
    void overlappingReferencesRepeatTheirPattern() throws Exception {
        for (int len : new int[] {5, 15, 16, 17, 40, 300}) {
            int w = 3 + len;
            int[] runOfOne = rgb(LzTestStreams.lz(LzFormat.RGB32, w, 1, 4 * w, true).rgb(A, B, C).lzRef(len, 1, 1), w, 1);
            int[] period2 = rgb(LzTestStreams.lz(LzFormat.RGB32, w, 1, 4 * w, true).rgb(A, B, C).lzRef(len, 2, 1), w, 1);
            int[] period3 = rgb(LzTestStreams.lz(LzFormat.RGB32, w, 1, 4 * w, true).rgb(A, B, C).lzRef(len, 3, 1), w, 1);
            for (int i = 3; i < w; i++) {
                assertEquals(C, runOfOne[i], "run of " + len + " at " + i);
                assertEquals((i & 1) == 0 ? C : B, period2[i], "period 2 of " + len + " at " + i);
                assertEquals(new int[] {A, B, C}[i % 3], period3[i], "period 3 of " + len + " at " + i);
            }
        }
    }

    @Test
    void longMatchLengthsAddExtensionBytesWhile255() throws Exception {
        int len = 6 + 255 + 255 + 10 + 1; // needs two 255 bytes and a final one
        int w = len + 1;
        LzTestStreams s = LzTestStreams.lz(LzFormat.RGB32, w, 1, 4 * w, true).rgb(A).lzRef(len, 1, 1);
        byte[] b = s.bytes();
        assertEquals(LzDecoder.HEADER_SIZE + 4 + 5, b.length, "ctrl, 255, 255, 10, distance");
        int[] want = new int[w];
        Arrays.fill(want, A);
        assertArrayEquals(want, rgb(s, w, 1));
    }

    @Test
    void farDistancesUseTheSixteenBitForm() throws Exception {
        int w = 100;
        int h = 100;
        int n = w * h;
        int lits = 9000;
        int[] want = new int[n];
        LzTestStreams s = LzTestStreams.lz(LzFormat.RGB32, w, h, 4 * w, true);
        for (int i = 0; i < lits; i += 30) {
            int[] run = new int[30];
            for (int k = 0; k < 30; k++) {
                run[k] = want[i + k] = 0xFF000000 | (i + k) * 2654435;
            }
            s.rgb(run);
        }
        // far: 8991 back (> 8191); near but with low byte 255: 512 back; then the largest near distance
        s.lzRef(500, 8991, 1).lzRef(300, 512, 1).lzRef(n - lits - 800, 8191, 1);
        for (int i = lits; i < lits + 500; i++) {
            want[i] = want[i - 8991];
        }
        for (int i = lits + 500; i < lits + 800; i++) {
            want[i] = want[i - 512];
        }
        for (int i = lits + 800; i < n; i++) {
            want[i] = want[i - 8191];
        }
        assertArrayEquals(want, rgb(s, w, h));
    }

    @Test
    void bottomUpStreamsAreFlippedToTopDown() throws Exception {
        int[] px = rgb(LzTestStreams.lz(LzFormat.RGB32, 2, 3, 8, false).rgb(A, B, C, D).lzRef(2, 4, 1), 2, 3);
        assertArrayEquals(new int[] {A, B, C, D, A, B}, px);
    }

    @Test
    void rgbaRunsAnAlphaPassAfterTheRgbPass() throws Exception {
        LzTestStreams s = LzTestStreams.lz(LzFormat.RGBA, 8, 1, 32, true)
                .rgb(A, B).lzRef(6, 2, 1)               // RGB: A B A B A B A B
                .bytes(0x00, 0x80, 0x7F).lzRef(5, 1, 3); // alpha: 00 80 7F then 7F x5 (alpha bias 3)
        int[] px = rgb(s, 8, 1);
        int[] want = {A & 0xFFFFFF, B & 0xFFFFFF | 0x80000000, A & 0xFFFFFF | 0x7F000000, 0, 0, 0, 0, 0};
        for (int i = 3; i < 8; i++) {
            want[i] = ((i & 1) == 0 ? A : B) & 0xFFFFFF | 0x7F000000;
        }
        assertArrayEquals(want, px);
    }

    @Test
    void a8DecodesToAlphaOverBlack() throws Exception {
        int[] px = rgb(LzTestStreams.lz(LzFormat.A8, 5, 1, 5, true).bytes(0xFF, 0x01).lzRef(3, 2, 3), 5, 1);
        assertArrayEquals(new int[] {0xFF000000, 0x01000000, 0xFF000000, 0x01000000, 0xFF000000}, px);
    }

    @Test
    void xxxaWritesOnlyTheAlphaOfAnExistingImage() throws Exception {
        for (boolean topDown : new boolean[] {true, false}) {
            // both stream rows are 10 20 30 (the second by reference), so the row order does not show here
            byte[] s = LzTestStreams.lz(LzFormat.XXXA, 3, 2, 12, topDown).bytes(0x10, 0x20, 0x30).lzRef(3, 3, 3).bytes();
            int[] argb = {0xFF111111, 0xFF222222, 0xFF333333, 0xFF444444, 0xFF555555, 0xFF666666};
            byte[] framed = LzTestStreams.framed(s, 5);
            LzDecoder.decodeAlphaInto(framed, 5, s.length, 3, 2, argb);
            assertArrayEquals(new int[] {0x10111111, 0x20222222, 0x30333333, 0x10444444, 0x20555555, 0x30666666}, argb);
        }
        byte[] bottomUp = LzTestStreams.lz(LzFormat.XXXA, 1, 2, 4, false).bytes(0x01, 0x02).bytes();
        int[] argb = {0xFF000001, 0xFF000002};
        LzDecoder.decodeAlphaInto(bottomUp, 0, bottomUp.length, 1, 2, argb);
        assertArrayEquals(new int[] {0x02000001, 0x01000002}, argb, "first stream row is the bottom row");
    }

    @Test
    void xxxaRejectsOtherTypesAndWrongTargets() {
        byte[] s = LzTestStreams.lz(LzFormat.RGB32, 1, 1, 4, true).rgb(A).bytes();
        assertThrows(SpiceImageException.class, () -> LzDecoder.decodeAlphaInto(s, 0, s.length, 1, 1, new int[1]));
        byte[] x = LzTestStreams.lz(LzFormat.XXXA, 1, 1, 4, true).bytes(1).bytes();
        assertThrows(SpiceImageException.class, () -> LzDecoder.decodeAlphaInto(x, 0, x.length, 1, 1, new int[2]));
    }

    @Test
    void randomStreamsMatchANaiveModel() throws Exception {
        Random rnd = new Random(42);
        for (int trial = 0; trial < 200; trial++) {
            int w = 1 + rnd.nextInt(200);
            int h = 1 + rnd.nextInt(60);
            int n = w * h;
            int[] model = new int[n];
            LzTestStreams s = LzTestStreams.lz(LzFormat.RGB32, w, h, 4 * w, true);
            int op = 0;
            while (op < n) {
                if (op == 0 || rnd.nextInt(3) == 0) {
                    int[] run = new int[1 + rnd.nextInt(Math.min(32, n - op))];
                    for (int i = 0; i < run.length; i++) {
                        run[i] = model[op++] = 0xFF000000 | rnd.nextInt(8) * 0x1F2F3F;
                    }
                    s.rgb(run);
                } else {
                    int len = 1 + rnd.nextInt(Math.min(n - op, rnd.nextBoolean() ? 20 : 2000));
                    int dist = 1 + rnd.nextInt(Math.min(op, rnd.nextBoolean() ? 4 : 20000));
                    for (int i = 0; i < len; i++, op++) {
                        model[op] = model[op - dist];
                    }
                    s.lzRef(len, dist, 1);
                }
            }
            assertArrayEquals(model, rgb(s, w, h), "trial " + trial);
        }
    }

    @Test
    void lzRgbPayloadCarriesALittleEndianSizePrefix() throws Exception {
        byte[] s = LzTestStreams.lz(LzFormat.RGB32, 1, 1, 4, true).rgb(A).bytes();
        byte[] payload = new byte[4 + s.length + 3];
        payload[0] = (byte) s.length;
        System.arraycopy(s, 0, payload, 4, s.length);
        assertArrayEquals(new int[] {A}, LzDecoder.decodeLzRgbPayload(payload, 0, payload.length, 1, 1));
        payload[0] = (byte) (s.length + 4);
        assertThrows(SpiceImageException.class, () -> LzDecoder.decodeLzRgbPayload(payload, 0, payload.length, 1, 1));
    }

    @Test
    void malformedHeadersAreRejected() {
        rejects(new LzTestStreams().u32(0x12345678), 1, 1, "magic");
        rejects(new LzTestStreams().u32(LzFormat.MAGIC).u32(0x00010000), 1, 1, "version");
        rejects(LzTestStreams.lz(12, 1, 1, 4, true), 1, 1, "type");
        rejects(LzTestStreams.lz(LzFormat.RGB32, 2, 1, 8, true).rgb(A, B), 1, 2, "differs");
        rejects(LzTestStreams.lz(LzFormat.RGB32, 2, 1, 6, true).rgb(A, B), 2, 1, "stride");
        rejects(LzTestStreams.lz(LzFormat.PLT8, 2, 1, 2, true).bytes(0, 0), 2, 1, "not an RGB type");
        rejects(LzTestStreams.lz(LzFormat.RGB32, 1, 1, 4, true).u8(0).u8(1), 1, 1, "truncated");
    }

    @Test
    void malformedBodiesAreRejected() {
        rejects(LzTestStreams.lz(LzFormat.RGB32, 2, 1, 8, true).rgb(A, B, C), 2, 1, "overflows");
        rejects(LzTestStreams.lz(LzFormat.RGB32, 3, 1, 12, true).rgb(A).lzRef(2, 2, 1), 3, 1, "before the image");
        rejects(LzTestStreams.lz(LzFormat.RGB32, 3, 1, 12, true).rgb(A).lzRef(3, 1, 1), 3, 1, "overflows");
        rejects(LzTestStreams.lz(LzFormat.RGB32, 3, 1, 12, true).rgb(A).u8(0xE0).u8(255).u8(255), 3, 1, "longer");
        rejects(LzTestStreams.lz(LzFormat.RGB32, 3, 1, 12, true).rgb(A).u8(0x20), 3, 1, "truncated");
        rejects(LzTestStreams.lz(LzFormat.RGB32, 3, 1, 12, true).rgb(A), 3, 1, "truncated");
    }

    @Test
    void badSlicesAndLimitsAreTypedErrors() {
        byte[] s = LzTestStreams.lz(LzFormat.RGB32, 1, 1, 4, true).rgb(A).bytes();
        assertThrows(SpiceImageException.class, () -> LzDecoder.decodeRgb(s, 2, s.length, 1, 1));
        assertThrows(SpiceImageException.class, () -> LzDecoder.decodeRgb(s, -1, 1, 1, 1));
        assertThrows(SpiceProtocolException.class, () -> LzDecoder.decodeRgb(s, 0, s.length, 1 << 20, 1 << 20));
        assertThrows(SpiceProtocolException.class, () -> LzDecoder.decodeRgb(s, 0, s.length, 0, 1));
    }
}
