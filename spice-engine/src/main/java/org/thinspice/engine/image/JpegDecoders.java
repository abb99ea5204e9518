package org.thinspice.engine.image;

import java.util.Locale;

import com.sun.jna.Pointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thinspice.engine.SpiceImageException;

/**
 * Chooses the JPEG decoder: TurboJPEG (libjpeg-turbo through JNA) when the library loads, else the Java
 * decoder. The library is looked up once, on the first decoder asked for, and one log line says which
 * decoder is used and why.
 *
 * <p>System properties:
 * <ul>
 *   <li>{@value #PROPERTY_DECODER}: {@code auto} (default: TurboJPEG if it loads), {@code java} (force the
 *       Java decoder), {@code turbojpeg} (as {@code auto}, but a missing library is logged as an error);</li>
 *   <li>{@value #PROPERTY_LIBRARY}: the library name JNA loads, default {@value #DEFAULT_LIBRARY} (Debian's
 *       {@code libturbojpeg0} ships only {@code libturbojpeg.so.0}, which JNA finds from this name);</li>
 *   <li>{@value #PROPERTY_STREAM_DCT}: {@code accurate} (default: MJPEG frames decoded with the accurate
 *       integer IDCT, bit-exact with the Java decoder) or {@code fast} (TurboJPEG's fast IDCT, what spice-gtk's
 *       MJPEG decoder uses; measured in docs/engine.md). The Java decoder has only the accurate IDCT.</li>
 * </ul>
 */
public final class JpegDecoders {
    public static final String PROPERTY_DECODER = "thinspice.jpeg.decoder";
    public static final String PROPERTY_LIBRARY = "thinspice.jpeg.library";
    public static final String PROPERTY_STREAM_DCT = "thinspice.jpeg.streamDct";
    public static final String DEFAULT_LIBRARY = "turbojpeg";

    private static final Logger LOG = LoggerFactory.getLogger(JpegDecoders.class);
    private static volatile Backend backend;

    private JpegDecoders() {
    }

    /**
     * Which decoder a {@link JpegDecoders} hands out.
     *
     * @param library     the loaded TurboJPEG library, or null for the Java decoder
     * @param description one line for the log and diagnostics
     */
    public record Backend(TurboJpegLibrary library, String description) {
        public boolean isNative() {
            return library != null;
        }

        /** A decoder for an MJPEG stream: replicated chroma as spice-gtk's MJPEG path; IDCT as asked. */
        public JpegFrameDecoder forStream(boolean fastDct) {
            return make(false, fastDct);
        }

        /** A decoder for still JPEG images: libjpeg defaults (accurate IDCT, fancy upsampling). */
        public JpegFrameDecoder forImages() {
            return make(true, false);
        }

        private JpegFrameDecoder make(boolean fancy, boolean fastDct) {
            if (library != null) {
                try {
                    return new TurboJpegDecoder(library, fancy, fastDct);
                } catch (SpiceImageException | RuntimeException e) {
                    LOG.warn("TurboJPEG decoder not made ({}); this one decodes in Java", e.toString());
                }
            }
            return new JpegStreamDecoder(fancy);
        }
    }

    /** The decoder choice made from the system properties, on first use. */
    public static Backend backend() {
        Backend b = backend;
        if (b == null) {
            synchronized (JpegDecoders.class) {
                b = backend;
                if (b == null) {
                    b = select(System.getProperty(PROPERTY_DECODER, "auto"),
                            System.getProperty(PROPERTY_LIBRARY, DEFAULT_LIBRARY));
                    LOG.info("JPEG decoding: {}", b.description());
                    backend = b;
                }
            }
        }
        return b;
    }

    /** A decoder for one MJPEG stream, with the IDCT of {@value #PROPERTY_STREAM_DCT}. */
    public static JpegFrameDecoder forStream() {
        return backend().forStream(streamFastDct());
    }

    /** A decoder for still JPEG images. */
    public static JpegFrameDecoder forImages() {
        return backend().forImages();
    }

    static boolean streamFastDct() {
        String v = System.getProperty(PROPERTY_STREAM_DCT, "accurate").trim().toLowerCase(Locale.ROOT);
        if (!v.equals("fast") && !v.equals("accurate")) {
            throw new IllegalArgumentException(PROPERTY_STREAM_DCT + " must be accurate or fast, not '" + v + "'");
        }
        return v.equals("fast");
    }

    /**
     * Makes a decoder choice without touching the shared one (tests, benchmarks).
     *
     * @param mode    {@code auto}, {@code java} or {@code turbojpeg}
     * @param library the library name for JNA
     */
    public static Backend select(String mode, String library) {
        String m = mode == null ? "auto" : mode.trim().toLowerCase(Locale.ROOT);
        switch (m) {
            case "java":
                return new Backend(null, "Java decoder (" + PROPERTY_DECODER + "=java)");
            case "auto":
            case "turbojpeg":
                break;
            default:
                throw new IllegalArgumentException(PROPERTY_DECODER + " must be auto, java or turbojpeg, not '"
                        + mode + "'");
        }
        try {
            TurboJpegLibrary tj = TurboJpegDirect.load(library);
            Pointer probe = tj.tjInitDecompress();
            if (probe == null) {
                return missing(m, library, "tjInitDecompress failed: " + tj.tjGetErrorStr2(null));
            }
            tj.tjDestroy(probe);
            return new Backend(tj, "TurboJPEG (libjpeg-turbo '" + library + "' through JNA)");
        } catch (LinkageError | RuntimeException e) {
            return missing(m, library, e.getMessage() == null ? e.toString() : firstLine(e.getMessage()));
        }
    }

    private static Backend missing(String mode, String library, String why) {
        String d = "Java decoder: TurboJPEG library '" + library + "' not loaded (" + why
                + "); install Debian's libturbojpeg0 for native decoding";
        if (mode.equals("turbojpeg")) {
            LOG.error("{}={} but {}", PROPERTY_DECODER, mode, d);
        }
        return new Backend(null, d);
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
