package org.thinspice.engine.image;

import java.io.ByteArrayOutputStream;

/** Edits of JPEG marker segments for tests: finding a segment, dropping segments of some kinds. */
public final class JpegTestStreams {
    private JpegTestStreams() {
    }

    /** Offset of the 0xFF of the first marker {@code code} before the scan data (the headers only). */
    static int find(byte[] jpeg, int code) {
        int p = 2;
        while (p + 3 < jpeg.length) {
            int marker = jpeg[p + 1] & 0xFF;
            if (marker == code) {
                return p;
            }
            if (marker == 0xDA) {
                break;
            }
            p += 2 + (((jpeg[p + 2] & 0xFF) << 8) | (jpeg[p + 3] & 0xFF));
        }
        throw new IllegalArgumentException(String.format("no marker 0x%02X in the headers", code));
    }

    /** The stream without its header segments of the given marker codes (an "abbreviated" image). */
    public static byte[] without(byte[] jpeg, int... codes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        int p = 2;
        while (true) {
            int marker = jpeg[p + 1] & 0xFF;
            if (marker == 0xDA) {
                out.write(jpeg, p, jpeg.length - p);
                return out.toByteArray();
            }
            int length = 2 + (((jpeg[p + 2] & 0xFF) << 8) | (jpeg[p + 3] & 0xFF));
            boolean drop = false;
            for (int c : codes) {
                drop |= c == marker;
            }
            if (!drop) {
                out.write(jpeg, p, length);
            }
            p += length;
        }
    }
}
