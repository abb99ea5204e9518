package org.thinspice.engine.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * The QUIC golden files under {@code testdata/quic/}: {@code NAME.quic} is a QUIC stream (the wire payload
 * after its u32 size), {@code NAME.argb.gz} the expected pixels as u32 LE {@code 0xAARRGGBB}.
 * {@code seabios-*} were captured from QEMU's spice-server, expected pixels being QEMU's QMP screendump
 * ({@code src/test/tools/quic/capture-quic-qemu.py}); the others were encoded by spice-common's reference
 * encoder from synthetic pictures (a one-off run; the tool is not kept in this repository), expected
 * pixels being those pictures.
 */
public final class QuicFixtures {
    /** Captured from a real QEMU (RGB32, 720x400 SeaBIOS text screens). */
    public static final List<String> CAPTURED = List.of("seabios-prompt", "seabios-menu");
    /** Reference-encoded, one or more per QUIC image type. */
    public static final List<String> SYNTHETIC = List.of("gray-203x77", "gray-3x300", "rgb16-203x77",
            "rgb24-203x77", "rgb32-203x77", "rgb32-2100x7", "rgba-203x77", "rgba-1x1");

    private QuicFixtures() {
    }

    /** The QUIC stream of fixture {@code name}. */
    public static byte[] stream(String name) {
        return read(name + ".quic", false);
    }

    /** The expected pixels of fixture {@code name}. */
    public static int[] expected(String name) {
        byte[] raw = read(name + ".argb.gz", true);
        int[] pixels = new int[raw.length / 4];
        ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(pixels);
        return pixels;
    }

    /** Width from the stream header. */
    public static int width(byte[] stream) {
        return ByteBuffer.wrap(stream).order(ByteOrder.LITTLE_ENDIAN).getInt(12);
    }

    /** Height from the stream header. */
    public static int height(byte[] stream) {
        return ByteBuffer.wrap(stream).order(ByteOrder.LITTLE_ENDIAN).getInt(16);
    }

    private static byte[] read(String file, boolean gzip) {
        try (InputStream in = QuicFixtures.class.getResourceAsStream("testdata/quic/" + file)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + file);
            }
            return gzip ? new GZIPInputStream(in).readAllBytes() : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
