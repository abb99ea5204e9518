package org.thinspice.engine.audio;

import com.sun.jna.Native;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thinspice.engine.SpiceProtocolException;

import java.util.Locale;

/**
 * Chooses the Opus decoder, once per process: libopus through JNA ({@link NativeOpusDecoder}) when the library
 * loads, else Concentus in Java ({@link OpusPacketDecoder}). System properties:
 * <ul>
 *   <li>{@value #PROPERTY_DECODER}: {@code auto} (default: libopus if it loads), {@code java} (always Concentus)
 *       or {@code libopus} (as auto, but an error is logged when it does not load);</li>
 *   <li>{@value #PROPERTY_LIBRARY}: the library name JNA loads, default {@value #DEFAULT_LIBRARY} (Debian's
 *       libopus0).</li>
 * </ul>
 */
public final class OpusDecoders {
    public static final String PROPERTY_DECODER = "thinspice.opus.decoder";
    public static final String PROPERTY_LIBRARY = "thinspice.opus.library";
    public static final String DEFAULT_LIBRARY = "opus";
    private static final Logger LOG = LoggerFactory.getLogger(OpusDecoders.class);
    private static volatile Backend backend;

    private OpusDecoders() {
    }

    /** The choice: the loaded library (null: Concentus) and a sentence saying which and why. */
    public record Backend(NativeOpusDecoder.OpusLibrary library, String description) {
        public boolean isNative() {
            return library != null;
        }

        /** A decoder for one stream of {@code format}. */
        public AudioDecoder create(PcmFormat format) throws SpiceProtocolException {
            if (library != null) {
                try {
                    return new NativeOpusDecoder(library, format);
                } catch (RuntimeException | LinkageError e) {
                    LOG.warn("libopus decoder not made ({}); this stream decodes with Concentus", e.toString());
                }
            }
            return new OpusPacketDecoder(format);
        }
    }

    /** The choice made from the system properties, on first use. */
    public static Backend backend() {
        Backend b = backend;
        if (b == null) {
            synchronized (OpusDecoders.class) {
                b = backend;
                if (b == null) {
                    b = select(System.getProperty(PROPERTY_DECODER, "auto"),
                            System.getProperty(PROPERTY_LIBRARY, DEFAULT_LIBRARY));
                    LOG.info("Opus decoding: {}", b.description());
                    backend = b;
                }
            }
        }
        return b;
    }

    /** A decoder for one Opus stream, from the shared choice. */
    public static AudioDecoder forStream(PcmFormat format) throws SpiceProtocolException {
        return backend().create(format);
    }

    /**
     * Makes a choice without touching the shared one (tests, benchmarks).
     *
     * @param mode    {@code auto}, {@code java} or {@code libopus}
     * @param library the library name for JNA
     */
    public static Backend select(String mode, String library) {
        String m = mode == null ? "auto" : mode.trim().toLowerCase(Locale.ROOT);
        switch (m) {
            case "java":
                return new Backend(null, "Concentus (" + PROPERTY_DECODER + "=java)");
            case "auto":
            case "libopus":
                break;
            default:
                throw new IllegalArgumentException(PROPERTY_DECODER + " must be auto, java or libopus, not '"
                        + mode + "'");
        }
        try {
            NativeOpusDecoder.OpusLibrary lib = Native.load(library, NativeOpusDecoder.OpusLibrary.class);
            return new Backend(lib, "libopus (" + lib.opus_get_version_string() + ", '" + library + "' through JNA)");
        } catch (LinkageError | RuntimeException e) {
            String why = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            String d = "Concentus: libopus '" + library + "' not loaded (" + why
                    + "); install Debian's libopus0 for native decoding";
            if (m.equals("libopus")) {
                LOG.error("{}={} but {}", PROPERTY_DECODER, m, d);
            }
            return new Backend(null, d);
        }
    }
}
