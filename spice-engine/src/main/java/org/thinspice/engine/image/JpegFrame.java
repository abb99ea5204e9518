package org.thinspice.engine.image;

/** What the markers before a scan said: the frame header, tables in force, restart interval, colour model. */
final class JpegFrame {
    int width;
    int height;
    JpegComponent[] components;
    int hMax;
    int vMax;
    int mcusWide;
    int mcusHigh;
    int restartInterval;

    /**
     * Tables in force, shared with the {@link JpegStreamDecoder} that outlives this frame: like libjpeg, a
     * later abbreviated image may use tables an earlier one defined. Quantisation tables are in zigzag order.
     */
    final int[][] quant;
    final JpegHuffmanTable[] dcTables;
    final JpegHuffmanTable[] acTables;

    /** An APP0 "JFIF" segment was seen (components are YCbCr). */
    boolean jfif;
    /** The APP14 "Adobe" transform flag, or -1 when there was no such segment. */
    int adobeTransform = -1;

    JpegFrame(int[][] quant, JpegHuffmanTable[] dcTables, JpegHuffmanTable[] acTables) {
        this.quant = quant;
        this.dcTables = dcTables;
        this.acTables = acTables;
    }

    boolean hasFrame() {
        return components != null;
    }

    /**
     * Whether three components hold YCbCr, by libjpeg's rules: JFIF says so; Adobe says by its transform flag;
     * otherwise component ids 'R','G','B' mean RGB and anything else means YCbCr.
     */
    boolean isYCbCr() {
        if (jfif) {
            return true;
        }
        if (adobeTransform >= 0) {
            return adobeTransform != 0;
        }
        return !(components[0].id == 'R' && components[1].id == 'G' && components[2].id == 'B');
    }
}
