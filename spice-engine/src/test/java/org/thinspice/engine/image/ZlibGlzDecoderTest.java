package org.thinspice.engine.image;

import org.junit.jupiter.api.Test;
import org.thinspice.engine.SpiceImageException;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.zip.Deflater;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ZlibGlzDecoderTest {
    private static final int A = 0xFF0A0B0C;
    private final GlzWindow window = new GlzWindow(1 << 20, Duration.ZERO);

    private static byte[] deflate(byte[] b) {
        Deflater d = new Deflater(3);
        d.setInput(b);
        d.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[256];
        while (!d.finished()) {
            out.write(buf, 0, d.deflate(buf));
        }
        d.end();
        return out.toByteArray();
    }

    /** The wire payload: u32 glz_data_size, u32 data_size (little-endian), zlib data. */
    private static byte[] payload(long glzSize, byte[] zlib, int dataSize) {
        byte[] p = new byte[8 + zlib.length];
        for (int i = 0; i < 4; i++) {
            p[i] = (byte) (glzSize >> 8 * i);
            p[4 + i] = (byte) (dataSize >> 8 * i);
        }
        System.arraycopy(zlib, 0, p, 8, zlib.length);
        return p;
    }

    private static byte[] glz(long id) {
        return LzTestStreams.glz(LzFormat.RGB32, true, 40, 1, id, id).rgb(A).glzRef(39, 1, 0, 0, false).bytes();
    }

    @Test
    void inflatesThenDecodesGlzIntoTheSharedWindow() throws Exception {
        byte[] g = glz(0);
        byte[] zlib = deflate(g);
        byte[] p = payload(g.length, zlib, zlib.length);
        byte[] framed = LzTestStreams.framed(p, 6);
        int[] px = ZlibGlzDecoder.decode(framed, 6, p.length, 40, 1, window);
        int[] want = new int[40];
        java.util.Arrays.fill(want, A);
        assertArrayEquals(want, px);
        assertTrue(window.contains(0));
        // a plain GLZ image can reference the zlib-wrapped one
        byte[] next = LzTestStreams.glz(LzFormat.RGB32, true, 40, 1, 1, 1).glzRef(40, 0, 1, 0, false).bytes();
        assertArrayEquals(want, GlzDecoder.decode(next, 0, next.length, 40, 1, window));
    }

    @Test
    void declaredSizesMustMatchWhatInflates() {
        byte[] g = glz(0);
        byte[] zlib = deflate(g);
        SpiceImageException shorter = assertThrows(SpiceImageException.class,
                () -> ZlibGlzDecoder.decode(payload(g.length + 1, zlib, zlib.length), 0, 8 + zlib.length, 40, 1, window));
        assertTrue(shorter.getMessage().contains("inflated to " + g.length), shorter.getMessage());
        SpiceImageException longer = assertThrows(SpiceImageException.class,
                () -> ZlibGlzDecoder.decode(payload(g.length - 1, zlib, zlib.length), 0, 8 + zlib.length, 40, 1, window));
        assertTrue(longer.getMessage().contains("more than"), longer.getMessage());
        assertThrows(SpiceImageException.class,
                () -> ZlibGlzDecoder.decode(payload(g.length, zlib, zlib.length + 1), 0, 8 + zlib.length, 40, 1, window));
    }

    @Test
    void glzDataSizeIsCappedByTheImageSizeBeforeAllocating() {
        byte[] zlib = deflate(glz(0));
        SpiceImageException e = assertThrows(SpiceImageException.class,
                () -> ZlibGlzDecoder.decode(payload(0xFFFFFFF0L, zlib, zlib.length), 0, 8 + zlib.length, 40, 1, window));
        assertTrue(e.getMessage().contains("glz_data_size"), e.getMessage());
        assertThrows(SpiceImageException.class,
                () -> ZlibGlzDecoder.decode(payload(10, zlib, zlib.length), 0, 8 + zlib.length, 40, 1, window));
    }

    @Test
    void corruptZlibIsATypedError() {
        byte[] g = glz(0);
        byte[] zlib = deflate(g);
        zlib[0] ^= 0x55; // zlib header check fails
        assertThrows(SpiceImageException.class,
                () -> ZlibGlzDecoder.decode(payload(g.length, zlib, zlib.length), 0, 8 + zlib.length, 40, 1, window));
        assertThrows(SpiceImageException.class, () -> ZlibGlzDecoder.decode(new byte[7], 0, 7, 40, 1, window));
    }
}
