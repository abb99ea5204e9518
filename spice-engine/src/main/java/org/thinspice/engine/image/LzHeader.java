package org.thinspice.engine.image;

import org.thinspice.engine.SpiceImageException;

/** The 28-byte LZ stream header, checked against the size the image descriptor announced. */
final class LzHeader {
    final int type;
    final int stride;
    final boolean topDown;

    private LzHeader(int type, int stride, boolean topDown) {
        this.type = type;
        this.stride = stride;
        this.topDown = topDown;
    }

    static LzHeader read(LzStream s, int expectedWidth, int expectedHeight) throws SpiceImageException {
        int magic = s.u32();
        if (magic != LzFormat.MAGIC) {
            throw new SpiceImageException(String.format("bad LZ magic 0x%08x", magic));
        }
        int version = s.u32();
        if (version != LzFormat.VERSION) {
            throw new SpiceImageException(String.format("unsupported LZ version 0x%08x", version));
        }
        int type = s.u32();
        int width = s.u32();
        int height = s.u32();
        int stride = s.u32();
        int topDown = s.u32();
        if (type < LzFormat.PLT1_LE || type > LzFormat.A8) {
            throw new SpiceImageException("unknown LZ image type " + Integer.toUnsignedString(type));
        }
        if (width != expectedWidth || height != expectedHeight) {
            throw new SpiceImageException("LZ header size " + Integer.toUnsignedString(width) + "x"
                    + Integer.toUnsignedString(height) + " differs from the image's " + expectedWidth + "x" + expectedHeight);
        }
        checkStride(type, width, stride, "LZ");
        return new LzHeader(type, stride, topDown != 0);
    }

    /** The stride the encoder requires: packed palette rows, or exactly width * bytes per pixel. */
    static void checkStride(int type, int width, int stride, String codec) throws SpiceImageException {
        long want;
        if (LzFormat.isPalette(type)) {
            int ppb = LzFormat.pixelsPerByte(type);
            want = ((long) width + ppb - 1) / ppb;
        } else {
            want = (long) width * LzFormat.bytesPerPixel(type);
        }
        if (stride != want) {
            throw new SpiceImageException(codec + " " + LzFormat.name(type) + " stride " + Integer.toUnsignedString(stride)
                    + " for width " + width + ", expected " + want);
        }
    }
}
