package org.thinspice.engine.image;

import java.lang.ref.Cleaner;
import java.nio.ByteOrder;
import java.nio.IntBuffer;

import com.sun.jna.Memory;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import org.thinspice.engine.Limits;
import org.thinspice.engine.SpiceImageException;
import org.thinspice.engine.SpiceProtocolException;

/**
 * JPEG decoding by libjpeg-turbo's TurboJPEG library (Debian {@code libturbojpeg0}) through JNA. One
 * decompressor handle per instance, so like {@link JpegStreamDecoder} it remembers the tables of earlier
 * frames for abbreviated MJPEG frames. Pixels come out as {@code 0xFFRRGGBB} ints: TurboJPEG writes BGRA bytes
 * (ARGB on a big-endian machine) into native memory that is read back as native-order ints.
 *
 * <p>With {@code fastDct} and {@code fancyUpsampling} false the output equals libjpeg's defaults
 * ({@code djpeg}), and so the Java decoder's, pixel for pixel. Not thread-safe; made by {@link JpegDecoders}.
 */
public final class TurboJpegDecoder implements JpegFrameDecoder {
    private static final Cleaner CLEANER = Cleaner.create();

    private final TurboJpegLibrary tj;
    private final int flags;
    private final int pixelFormat;
    private Pointer handle;
    private Cleaner.Cleanable cleanable;
    /**
     * SOI, the DQT and DHT segments of the latest frame that had any, EOI: after a failed call the libjpeg
     * object is left mid-header, so it is replaced by a fresh one primed with these tables (abbreviated
     * frames that follow still decode).
     */
    private byte[] tables;
    private final IntByReference w = new IntByReference();
    private final IntByReference h = new IntByReference();
    private final IntByReference subsamp = new IntByReference();
    private final IntByReference colorspace = new IntByReference();
    private Memory source;
    private Memory pixels;
    /** {@code pixels} seen as ints in the machine's byte order: its bulk get is one memory copy. */
    private IntBuffer pixelInts;
    private boolean closed;

    /**
     * @param fancyUpsampling true for libjpeg's triangle-filter chroma upsampling (its default), false to
     *                        replicate chroma ({@code TJFLAG_FASTUPSAMPLE})
     * @param fastDct         true for the fast integer IDCT ({@code TJFLAG_FASTDCT}, what spice-gtk's MJPEG
     *                        path uses); not bit-exact with the Java decoder
     * @throws SpiceImageException when TurboJPEG cannot make a decompressor
     */
    TurboJpegDecoder(TurboJpegLibrary tj, boolean fancyUpsampling, boolean fastDct) throws SpiceImageException {
        this.tj = tj;
        this.flags = (fancyUpsampling ? 0 : TurboJpegLibrary.TJFLAG_FASTUPSAMPLE)
                | (fastDct ? TurboJpegLibrary.TJFLAG_FASTDCT : 0);
        this.pixelFormat = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN
                ? TurboJpegLibrary.TJPF_BGRA : TurboJpegLibrary.TJPF_ARGB;
        open();
    }

    private void open() throws SpiceImageException {
        Pointer p = tj.tjInitDecompress();
        if (p == null) {
            throw new SpiceImageException("TurboJPEG could not make a decompressor: " + tj.tjGetErrorStr2(null));
        }
        TurboJpegLibrary lib = tj;
        handle = p;
        cleanable = CLEANER.register(this, () -> lib.tjDestroy(p));
    }

    /** Replaces the decompressor after an error and primes it with the last tables seen. */
    private void reset() {
        cleanable.clean();
        try {
            open();
        } catch (SpiceImageException e) {
            closed = true; // every later call reports it
            return;
        }
        if (tables != null) {
            Memory m = copyIn(tables, 0, tables.length);
            if (tj.tjDecompressHeader3(handle, m, new NativeLong(tables.length), w, h, subsamp, colorspace) != 0) {
                tables = null; // the tables themselves are broken: start clean
                reset();
            }
        }
    }

    /** Remembers the DQT/DHT segments before the first scan, if the frame has any. */
    private void keepTables(byte[] d, int offset, int length) {
        int end = offset + length;
        int p = offset + 2;
        java.io.ByteArrayOutputStream out = null;
        while (end - p >= 4 && d[p] == (byte) 0xFF) {
            int marker = d[p + 1] & 0xFF;
            int segment = JpegMarkers.u16(d, p + 2);
            if (marker == JpegMarkers.SOS || segment < 2 || segment > end - p - 2) {
                break;
            }
            if (marker == JpegMarkers.DQT || marker == JpegMarkers.DHT) {
                if (out == null) {
                    out = new java.io.ByteArrayOutputStream();
                    out.write(0xFF);
                    out.write(JpegMarkers.SOI);
                }
                out.write(d, p, 2 + segment);
            }
            p += 2 + segment;
        }
        if (out != null) {
            out.write(0xFF);
            out.write(JpegMarkers.EOI);
            tables = out.toByteArray();
        }
    }

