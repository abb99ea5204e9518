package org.thinspice.engine.image;

/**
 * One colour component of a JPEG frame (from SOF) and, once scans have run, its decoded samples: a plane
 * padded to whole blocks of the frame's MCU grid, at the component's own (possibly subsampled) resolution.
 */
final class JpegComponent {
    final int id;
    /** Horizontal and vertical sampling factors, 1..4. */
    final int h;
    final int v;
    /** Quantisation table selector, 0..3. */
    final int tq;

    /** Samples actually inside the image at this component's resolution (libjpeg's downsampled size). */
    int width;
    int height;
    /** Blocks a non-interleaved scan of this component covers. */
    int blocksWide;
    int blocksHigh;
    byte[] plane;
    int stride;
    int rows;
    boolean decoded;

    // per-scan state
    JpegHuffmanTable dcTable;
    JpegHuffmanTable acTable;
    int[] quant;
    int dcPredictor;

    JpegComponent(int id, int h, int v, int tq) {
        this.id = id;
        this.h = h;
        this.v = v;
        this.tq = tq;
    }

    /** Sizes the plane for a frame of {@code mcusWide x mcusHigh} MCUs; the frame size is already capped. */
    void layout(int imageWidth, int imageHeight, int hMax, int vMax, int mcusWide, int mcusHigh) {
        width = ceilDiv(imageWidth * h, hMax);
        height = ceilDiv(imageHeight * v, vMax);
        blocksWide = ceilDiv(width, 8);
        blocksHigh = ceilDiv(height, 8);
        stride = mcusWide * h * 8;
        rows = mcusHigh * v * 8;
        plane = new byte[stride * rows];
    }

    static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
