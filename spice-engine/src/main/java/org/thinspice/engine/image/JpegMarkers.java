package org.thinspice.engine.image;

import org.thinspice.engine.Limits;
import org.thinspice.engine.SpiceImageException;
import org.thinspice.engine.SpiceProtocolException;

/** Parsers for the marker segments before and between scans (JPEG Annex B). Each gets the segment body. */
final class JpegMarkers {
    static final int SOF0 = 0xC0;
    static final int SOF1 = 0xC1;
    static final int DHT = 0xC4;
    static final int SOI = 0xD8;
    static final int EOI = 0xD9;
    static final int SOS = 0xDA;
    static final int DQT = 0xDB;
    static final int DRI = 0xDD;
    static final int APP0 = 0xE0;
    static final int APP14 = 0xEE;
    static final int COM = 0xFE;

    private JpegMarkers() {
    }

    /** SOF0/SOF1: sizes the frame and its component planes once the size has passed {@link Limits}. */
    static void frame(JpegFrame f, byte[] d, int p, int len, int expectedWidth, int expectedHeight)
            throws SpiceImageException {
        if (f.hasFrame()) {
            throw new SpiceImageException("JPEG has a second frame header");
        }
        if (len < 6) {
            throw new SpiceImageException("JPEG frame header of " + len + " bytes is too short");
        }
        int precision = d[p] & 0xFF;
        int height = u16(d, p + 1);
        int width = u16(d, p + 3);
        int count = d[p + 5] & 0xFF;
        if (precision != 8) {
            throw new SpiceImageException("JPEG sample precision " + precision + " is not supported (only 8)");
        }
        if (height == 0) {
            throw new SpiceImageException("JPEG with the height in a DNL marker is not supported");
        }
        if (count != 1 && count != 3) {
            throw new SpiceImageException("JPEG with " + count + " components is not supported (only 1 or 3)");
        }
        if (len != 6 + 3 * count) {
            throw new SpiceImageException("JPEG frame header length " + len + " does not fit " + count + " components");
        }
        try {
            Limits.checkedPixels(width, height);
        } catch (SpiceProtocolException e) {
            throw new SpiceImageException("JPEG image too large: " + e.getMessage(), e);
        }
        if (expectedWidth >= 0 && (width != expectedWidth || height != expectedHeight)) {
            throw new SpiceImageException("JPEG is " + width + "x" + height + " but the image is "
                    + expectedWidth + "x" + expectedHeight);
        }
        JpegComponent[] cs = new JpegComponent[count];
        int hMax = 1;
        int vMax = 1;
        for (int i = 0; i < count; i++) {
            int q = p + 6 + 3 * i;
            int id = d[q] & 0xFF;
            int h = (d[q + 1] & 0xFF) >> 4;
            int v = d[q + 1] & 15;
            int tq = d[q + 2] & 0xFF;
            if (h < 1 || h > 4 || v < 1 || v > 4 || tq > 3) {
                throw new SpiceImageException("JPEG component " + id + " has sampling " + h + "x" + v
                        + " or table " + tq + " out of range");
            }
            for (int j = 0; j < i; j++) {
                if (cs[j].id == id) {
                    throw new SpiceImageException("JPEG component id " + id + " appears twice");
                }
            }
            cs[i] = new JpegComponent(id, h, v, tq);
            hMax = Math.max(hMax, h);
            vMax = Math.max(vMax, v);
        }
        for (JpegComponent c : cs) {
            if (hMax % c.h != 0 || vMax % c.v != 0) {
                throw new SpiceImageException("JPEG sampling factors with a fractional ratio are not supported");
            }
        }
        f.width = width;
        f.height = height;
        f.hMax = hMax;
        f.vMax = vMax;
        f.mcusWide = JpegComponent.ceilDiv(width, 8 * hMax);
        f.mcusHigh = JpegComponent.ceilDiv(height, 8 * vMax);
        for (JpegComponent c : cs) {
            c.layout(width, height, hMax, vMax, f.mcusWide, f.mcusHigh);
        }
        f.components = cs;
    }

    static void huffmanTables(JpegFrame f, byte[] d, int p, int len) throws SpiceImageException {
        int end = p + len;
        while (p < end) {
            if (end - p < 17) {
                throw new SpiceImageException("JPEG DHT segment is truncated");
            }
            int tc = (d[p] & 0xFF) >> 4;
            int th = d[p] & 15;
            if (tc > 1 || th > 3) {
                throw new SpiceImageException("JPEG DHT has table class " + tc + " or id " + th + " out of range");
            }
            int[] counts = new int[16];
            int total = 0;
            for (int i = 0; i < 16; i++) {
                counts[i] = d[p + 1 + i] & 0xFF;
                total += counts[i];
            }
            p += 17;
            if (total > 256 || total > end - p) {
                throw new SpiceImageException("JPEG DHT declares " + total + " symbols, more than it holds");
            }
            int[] symbols = new int[total];
            for (int i = 0; i < total; i++) {
                symbols[i] = d[p + i] & 0xFF;
            }
            p += total;
            if (tc == 0) {
                f.dcTables[th] = JpegHuffmanTable.build(counts, symbols, 15);
            } else {
                f.acTables[th] = JpegHuffmanTable.build(counts, symbols, 255);
            }
        }
    }

