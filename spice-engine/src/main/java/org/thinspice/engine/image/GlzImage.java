package org.thinspice.engine.image;

/**
 * One decoded image in the {@link GlzWindow}: its pixels in stream order (bottom-up images are not
 * flipped, because references count pixels in the order the encoder saw them). Never modified.
 */
final class GlzImage {
    final long id;
    final long winHeadDist;
    final int[] pixels;
    /** No alpha channel: every pixel's alpha is 0xFF, so RGB references can copy whole ints. */
    final boolean opaque;

    GlzImage(long id, long winHeadDist, int[] pixels, boolean opaque) {
        this.id = id;
        this.winHeadDist = winHeadDist;
        this.pixels = pixels;
        this.opaque = opaque;
    }
}
