package org.thinspice.engine.image;

import java.lang.ref.Cleaner;
import java.nio.ByteOrder;

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
    private final Pointer handle;
    private final int flags;
    private final int pixelFormat;
    private final Cleaner.Cleanable cleanable;
    private final IntByReference w = new IntByReference();
    private final IntByReference h = new IntByReference();
    private final IntByReference subsamp = new IntByReference();
    private final IntByReference colorspace = new IntByReference();
    private Memory source;
    private Memory pixels;
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
        this.handle = tj.tjInitDecompress();
        if (handle == null) {
            throw new SpiceImageException("TurboJPEG could not make a decompressor: " + tj.tjGetErrorStr2(null));
        }
        this.flags = (fancyUpsampling ? 0 : TurboJpegLibrary.TJFLAG_FASTUPSAMPLE)
                | (fastDct ? TurboJpegLibrary.TJFLAG_FASTDCT : 0);
        this.pixelFormat = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN
                ? TurboJpegLibrary.TJPF_BGRA : TurboJpegLibrary.TJPF_ARGB;
        Pointer p = handle;
        this.cleanable = CLEANER.register(this, () -> tj.tjDestroy(p));
    }

    @Override
    public JpegImage decode(byte[] data, int offset, int length, int expectedWidth, int expectedHeight)
            throws SpiceImageException {
        if (closed) {
            throw new IllegalStateException("TurboJPEG decoder used after close");
        }
        if (data == null || offset < 0 || length < 0 || offset > data.length - length) {
            throw new SpiceImageException("JPEG slice out of range");
        }
        if (length < 4 || data[offset] != (byte) 0xFF || data[offset + 1] != (byte) JpegMarkers.SOI) {
            throw new SpiceImageException("not a JPEG: no SOI marker");
        }
        Memory src = copyIn(data, offset, length);
        NativeLong size = new NativeLong(length);
        if (tj.tjDecompressHeader3(handle, src, size, w, h, subsamp, colorspace) != 0) {
            throw new SpiceImageException("JPEG header refused by TurboJPEG: " + tj.tjGetErrorStr2(handle));
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
            dst = new Memory(4L * count);
            pixels = dst;
        }
        int rc = tj.tjDecompress2(handle, src, size, dst, width, 4 * width, height, pixelFormat, flags);
        if (rc != 0 && tj.tjGetErrorCode(handle) != TurboJpegLibrary.TJERR_WARNING) {
            throw new SpiceImageException("JPEG refused by TurboJPEG: " + tj.tjGetErrorStr2(handle));
        }
        // A warning (e.g. corrupt or truncated entropy data) still writes the whole picture, as djpeg does.
        int[] argb = new int[count];
        dst.read(0, argb, 0, count);
        return new JpegImage(width, height, argb);
    }

    @Override
    public void learnTables(byte[] data, int offset, int length) {
        if (closed || data == null || offset < 0 || length < 4 || offset > data.length - length) {
            return;
        }
        // Reading the header takes in every DQT/DHT before the first scan; errors do not matter here.
        tj.tjDecompressHeader3(handle, copyIn(data, offset, length), new NativeLong(length), w, h, subsamp,
                colorspace);
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
        }
    }
}
