package org.thinspice.engine.image;

import java.io.ByteArrayOutputStream;

/** Builds LZ and GLZ streams by hand, control byte by control byte, for the decoder tests and benchmarks. */
public final class LzTestStreams {
    public static final int RGB32 = LzFormat.RGB32;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public static LzTestStreams lz(int type, int width, int height, int stride, boolean topDown) {
        LzTestStreams s = new LzTestStreams();
        s.u32(LzFormat.MAGIC).u32(LzFormat.VERSION).u32(type).u32(width).u32(height).u32(stride).u32(topDown ? 1 : 0);
        return s;
    }

    public static LzTestStreams glz(int type, boolean topDown, int width, int height, long id, long winHeadDist) {
        LzTestStreams s = new LzTestStreams();
        s.u32(LzFormat.MAGIC).u32(LzFormat.VERSION).u8(type | (topDown ? 0x10 : 0));
        s.u32(width).u32(height).u32(width * LzFormat.bytesPerPixel(type)).u32((int) (id >>> 32)).u32((int) id);
        s.u32((int) winHeadDist);
        return s;
    }

    public LzTestStreams u8(int v) {
        out.write(v);
        return this;
    }

    public LzTestStreams u32(int v) {
        return u8(v >>> 24).u8(v >>> 16).u8(v >>> 8).u8(v);
    }

    /** A literal run of 1..32 RGB pixels, written B, G, R. */
    public LzTestStreams rgb(int... argb) {
        u8(argb.length - 1);
        for (int p : argb) {
            u8(p).u8(p >> 8).u8(p >> 16);
        }
        return this;
    }

    /** A literal run of 1..32 x555 pixels, written big-endian. */
    public LzTestStreams rgb16(int... v) {
        u8(v.length - 1);
        for (int p : v) {
            u8(p >> 8).u8(p);
        }
        return this;
    }

    /** A literal run of 1..32 bytes: alpha values, palette index bytes or A8 values. */
    public LzTestStreams bytes(int... b) {
        u8(b.length - 1);
        for (int p : b) {
            u8(p);
        }
        return this;
    }

    /** An LZ back-reference of {@code len} units, {@code dist} back; {@code bias} = minimum length - 1. */
    public LzTestStreams lzRef(int len, int dist, int bias) {
        int m = len - bias;
        int d = dist - 1;
        if (m < 0 || d < 0) {
            throw new IllegalArgumentException("unencodable reference");
        }
        int lenField = Math.min(m, 6) + 1;
        boolean far = d >= 8191;
        u8(lenField << 5 | (far ? 31 : d >> 8));
        if (lenField == 7) {
            extension(m - 6);
        }
        if (far) {
            u8(255).u8((d - 8191) >> 8).u8(d - 8191);
        } else {
            u8(d & 0xFF);
        }
        return this;
    }

    /**
     * A GLZ back-reference: {@code imageDist} 0 = inside this image, {@code offset} pixels back; otherwise
     * from pixel {@code offset} of the image {@code imageDist} ids earlier. {@code longForm} forces the
     * long offset form even for a small offset.
     */
    public LzTestStreams glzRef(int len, int offset, long imageDist, int bias, boolean longForm) {
        int m = len - bias;
        int o = imageDist == 0 ? offset - 1 : offset;
        if (m < 1 || o < 0) {
            throw new IllegalArgumentException("unencodable reference");
        }
        int lenField = Math.min(m, 7);
        boolean lng = longForm || o >= 1 << 12;
        u8(lenField << 5 | (lng ? 0x10 : 0) | o & 0x0F);
        if (lenField == 7) {
            extension(m - 7);
        }
        u8(o >> 4);
        if (!lng) {
            int extra = imageDist < 1 << 6 ? 0 : imageDist < 1 << 14 ? 1 : imageDist < 1 << 22 ? 2 : 3;
            u8(extra << 6 | (int) (imageDist & 0x3F));
            for (int i = 0; i < extra; i++) {
                u8((int) (imageDist >> (6 + 8 * i)));
            }
        } else {
            boolean veryLong = o >= 1 << 17;
            int extra = imageDist == 0 ? 0 : imageDist < 1 << 8 ? 1 : imageDist < 1 << 16 ? 2 : 3;
            u8(extra << 6 | (veryLong ? 0x20 : 0) | (o >> 12) & 0x1F);
            for (int i = 0; i < extra; i++) {
                u8((int) (imageDist >> (8 * i)));
            }
            if (veryLong) {
                u8(o >> 17);
            }
        }
        return this;
    }

    private void extension(int rest) {
        while (rest >= 255) {
            u8(255);
            rest -= 255;
        }
        u8(rest);
    }

    public byte[] bytes() {
        return out.toByteArray();
    }

    /** The stream with {@code junk} random-looking bytes before and after, to test offset/length handling. */
    public static byte[] framed(byte[] stream, int junk) {
        byte[] b = new byte[stream.length + 2 * junk];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (i * 131 + 7);
        }
        System.arraycopy(stream, 0, b, junk, stream.length);
        return b;
    }
}