    static void quantTables(JpegFrame f, byte[] d, int p, int len) throws SpiceImageException {
        int end = p + len;
        while (p < end) {
            int pq = (d[p] & 0xFF) >> 4;
            int tq = d[p] & 15;
            p++;
            if (pq > 1 || tq > 3) {
                throw new SpiceImageException("JPEG DQT has precision " + pq + " or id " + tq + " out of range");
            }
            int size = pq == 0 ? 64 : 128;
            if (end - p < size) {
                throw new SpiceImageException("JPEG DQT segment is truncated");
            }
            int[] table = new int[64];
            for (int k = 0; k < 64; k++) {
                table[k] = pq == 0 ? d[p + k] & 0xFF : u16(d, p + 2 * k);
            }
            p += size;
            f.quant[tq] = table;
        }
    }

    static void restartInterval(JpegFrame f, byte[] d, int p, int len) throws SpiceImageException {
        if (len != 2) {
            throw new SpiceImageException("JPEG DRI segment of " + len + " bytes, expected 2");
        }
        f.restartInterval = u16(d, p);
    }

    /** APP0/APP14: notes the JFIF and Adobe signatures that decide the colour model; the rest is skipped. */
    static void application(JpegFrame f, int marker, byte[] d, int p, int len) {
        if (marker == APP0 && len >= 5 && d[p] == 'J' && d[p + 1] == 'F' && d[p + 2] == 'I' && d[p + 3] == 'F'
                && d[p + 4] == 0) {
            f.jfif = true;
        } else if (marker == APP14 && len >= 12 && d[p] == 'A' && d[p + 1] == 'd' && d[p + 2] == 'o'
                && d[p + 3] == 'b' && d[p + 4] == 'e') {
            f.adobeTransform = d[p + 11] & 0xFF;
        }
    }

    /** SOS: the scan's components with their tables selected; the spectral fields are ignored as libjpeg does. */
    static JpegComponent[] scan(JpegFrame f, byte[] d, int p, int len) throws SpiceImageException {
        if (!f.hasFrame()) {
            throw new SpiceImageException("JPEG scan before the frame header");
        }
        int count = len < 1 ? 0 : d[p] & 0xFF;
        if (count < 1 || count > f.components.length || len != 4 + 2 * count) {
            throw new SpiceImageException("JPEG scan header of " + len + " bytes for " + count + " components is invalid");
        }
        JpegComponent[] scan = new JpegComponent[count];
        for (int i = 0; i < count; i++) {
            int id = d[p + 1 + 2 * i] & 0xFF;
            int td = (d[p + 2 + 2 * i] & 0xFF) >> 4;
            int ta = d[p + 2 + 2 * i] & 15;
            JpegComponent c = byId(f, id);
            for (int j = 0; j < i; j++) {
                if (scan[j] == c) {
                    throw new SpiceImageException("JPEG scan names component " + id + " twice");
                }
            }
            if (td > 3 || ta > 3 || f.dcTables[td] == null || f.acTables[ta] == null) {
                throw new SpiceImageException("JPEG scan uses an undefined Huffman table for component " + id);
            }
            if (f.quant[c.tq] == null) {
                throw new SpiceImageException("JPEG component " + id + " uses undefined quantisation table " + c.tq);
            }
            c.dcTable = f.dcTables[td];
            c.acTable = f.acTables[ta];
            c.quant = f.quant[c.tq];
            scan[i] = c;
        }
        return scan;
    }

    private static JpegComponent byId(JpegFrame f, int id) throws SpiceImageException {
        for (JpegComponent c : f.components) {
            if (c.id == id) {
                return c;
            }
        }
        throw new SpiceImageException("JPEG scan names component " + id + " that the frame does not have");
    }

    /** Why a marker that is not handled is refused. */
    static String unsupported(int marker) {
        if (marker == 0xC2 || marker == 0xC6 || marker == 0xCA || marker == 0xCE) {
            return "progressive JPEG is not supported";
        }
        if (marker == 0xCC || (marker >= 0xC9 && marker <= 0xCF)) {
            return "arithmetic-coded JPEG is not supported";
        }
        if (marker == 0xC3 || marker == 0xC5 || marker == 0xC7 || marker == 0xDE || marker == 0xDF) {
            return "lossless or hierarchical JPEG is not supported";
        }
        if (marker == 0xDC) {
            return "JPEG DNL marker is not supported";
        }
        return String.format("JPEG marker 0x%02X is not supported", marker);
    }

    static int u16(byte[] d, int p) {
        return ((d[p] & 0xFF) << 8) | (d[p + 1] & 0xFF);
    }
}
