package org.thinspice.engine.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The JPEG golden files under {@code testdata/jpeg/} (made by its {@code make-fixtures.sh} with Debian 12's
 * libjpeg-turbo 2.1.5): {@code NAME.jpg} from cjpeg, {@code NAME.ppm}/{@code .pgm} djpeg's output in
 * libjpeg's default mode (islow IDCT, fancy upsampling — spice-gtk's still-image mode), {@code NAME.plain.ppm}
 * djpeg -nosmooth (replicated chroma, spice-gtk's MJPEG upsampling).
 */
public final class JpegFixtures {
    /** Colour fixtures with a fancy-mode {@code .ppm}. */
    public static final List<String> COLOUR = List.of("photo-420-q85", "photo-422-q75", "photo-444-q90",
            "photo-440-q80", "photo-3scans-q80", "photo-rgb-q80", "text-420-q50-rst2", "text-420-q85-optimized",
            "text-411-q60", "text-420-q95", "text-422-q70-rst1", "edge-420-1x1", "edge-420-4x4", "edge-420-5x3",
            "qemu-8x16");
    /** Fixtures that also have a {@code .plain.ppm}. */
    public static final List<String> PLAIN = List.of("photo-420-q85", "photo-422-q75", "photo-440-q80",
            "text-411-q60", "text-420-q50-rst2");
    public static final String GREY = "photo-grey-q85";
    /** The 1024x768 4:2:0 quality-80 frame of the benchmark; djpeg's RGB output is pinned by CRC-32. */
    public static final String FRAME = "frame-1024x768-420-q80";
    /**
     * Fixtures whose expected pixels are pinned by the CRC-32 of djpeg's RGB bytes ({@code NAME.crc32}).
     * {@code qemu-*} were sent by QEMU's spice-server (tiny guest, "photo" pattern, jpeg-wan-compression=always)
     * and captured with {@code capture-qemu-jpeg.py}.
     */
    public static final List<String> CHECKSUMMED = List.of(FRAME, "qemu-photo-1024x96");

    private JpegFixtures() {
    }

    public static byte[] jpeg(String name) {
        return read(name + ".jpg");
    }

    /** CRC-32 of djpeg's RGB bytes for a {@link #CHECKSUMMED} fixture. */
    public static long crc32(String name) {
        return Long.parseLong(new String(read(name + ".crc32")).trim(), 16);
    }

    /** A binary PPM (P6) or PGM (P5) as {@code 0xFFRRGGBB} pixels; {@code [0]} and {@code [1]} of dims get w, h. */
    public static int[] pnm(String file, int[] dims) {
        byte[] d = read(file);
        int[] pos = {2};
        boolean grey = d[1] == '5';
        int w = number(d, pos);
        int h = number(d, pos);
        number(d, pos); // maxval, always 255 here
        pos[0]++; // the single whitespace byte before the pixels
        dims[0] = w;
        dims[1] = h;
        int[] out = new int[w * h];
        for (int i = 0; i < out.length; i++) {
            if (grey) {
                int v = d[pos[0] + i] & 0xFF;
                out[i] = 0xFF000000 | v * 0x010101;
            } else {
                int p = pos[0] + 3 * i;
                out[i] = 0xFF000000 | (d[p] & 0xFF) << 16 | (d[p + 1] & 0xFF) << 8 | (d[p + 2] & 0xFF);
            }
        }
        return out;
    }

    private static int number(byte[] d, int[] pos) {
        int p = pos[0];
        while (Character.isWhitespace(d[p])) {
            p++;
        }
        int v = 0;
        while (Character.isDigit(d[p])) {
            v = v * 10 + (d[p++] - '0');
        }
        pos[0] = p;
        return v;
    }

    private static byte[] read(String file) {
        String path = "/org/thinspice/engine/image/testdata/jpeg/" + file;
        try (InputStream in = JpegFixtures.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
