package org.thinspice.engine.fuzz;

import org.thinspice.engine.image.LzTestStreams;

/** Small valid GLZ streams for the fuzz targets' windows. */
final class GlzSeeds {
    /** LZ image type RGB32 (lz_common.h). */
    private static final int RGB32 = 8;

    private GlzSeeds() {
    }

    /** A top-down RGB32 GLZ image of one colour with the given id. */
    static byte[] solid(long id, int w, int h) {
        int[] px = new int[w * h];
        java.util.Arrays.fill(px, 0xFF000000 | (int) (id * 0x203040));
        return LzTestStreams.glz(RGB32, true, w, h, id, 0).rgb(px).bytes();
    }
}
