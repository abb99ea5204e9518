package org.thinspice.engine.display;

import org.thinspice.engine.Limits;
import org.thinspice.engine.SpiceException;
import org.thinspice.engine.SpiceImageException;
import org.thinspice.engine.SpiceListener;
import org.thinspice.engine.channel.MessageDeferral;
import org.thinspice.engine.image.BitmapDecoder;
import org.thinspice.engine.image.GlzDecoder;
import org.thinspice.engine.image.GlzWindow;
import org.thinspice.engine.image.JpegDecoders;
import org.thinspice.engine.image.JpegFrameDecoder;
import org.thinspice.engine.image.Lz4Decoder;
import org.thinspice.engine.image.LzDecoder;
import org.thinspice.engine.image.Palette;
import org.thinspice.engine.image.PaletteCache;
import org.thinspice.engine.image.QuicDecoder;
import org.thinspice.engine.image.ZlibGlzDecoder;
import org.thinspice.engine.wire.WireReader;

import java.util.function.IntFunction;

/**
 * Turns an {@code Image*} of a draw message into pixels: reads the descriptor, dispatches to the codec
 * for its type, and keeps the pixmap and palette caches as the descriptor's flags say.
 */
public final class ImageResolver {
    public static final int BITMAP = 0;
    public static final int QUIC = 1;
    public static final int LZ_PLT = 100;
    public static final int LZ_RGB = 101;
    public static final int GLZ_RGB = 102;
    public static final int FROM_CACHE = 103;
    public static final int SURFACE = 104;
    public static final int JPEG = 105;
    public static final int FROM_CACHE_LOSSLESS = 106;
    public static final int ZLIB_GLZ_RGB = 107;
    public static final int JPEG_ALPHA = 108;
    public static final int LZ4 = 109;

    private static final int FLAG_CACHE_ME = 1;
    private static final int FLAG_HIGH_BITS_SET = 2;
    private static final int FLAG_CACHE_REPLACE_ME = 4;
    private static final int BITMAP_PAL_CACHE_ME = 1;
    private static final int BITMAP_PAL_FROM_CACHE = 2;
    private static final int BITMAP_TOP_DOWN = 4;

    private final PixmapCache pixmaps;
    private final GlzWindow glzWindow;
    private final PaletteCache palettes;
    private final IntFunction<Surface> surfaces;
    private final SpiceListener listener;
    /** Still-image JPEG decoder (TurboJPEG or Java, see JpegDecoders), made on the first JPEG. */
    private JpegFrameDecoder jpeg;

    public ImageResolver(PixmapCache pixmaps, GlzWindow glzWindow, PaletteCache palettes,
                         IntFunction<Surface> surfaces, SpiceListener listener) {
        this.pixmaps = pixmaps;
        this.glzWindow = glzWindow;
        this.palettes = palettes;
        this.surfaces = surfaces;
        this.listener = listener;
    }

