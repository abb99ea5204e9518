package org.thinspice.engine.image;

import org.thinspice.engine.SpiceImageException;

/**
 * The body of one GLZ stream (spice-gtk {@code decode-glz-tmpl.c}): like LZ, but a back-reference names
 * an image distance (0 = this image) and a pixel offset, so matches may come from earlier images in the
 * {@link GlzWindow}. Offsets into earlier images count from that image's first pixel in stream order.
 */
final class GlzStream {
    private static final String CODEC = "GLZ";

    private final byte[] in;
    private final int end;
    private final GlzWindow window;
    private final long imageId;
    /** Images this stream referenced lately, by id modulo the length: saves a locked lookup per match. */
    private final GlzImage[] recent = new GlzImage[8];
    private int pos;
    /** Outputs of {@link #reference}: length, pixel offset, and the image (null = this one). */
    private int refLen;
    private int refOfs;
    private GlzImage refImage;

    GlzStream(byte[] in, int pos, int end, GlzWindow window, long imageId) {
        this.in = in;
        this.pos = pos;
        this.end = end;
        this.window = window;
        this.imageId = imageId;
    }

    private int u8() throws SpiceImageException {
        if (pos >= end) {
            throw LzFormat.truncated(CODEC);
        }
        return in[pos++] & 0xFF;
    }

    /** RGB16/RGB24/RGB32 pixels (also the first pass of RGBA), alpha 0xFF. */
    void rgbPass(int[] out, int n, boolean rgb16) throws SpiceImageException {
        final byte[] b = in;
        final int bias = rgb16 ? 1 : 0;
        final int literalBytes = rgb16 ? 2 : 3;
        int op = 0;
        while (op < n) {
            int ctrl = u8();
            if (ctrl < LzFormat.MAX_COPY) {
                int run = ctrl + 1;
                checkRun(run, n - op, literalBytes);
                pos = LzFormat.literalPixels(b, pos, out, op, run, rgb16);
                op += run;
            } else {
                reference(ctrl, bias, op, n);
                int len = refLen;
                if (refImage == null) {
                    LzStream.copyPixels(out, op, refOfs, len);
                } else if (refImage.opaque) {
                    System.arraycopy(refImage.pixels, refOfs, out, op, len);
                } else {
                    int[] src = refImage.pixels;
                    for (int i = 0, s = refOfs; i < len; i++, s++) {
                        out[op + i] = src[s] | 0xFF000000;
                    }
                }
                op += len;
            }
        }
    }

    /** The alpha pass of an RGBA image, over pixels the RGB pass filled. */
    void alphaPass(int[] out, int n) throws SpiceImageException {
        final byte[] b = in;
        int op = 0;
        while (op < n) {
            int ctrl = u8();
            if (ctrl < LzFormat.MAX_COPY) {
                int run = ctrl + 1;
                checkRun(run, n - op, 1);
                int p = pos;
                for (int stop = op + run; op < stop; op++, p++) {
                    out[op] = out[op] & 0x00FFFFFF | b[p] << 24;
                }
                pos = p;
            } else {
                reference(ctrl, 2, op, n);
                int[] src = refImage == null ? out : refImage.pixels;
                int s = refImage == null ? op - refOfs : refOfs;
                // forward, one pixel at a time: an overlapping reference reads alpha this loop just wrote
                for (int stop = op + refLen; op < stop; op++, s++) {
                    out[op] = out[op] & 0x00FFFFFF | src[s] & 0xFF000000;
                }
            }
        }
    }

    private void checkRun(int run, int room, int bytesPerPixel) throws SpiceImageException {
        if (run > room) {
            throw new SpiceImageException("GLZ literal run of " + run + " overflows the image by " + (run - room));
        }
        if (run * bytesPerPixel > end - pos) {
            throw LzFormat.truncated(CODEC);
        }
    }

    /**
     * Reads the rest of a back-reference. ctrl: length (3 bits, 7 = extended by bytes while 255), a flag for
     * the long offset form, 4 offset bits. Then 8 more offset bits, then a byte whose top 2 bits count the
     * image-distance bytes that follow: short form = 6 distance bits here plus 8 per extra byte; long
     * form = 5 more offset bits, a "very long" flag (8 more offset bits at the end), distance bytes only.
     */
    private void reference(int ctrl, int bias, int op, int n) throws SpiceImageException {
        int room = n - op;
        int len = ctrl >>> 5;
        boolean longOffset = (ctrl & 0x10) != 0;
        int ofs = ctrl & 0x0F;
        if (len == 7) {
            int code;
            do {
                code = u8();
                len += code;
                if (len > room) {
                    throw new SpiceImageException("GLZ match longer than the rest of the image");
                }
            } while (code == 255);
        }
        ofs += u8() << 4;
        int code = u8();
        int distBytes = code >>> 6;
        long dist;
        if (!longOffset) {
            dist = code & 0x3F;
            for (int i = 0; i < distBytes; i++) {
                dist += (long) u8() << (6 + 8 * i);
            }
        } else {
            ofs += (code & 0x1F) << 12;
            dist = 0;
            for (int i = 0; i < distBytes; i++) {
                dist += (long) u8() << (8 * i);
            }
            if ((code & 0x20) != 0) {
                ofs += u8() << 17;
            }
        }
        len += bias;
        if (len > room) {
            throw new SpiceImageException("GLZ match of " + len + " overflows the image by " + (len - room));
        }
        if (dist == 0) {
            ofs += 1; // distances inside the image are biased by one
            if (ofs > op) {
                throw new SpiceImageException("GLZ match distance " + ofs + " points before the image start");
            }
            refImage = null;
        } else {
            GlzImage img = lookup(dist);
            if ((long) ofs + len > img.pixels.length) {
                throw new SpiceImageException("GLZ match runs past the end of image " + img.id);
            }
            refImage = img;
        }
        refLen = len;
        refOfs = ofs;
    }

    private GlzImage lookup(long dist) throws SpiceImageException {
        if (dist > imageId) {
            throw new SpiceImageException("GLZ image " + imageId + " references " + dist + " images back");
        }
        long id = imageId - dist;
        int slot = (int) (id & (recent.length - 1));
        GlzImage img = recent[slot];
        if (img == null || img.id != id) {
            img = window.awaitImage(id, window.referenceWaitNanos());
            recent[slot] = img;
        }
        return img;
    }
}
