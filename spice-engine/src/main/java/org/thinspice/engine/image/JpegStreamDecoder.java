package org.thinspice.engine.image;

import org.thinspice.engine.SpiceImageException;

/**
 * A JPEG decoder that outlives one image, for an MJPEG video stream: like the single libjpeg decompressor
 * spice-gtk keeps per stream, it remembers Huffman and quantisation tables, so a frame that leaves them out
 * (an abbreviated JPEG) uses the ones an earlier frame defined. Not thread-safe; one per stream.
 *
 * <p>Supported: baseline (SOF0) and extended sequential Huffman (SOF1) 8-bit JPEG with 1 (grey) or 3
 * (YCbCr, or RGB by JFIF/Adobe rules) components, any integral sampling factors, one interleaved or several
 * non-interleaved scans, restart markers. Refused with {@link SpiceImageException}: progressive, arithmetic,
 * lossless and hierarchical JPEG, 12-bit samples, 2 or 4 components.
 */
public final class JpegStreamDecoder implements JpegFrameDecoder {
    private final boolean fancyUpsampling;
    private final int[][] quant = new int[4][];
    private final JpegHuffmanTable[] dcTables = new JpegHuffmanTable[4];
    private final JpegHuffmanTable[] acTables = new JpegHuffmanTable[4];
    private final JpegScanDecoder scans = new JpegScanDecoder();

    /**
     * @param fancyUpsampling true to interpolate subsampled chroma as libjpeg does by default (spice-gtk's
     *                        still-image path); false to replicate it, as spice-gtk's MJPEG path sets
     *                        {@code do_fancy_upsampling = FALSE}
     */
    public JpegStreamDecoder(boolean fancyUpsampling) {
        this.fancyUpsampling = fancyUpsampling;
    }

    /**
     * Decodes one JPEG image.
     *
     * @param expectedWidth  width the image must have, or -1 to accept any
     * @param expectedHeight height the image must have (ignored when {@code expectedWidth} is -1)
     * @throws SpiceImageException on malformed, truncated or unsupported data, a size over the limits or one
     *                             that disagrees with the expected size
     */
    @Override
    public JpegImage decode(byte[] data, int offset, int length, int expectedWidth, int expectedHeight)
            throws SpiceImageException {
        if (data == null || offset < 0 || length < 0 || offset > data.length - length) {
            throw new SpiceImageException("JPEG slice out of range");
        }
        int end = offset + length;
        if (length < 4 || data[offset] != (byte) 0xFF || data[offset + 1] != (byte) JpegMarkers.SOI) {
            throw new SpiceImageException("not a JPEG: no SOI marker");
        }
        JpegFrame f = new JpegFrame(quant, dcTables, acTables);
        int p = offset + 2;
        while (true) {
            if (p >= end) {
                break;
            }
            if (data[p] != (byte) 0xFF) {
                throw new SpiceImageException("JPEG has data where a marker belongs, at byte " + (p - offset));
            }
            while (p < end && data[p] == (byte) 0xFF) {
                p++;
            }
            if (p >= end) {
                break;
            }
            int marker = data[p++] & 0xFF;
            if (marker == JpegMarkers.EOI) {
                break;
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                continue; // TEM and stray RSTn stand alone
            }
            if (end - p < 2) {
                throw new SpiceImageException("JPEG ends inside a marker segment length");
            }
            int segment = JpegMarkers.u16(data, p);
            if (segment < 2 || segment > end - p) {
                throw new SpiceImageException(String.format("JPEG marker 0x%02X has bad length %d", marker, segment));
            }
            int body = p + 2;
            int bodyLength = segment - 2;
            p += segment;
            p = segment(f, marker, data, body, bodyLength, p, end, expectedWidth, expectedHeight);
        }
        return finish(f);
    }

