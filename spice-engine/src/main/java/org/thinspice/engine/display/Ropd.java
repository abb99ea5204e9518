package org.thinspice.engine.display;

/**
 * The SPICE raster-operation descriptor (u16 {@code ropd}): optional inversions of source and
 * destination, one boolean operation, and an optional inversion of the result.
 */
public final class Ropd {
    public static final int INVERS_SRC = 1;
    public static final int INVERS_BRUSH = 2;
    public static final int INVERS_DEST = 4;
    public static final int OP_PUT = 8;
    public static final int OP_OR = 16;
    public static final int OP_AND = 32;
    public static final int OP_XOR = 64;
    public static final int OP_BLACKNESS = 128;
    public static final int OP_WHITENESS = 256;
    public static final int OP_INVERS = 512;
    public static final int INVERS_RES = 1024;

    private Ropd() {
    }

    /** Whether {@code ropd} is a plain copy of the source (the common case, done with array copies). */
    public static boolean isPlainPut(int ropd) {
        return (ropd & ~(OP_PUT | INVERS_BRUSH)) == 0 && (ropd & OP_PUT) != 0;
    }

    /**
     * Combines a source (or brush) pixel with a destination pixel. {@code srcInvertFlag} is
     * {@link #INVERS_SRC} for image sources and {@link #INVERS_BRUSH} for brushes. Only RGB is
     * computed; alpha comes out 0xFF.
     */
    public static int apply(int ropd, int srcInvertFlag, int src, int dst) {
        int s = (ropd & srcInvertFlag) != 0 ? ~src : src;
        int d = (ropd & INVERS_DEST) != 0 ? ~dst : dst;
        int r;
        if ((ropd & OP_PUT) != 0) {
            r = s;
        } else if ((ropd & OP_OR) != 0) {
            r = s | d;
        } else if ((ropd & OP_AND) != 0) {
            r = s & d;
        } else if ((ropd & OP_XOR) != 0) {
            r = s ^ d;
        } else if ((ropd & OP_BLACKNESS) != 0) {
            r = 0;
        } else if ((ropd & OP_WHITENESS) != 0) {
            r = 0xFFFFFF;
        } else if ((ropd & OP_INVERS) != 0) {
            r = ~d;
        } else {
            r = dst; // no operation: leave the destination unchanged
            return r;
        }
        if ((ropd & INVERS_RES) != 0) {
            r = ~r;
        }
        return 0xFF000000 | r;
    }
}
