package org.thinspice.engine.image;

import org.thinspice.engine.SpiceProtocolException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * A SPICE session captured off QEMU by {@code src/test/tools/capture_spice_images.py}: the DRAW_COPY image
 * payloads in arrival order, the display messages, and QEMU's screendump at the end.
 */
public final class LzCapture {
    static final int LZ_PLT = 100;
    static final int LZ_RGB = 101;
    static final int GLZ_RGB = 102;
    static final int ZLIB_GLZ_RGB = 107;

    /** One captured DRAW_COPY: image descriptor fields, destination box and source area. */
    public static final class Draw {
        int seq;
        int type;
        public int width;
        public int height;
        int surface;
        int top;
        int left;
        int bottom;
        int right;
        int srcTop;
        int srcLeft;
        int srcBottom;
        int srcRight;
        int clipRects;
        int rop;
        int serial;
        public byte[] payload;

        public int seq() {
            return seq;
        }

        public int type() {
            return type;
        }

        public int surface() {
            return surface;
        }

        public int top() {
            return top;
        }

        public int left() {
            return left;
        }

        public int bottom() {
            return bottom;
        }

        public int right() {
            return right;
        }

        public int srcTop() {
            return srcTop;
        }

        public int srcLeft() {
            return srcLeft;
        }

        public int srcBottom() {
            return srcBottom;
        }

        public int srcRight() {
            return srcRight;
        }

        public int rop() {
            return rop;
        }

        public int serial() {
            return serial;
        }
    }

    final String dir;
    public final List<Draw> draws = new ArrayList<>();
    /** Serial, width and height of the last SURFACE_CREATE: the screen the screendump shows. */
    int surfaceSerial;
    int screenWidth;
    int screenHeight;

    private LzCapture(String dir) {
        this.dir = dir;
    }

    public static LzCapture load(String dir) {
        LzCapture c = new LzCapture(dir);
        for (String[] f : c.table("index.tsv")) {
            Draw d = new Draw();
            d.seq = Integer.parseInt(f[0]);
            d.type = Integer.parseInt(f[2]);
            d.width = Integer.parseInt(f[4]);
            d.height = Integer.parseInt(f[5]);
            d.surface = Integer.parseInt(f[6]);
            d.top = Integer.parseInt(f[7]);
            d.left = Integer.parseInt(f[8]);
            d.bottom = Integer.parseInt(f[9]);
            d.right = Integer.parseInt(f[10]);
            d.srcTop = Integer.parseInt(f[11]);
            d.srcLeft = Integer.parseInt(f[12]);
            d.srcBottom = Integer.parseInt(f[13]);
            d.srcRight = Integer.parseInt(f[14]);
            d.clipRects = Integer.parseInt(f[15]);
            d.rop = Integer.parseInt(f[16]);
            d.serial = Integer.parseInt(f[17]);
            d.payload = c.bytes(f[1]);
            c.draws.add(d);
        }
        for (String[] f : c.table("messages.tsv")) {
            if (f[1].equals("314")) {
                c.surfaceSerial = Integer.parseInt(f[0]);
                c.screenWidth = Integer.parseInt(f[4]);
                c.screenHeight = Integer.parseInt(f[5]);
            }
        }
        return c;
    }

    /** Where the compressed data starts in a payload: after u32 size, or u32 glz_data_size + u32 data_size. */
    static int streamOffset(Draw d) {
        return d.type == ZLIB_GLZ_RGB ? 8 : 4;
    }

    /** Decodes one payload the way a display channel would, from inside a larger buffer. */
    public static int[] decode(Draw d, byte[] buf, int off, int len, GlzWindow window) throws SpiceProtocolException {
        switch (d.type) {
            case LZ_RGB:
                return LzDecoder.decodeLzRgbPayload(buf, off, len, d.width, d.height);
            case GLZ_RGB:
                return GlzDecoder.decodeGlzRgbPayload(buf, off, len, d.width, d.height, window);
            case ZLIB_GLZ_RGB:
                return ZlibGlzDecoder.decode(buf, off, len, d.width, d.height, window);
            default:
                throw new AssertionError("image type " + d.type + " not in these fixtures");
        }
    }

    /** QEMU's screendump as opaque ARGB (for tests in other packages). */
    public int[] screendumpPixels() {
        return screendump();
    }

    /** Rows of messages.tsv: serial, type, size, then surface, width, height, format for SURFACE_CREATE. */
    public List<String[]> messages() {
        return table("messages.tsv");
    }

    /** QEMU's screendump as opaque ARGB. */
    int[] screendump() {
        byte[] ppm;
        try (InputStream in = new GZIPInputStream(open("screen.ppm.gz"))) {
            ppm = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // "P6\n<w> <h>\n255\n" then RGB triples
        int pos = 0;
        String[] tok = new String[4];
        for (int t = 0; t < 4; t++) {
            while (Character.isWhitespace(ppm[pos])) {
                pos++;
            }
            int start = pos;
            while (!Character.isWhitespace(ppm[pos])) {
                pos++;
            }
            tok[t] = new String(ppm, start, pos - start, StandardCharsets.US_ASCII);
        }
        pos++;
        int w = Integer.parseInt(tok[1]);
        int h = Integer.parseInt(tok[2]);
        if (!tok[0].equals("P6") || w != screenWidth || h != screenHeight) {
            throw new AssertionError("screendump " + String.join(" ", tok) + " vs surface " + screenWidth + "x" + screenHeight);
        }
        int[] px = new int[w * h];
        for (int i = 0; i < px.length; i++, pos += 3) {
            px[i] = 0xFF000000 | (ppm[pos] & 0xFF) << 16 | (ppm[pos + 1] & 0xFF) << 8 | ppm[pos + 2] & 0xFF;
        }
        return px;
    }

    private List<String[]> table(String name) {
        String text = new String(bytes(name), StandardCharsets.US_ASCII);
        List<String[]> rows = new ArrayList<>();
        String[] lines = text.split("\n");
        for (int i = 1; i < lines.length; i++) {
            if (!lines[i].isBlank()) {
                rows.add(lines[i].split("\t"));
            }
        }
        return rows;
    }

    byte[] bytes(String name) {
        try (InputStream in = open(name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private InputStream open(String name) {
        String path = "testdata/" + dir + "/" + name;
        InputStream in = LzCapture.class.getResourceAsStream(path);
        if (in == null) {
            throw new IllegalStateException("missing fixture " + path);
        }
        return in;
    }
}