    /** Resolves the image the pointer field {@code ptr} of message body {@code body} names. */
    public Pixmap resolve(WireReader body, long ptr) throws SpiceException {
        if (ptr == 0) {
            throw new SpiceImageException("draw without a source image");
        }
        WireReader r = body.at(ptr);
        long id = r.i64();
        int type = r.u8();
        int flags = r.u8();
        long width = r.u32();
        long height = r.u32();
        if (type == FROM_CACHE || type == FROM_CACHE_LOSSLESS) {
            Pixmap p = pixmaps.get(id);
            if (p == null) {
                throw new SpiceImageException("image " + Long.toUnsignedString(id) + " is not in the cache");
            }
            return p;
        }
        if (type == SURFACE) {
            int sid = (int) r.u32();
            Surface s = surfaces.apply(sid);
            if (s == null) {
                throw new SpiceImageException("image refers to unknown surface " + sid);
            }
            return new Pixmap(s.width(), s.height(), s.snapshot());
        }
        Limits.checkedPixels(width, height);
        int w = (int) width;
        int h = (int) height;
        long t0 = System.nanoTime();
        int[] pixels = decode(body, type, r, w, h);
        if ((flags & FLAG_HIGH_BITS_SET) != 0) {
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] |= 0xFF000000;
            }
        }
        listener.onImageDecoded(type, w * h, System.nanoTime() - t0);
        Pixmap p = new Pixmap(w, h, pixels);
        if ((flags & (FLAG_CACHE_ME | FLAG_CACHE_REPLACE_ME)) != 0) {
            pixmaps.put(id, p, type == JPEG || type == JPEG_ALPHA);
        }
        return p;
    }

    private int[] decode(WireReader body, int type, WireReader r, int w, int h) throws SpiceException {
        switch (type) {
            case BITMAP:
                return bitmap(body, r, w, h);
            case QUIC: {
                WireReader d = binary(r);
                return QuicDecoder.decode(d.array(), d.arrayOffset(), d.remaining(), w, h);
            }
            case LZ_RGB: {
                WireReader d = binary(r);
                return LzDecoder.decodeRgb(d.array(), d.arrayOffset(), d.remaining(), w, h);
            }
            case LZ_PLT:
                return lzPalette(body, r, w, h);
            case GLZ_RGB: {
                WireReader d = binary(r);
                deferUnlessReady(GlzDecoder.imageId(d.array(), d.arrayOffset(), d.remaining()));
                return GlzDecoder.decode(d.array(), d.arrayOffset(), d.remaining(), w, h, glzWindow);
            }
            case ZLIB_GLZ_RGB: {
                WireReader d = r.rest();
                deferUnlessReady(ZlibGlzDecoder.imageId(d.array(), d.arrayOffset(), d.remaining()));
                return ZlibGlzDecoder.decode(d.array(), d.arrayOffset(), d.remaining(), w, h, glzWindow);
            }
            case JPEG: {
                WireReader d = binary(r);
                return jpeg().decode(d.array(), d.arrayOffset(), d.remaining(), w, h).argb();
            }
            case JPEG_ALPHA:
                return jpegAlpha(r, w, h);
            case LZ4: {
                WireReader d = binary(r);
                return Lz4Decoder.decode(d.array(), d.arrayOffset(), d.remaining(), w, h);
            }
            default:
                throw new SpiceImageException("image type " + type + " is not supported");
        }
    }

    /**
     * GLZ images reference earlier ones by id, which may still be queued on another display channel: rather
     * than block the event loop (which may be that other channel's too), the message is deferred until the
     * session's window holds every id below this one.
     */
    private void deferUnlessReady(long glzImageId) throws MessageDeferral {
        if (!glzWindow.isReadyFor(glzImageId)) {
            throw new MessageDeferral("GLZ image " + glzImageId + " waits for earlier images",
                    resume -> glzWindow.whenReadyFor(glzImageId, resume));
        }
    }

    private JpegFrameDecoder jpeg() {
        if (jpeg == null) {
            jpeg = JpegDecoders.forImages();
        }
        return jpeg;
    }

    /** JPEG_ALPHA: u8 flags, u32 jpeg_size, u32 data_size, then the JPEG and an LZ alpha plane. */
    private int[] jpegAlpha(WireReader r, int w, int h) throws SpiceException {
        r.u8(); // flags (TOP_DOWN): the alpha plane's LZ header carries its own row order
        long jpegSize = r.u32();
        int dataSize = r.u32Max(r.remaining(), "JPEG_ALPHA data size");
        if (jpegSize > dataSize) {
            throw new SpiceImageException("JPEG_ALPHA jpeg size " + jpegSize + " exceeds data size " + dataSize);
        }
        WireReader d = r.slice(dataSize);
        int[] argb = jpeg().decode(d.array(), d.arrayOffset(), (int) jpegSize, w, h).argb();
        LzDecoder.decodeAlphaInto(d.array(), d.arrayOffset() + (int) jpegSize, dataSize - (int) jpegSize, w, h, argb);
        return argb;
    }

    /** {@code BinaryData}: u32 size, then that many bytes. */
    private static WireReader binary(WireReader r) throws SpiceException {
        return r.slice(r.u32());
    }

    private Palette palette(WireReader body, WireReader r, int flags, int cacheMeFlag, int fromCacheFlag) throws SpiceException {
        if ((flags & fromCacheFlag) != 0) {
            long pid = r.i64();
            Palette p = palettes.get(pid);
            if (p == null) {
                throw new SpiceImageException("palette " + Long.toUnsignedString(pid) + " is not in the cache");
            }
            return p;
        }
        long ptr = r.u32();
        if (ptr == 0) {
            return null;
        }
        Palette p = Palette.read(body.at(ptr));
        if ((flags & cacheMeFlag) != 0) {
            palettes.put(p);
        }
        return p;
    }

    private int[] bitmap(WireReader body, WireReader r, int w, int h) throws SpiceException {
        int format = r.u8();
        int flags = r.u8();
        long x = r.u32();
        long y = r.u32();
        int stride = r.u32Max(Integer.MAX_VALUE / 2, "bitmap stride");
        if (x != w || y != h) {
            throw new SpiceImageException("bitmap is " + x + "x" + y + " but its descriptor says " + w + "x" + h);
        }
        Palette pal = palette(body, r, flags, BITMAP_PAL_CACHE_ME, BITMAP_PAL_FROM_CACHE);
        long size = (long) stride * h;
        if (size > r.remaining()) {
            throw new SpiceImageException("bitmap data truncated: " + r.remaining() + " of " + size + " bytes");
        }
        return BitmapDecoder.decode(format, (flags & BITMAP_TOP_DOWN) != 0, w, h, stride, r.array(),
                r.arrayOffset(), (int) size, pal == null ? null : pal.entries());
    }

    private int[] lzPalette(WireReader body, WireReader r, int w, int h) throws SpiceException {
        int flags = r.u8();
        int size = r.u32Max(Limits.MAX_MESSAGE_SIZE, "LZ_PLT data size");
        Palette pal = palette(body, r, flags, BITMAP_PAL_CACHE_ME, BITMAP_PAL_FROM_CACHE);
        if (pal == null) {
            throw new SpiceImageException("LZ_PLT image without a palette");
        }
        WireReader d = r.slice(size);
        return LzDecoder.decodePalette(d.array(), d.arrayOffset(), d.remaining(), w, h, pal.entries());
    }
}
