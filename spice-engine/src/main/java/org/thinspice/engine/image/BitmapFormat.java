package org.thinspice.engine.image;

import org.thinspice.engine.SpiceImageException;

/**
 * SPICE bitmap pixel formats (SPICE_BITMAP_FMT_*) with their wire codes. The same numbers name the
 * pixel format inside LZ4 images.
 */
public enum BitmapFormat {
    ONE_BIT_LE(1, 1, true),
    ONE_BIT_BE(2, 1, true),
    FOUR_BIT_LE(3, 4, true),
    FOUR_BIT_BE(4, 4, true),
    EIGHT_BIT(5, 8, true),
    SIXTEEN_BIT(6, 16, false),
    TWENTY_FOUR_BIT(7, 24, false),
    THIRTY_TWO_BIT(8, 32, false),
    RGBA(9, 32, false),
    EIGHT_BIT_A(10, 8, false);

    private static final BitmapFormat[] BY_CODE = new BitmapFormat[11];

    static {
        for (BitmapFormat f : values()) {
            BY_CODE[f.code] = f;
        }
    }

    private final int code;
    private final int bitsPerPixel;
    private final boolean palettised;

    BitmapFormat(int code, int bitsPerPixel, boolean palettised) {
        this.code = code;
        this.bitsPerPixel = bitsPerPixel;
        this.palettised = palettised;
    }

    /** The SPICE_BITMAP_FMT_* number on the wire. */
    public int code() {
        return code;
    }

    public int bitsPerPixel() {
        return bitsPerPixel;
    }

    /** True for the indexed formats (1, 4 and 8 bit), which need a palette. */
    public boolean palettised() {
        return palettised;
    }

    /** Bytes one row of {@code width} pixels occupies, without padding (sub-byte rows round up). */
    public long rowBytes(int width) {
        return ((long) width * bitsPerPixel + 7) / 8;
    }

    /** The format for a wire code; codes outside 1..10 are malformed images. */
    public static BitmapFormat fromCode(int code) throws SpiceImageException {
        if (code <= 0 || code >= BY_CODE.length) {
            throw new SpiceImageException("unknown bitmap format " + code);
        }
        return BY_CODE[code];
    }
}