    private SpiceImageException failed(String what) {
        SpiceImageException e = new SpiceImageException(what + tj.tjGetErrorStr2(handle));
        reset();
        return e;
    }

    @Override
    public JpegImage decode(byte[] data, int offset, int length, int expectedWidth, int expectedHeight)
            throws SpiceImageException {
        return decodeReusing(data, offset, length, expectedWidth, expectedHeight, null);
    }

    @Override
    public JpegImage decodeReusing(byte[] data, int offset, int length, int expectedWidth, int expectedHeight,
                                   int[] reuse) throws SpiceImageException {
        View v = decodeView(data, offset, length, expectedWidth, expectedHeight);
        int count = v.width() * v.height();
        int[] argb = reuse != null && reuse.length == count ? reuse : new int[count];
        // one bulk copy out of native memory (Pointer.read copies element by element through JNI)
        v.pixels().get(0, argb, 0, count);
        return new JpegImage(v.width(), v.height(), argb);
    }

    /** Decoded pixels in this decoder's native memory ({@code 0xAARRGGBB} ints), valid until its next call. */
    public record View(int width, int height, IntBuffer pixels) {
    }

    /**
     * Decodes into this decoder's own native memory and returns a view of it, valid until the next call: a video
     * frame is drawn from there without first being copied into a Java array.
     */
    public View decodeView(byte[] data, int offset, int length, int expectedWidth, int expectedHeight)
            throws SpiceImageException {
        if (closed) {
            throw new SpiceImageException("TurboJPEG decoder closed or could not be remade");
        }
        if (data == null || offset < 0 || length < 0 || offset > data.length - length) {
            throw new SpiceImageException("JPEG slice out of range");
        }
        if (length < 4 || data[offset] != (byte) 0xFF || data[offset + 1] != (byte) JpegMarkers.SOI) {
            throw new SpiceImageException("not a JPEG: no SOI marker");
        }
        keepTables(data, offset, length);
        Memory src = copyIn(data, offset, length);
        NativeLong size = new NativeLong(length);
        w.setValue(0); // a tables-only stream returns 0 without writing the size
        h.setValue(0);
        if (tj.tjDecompressHeader3(handle, src, size, w, h, subsamp, colorspace) != 0) {
            throw failed("JPEG header refused by TurboJPEG: ");
        }
        int width = w.getValue();
        int height = h.getValue();
        if (width == 0 || height == 0) {
            throw new SpiceImageException("JPEG has no frame header");
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
        int count = width * height;
        Memory dst = pixels;
        if (dst == null || dst.size() < 4L * count) {
            pixels = null; // the old block is freed by its own cleaner once unreachable
            pixelInts = null;
            dst = new Memory(4L * count);
            pixels = dst;
            pixelInts = dst.getByteBuffer(0, dst.size()).order(ByteOrder.nativeOrder()).asIntBuffer();
        }
        int rc = tj.tjDecompress2(handle, src, size, dst, width, 4 * width, height, pixelFormat, flags);
        if (rc != 0 && tj.tjGetErrorCode(handle) != TurboJpegLibrary.TJERR_WARNING) {
            throw failed("JPEG refused by TurboJPEG: ");
        }
        // A warning (e.g. corrupt or truncated entropy data) still writes the whole picture, as djpeg does.
        return new View(width, height, pixelInts);
    }

    @Override
    public void learnTables(byte[] data, int offset, int length) {
        if (closed || data == null || offset < 0 || length < 4 || offset > data.length - length) {
            return;
        }
        // Reading the header takes in every DQT/DHT before the first scan; an error only remakes the object.
        keepTables(data, offset, length);
        if (tj.tjDecompressHeader3(handle, copyIn(data, offset, length), new NativeLong(length), w, h, subsamp,
                colorspace) != 0) {
            reset();
        }
    }

    private Memory copyIn(byte[] data, int offset, int length) {
        Memory src = source;
        if (src == null || src.size() < Math.max(1, length)) {
            src = new Memory(Math.max(4096, length));
            source = src;
        }
        src.write(0, data, offset, length);
        return src;
    }

    @Override
    public String kind() {
        return "turbojpeg";
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            cleanable.clean();
            source = null;
            pixels = null;
            pixelInts = null;
        }
    }
}