    /**
     * Takes in the quantisation and Huffman tables of a frame that will not be shown (a late video frame)
     * without decoding its picture, so later abbreviated frames still find the tables it defined. Stops at
     * the first scan; malformed data is ignored here (the frame is being dropped anyway).
     */
    @Override
    public void learnTables(byte[] data, int offset, int length) {
        if (data == null || offset < 0 || length < 4 || offset > data.length - length
                || data[offset] != (byte) 0xFF || data[offset + 1] != (byte) JpegMarkers.SOI) {
            return;
        }
        JpegFrame f = new JpegFrame(quant, dcTables, acTables);
        int end = offset + length;
        int p = offset + 2;
        try {
            while (end - p >= 4 && data[p] == (byte) 0xFF) {
                int marker = data[p + 1] & 0xFF;
                int segment = JpegMarkers.u16(data, p + 2);
                if (marker == JpegMarkers.SOS || segment < 2 || segment > end - p - 2) {
                    return;
                }
                if (marker == JpegMarkers.DQT) {
                    JpegMarkers.quantTables(f, data, p + 4, segment - 2);
                } else if (marker == JpegMarkers.DHT) {
                    JpegMarkers.huffmanTables(f, data, p + 4, segment - 2);
                }
                p += 2 + segment;
            }
        } catch (SpiceImageException e) {
            // A broken table in a dropped frame: the next frame that uses it fails on its own.
        }
    }

    @Override
    public String kind() {
        return "java";
    }

    /** Nothing to free: the Java decoder holds only heap memory. */
    @Override
    public void close() {
    }

    /** Handles one marker segment; returns where parsing continues (after a scan, at its closing marker). */
    private int segment(JpegFrame f, int marker, byte[] data, int body, int bodyLength, int next, int end,
                        int expectedWidth, int expectedHeight) throws SpiceImageException {
        switch (marker) {
            case JpegMarkers.SOF0:
            case JpegMarkers.SOF1:
                JpegMarkers.frame(f, data, body, bodyLength, expectedWidth, expectedHeight);
                return next;
            case JpegMarkers.DHT:
                JpegMarkers.huffmanTables(f, data, body, bodyLength);
                return next;
            case JpegMarkers.DQT:
                JpegMarkers.quantTables(f, data, body, bodyLength);
                return next;
            case JpegMarkers.DRI:
                JpegMarkers.restartInterval(f, data, body, bodyLength);
                return next;
            case JpegMarkers.SOS:
                JpegComponent[] scan = JpegMarkers.scan(f, data, body, bodyLength);
                return scans.decode(f, scan, data, next, end);
            case JpegMarkers.COM:
                return next;
            default:
                if (marker >= JpegMarkers.APP0 && marker <= 0xEF) {
                    JpegMarkers.application(f, marker, data, body, bodyLength);
                    return next;
                }
                throw new SpiceImageException(JpegMarkers.unsupported(marker));
        }
    }

    private JpegImage finish(JpegFrame f) throws SpiceImageException {
        if (!f.hasFrame()) {
            throw new SpiceImageException("JPEG has no frame header");
        }
        for (JpegComponent c : f.components) {
            if (!c.decoded) {
                throw new SpiceImageException("JPEG ends before component " + c.id + " was coded");
            }
        }
        int width = f.width;
        int height = f.height;
        int[] argb = new int[width * height];
        JpegComponent[] cs = f.components;
        int capacity = JpegUpsampler.rowCapacity(f);
        if (cs.length == 1) {
            JpegUpsampler grey = new JpegUpsampler(cs[0], f.hMax, f.vMax, fancyUpsampling);
            int[] row = new int[capacity];
            for (int y = 0; y < height; y++) {
                grey.row(y, row);
                JpegColor.greyRow(row, width, argb, y * width);
            }
        } else {
            JpegUpsampler u0 = new JpegUpsampler(cs[0], f.hMax, f.vMax, fancyUpsampling);
            JpegUpsampler u1 = new JpegUpsampler(cs[1], f.hMax, f.vMax, fancyUpsampling);
            JpegUpsampler u2 = new JpegUpsampler(cs[2], f.hMax, f.vMax, fancyUpsampling);
            int[] r0 = new int[capacity];
            int[] r1 = new int[capacity];
            int[] r2 = new int[capacity];
            boolean ycc = f.isYCbCr();
            for (int y = 0; y < height; y++) {
                u0.row(y, r0);
                u1.row(y, r1);
                u2.row(y, r2);
                if (ycc) {
                    JpegColor.yccRow(r0, r1, r2, width, argb, y * width);
                } else {
                    JpegColor.rgbRow(r0, r1, r2, width, argb, y * width);
                }
            }
        }
        return new JpegImage(width, height, argb);
    }
}
