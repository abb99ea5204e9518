package org.thinspice.engine.video;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thinspice.engine.SpiceImageException;
import org.thinspice.engine.image.JpegDecoders;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which stream codecs this client decodes, found once at start-up: MJPEG always (TurboJPEG, else Java); VP8,
 * VP9 and H.264 when GStreamer (libgstreamer-1.0, libgstapp-1.0 through JNA) loads and its registry has a
 * decoder chain for them, VA-API elements preferred. One log line says what was found.
 *
 * <p>System properties: {@value #PROPERTY_GSTREAMER} {@code auto} (default) or {@code off} (MJPEG only);
 * {@value #PROPERTY_LIBRARY}, the core library name JNA loads (default {@value #DEFAULT_LIBRARY}; a name that
 * does not exist hides GStreamer, as on a terminal without it).
 */
public final class VideoDecoders {
    public static final String PROPERTY_GSTREAMER = "thinspice.video.gstreamer";
    public static final String PROPERTY_LIBRARY = "thinspice.gstreamer.library";
    public static final String DEFAULT_LIBRARY = "gstreamer-1.0";
    private static final String[] PIPELINE_ELEMENTS = {"appsrc", "appsink", "videoconvert"};

    private static final Logger LOG = LoggerFactory.getLogger(VideoDecoders.class);
    private static volatile VideoDecoders shared;

    private final Gst gst;
    private final Map<VideoCodec, List<String>> chains;
    private final String description;

    private VideoDecoders(Gst gst, Map<VideoCodec, List<String>> chains, String description) {
        this.gst = gst;
        this.chains = chains;
        this.description = description;
    }

    /** The loaded GStreamer libraries. */
    record Gst(GstLibrary core, GstLibrary.GLib glib) {
    }

    /** The choice made from the system properties, on first use. */
    public static VideoDecoders get() {
        VideoDecoders d = shared;
        if (d == null) {
            synchronized (VideoDecoders.class) {
                d = shared;
                if (d == null) {
                    d = probe(System.getProperty(PROPERTY_GSTREAMER, "auto"),
                            System.getProperty(PROPERTY_LIBRARY, DEFAULT_LIBRARY));
                    LOG.info("Video decoding: {}", d.description());
                    shared = d;
                }
            }
        }
        return d;
    }

    /** Makes the shared choice on a daemon thread, if nobody has yet; returns at once. */
    public static void warmUp() {
        if (shared == null) {
            Thread t = new Thread(VideoDecoders::get, "thinspice-video-probe");
            t.setDaemon(true);
            t.start();
        }
    }

    /** Probes without touching the shared choice (tests). */
    public static VideoDecoders probe(String mode, String library) {
        String m = mode == null ? "auto" : mode.trim().toLowerCase(Locale.ROOT);
        if (!m.equals("auto") && !m.equals("off")) {
            throw new IllegalArgumentException(PROPERTY_GSTREAMER + " must be auto or off, not '" + mode + "'");
        }
        String mjpeg = "MJPEG by " + JpegDecoders.backend().description();
        if (m.equals("off")) {
            return new VideoDecoders(null, Map.of(), mjpeg + "; GStreamer off (" + PROPERTY_GSTREAMER + "=off)");
        }
        Gst gst;
        try {
            GstLibrary core = Native.load(library, GstLibrary.class);
            gst = new Gst(core, Native.load("glib-2.0", GstLibrary.GLib.class));
            PointerByReference error = new PointerByReference();
            if (!core.gst_init_check(null, null, error)) {
                return new VideoDecoders(null, Map.of(), mjpeg + "; GStreamer did not initialise");
            }
            GstFrameCalls.register(library);
        } catch (LinkageError | RuntimeException e) {
            String why = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            return new VideoDecoders(null, Map.of(), mjpeg + "; GStreamer library '" + library + "' not loaded ("
                    + why + "): only MJPEG; install Debian's gstreamer1.0-plugins-good/-bad and gstreamer1.0-libav"
                    + " for VP8, VP9 and H.264");
        }
        Map<VideoCodec, List<String>> found = new EnumMap<>(VideoCodec.class);
        StringBuilder d = new StringBuilder(mjpeg).append("; GStreamer:");
        boolean base = true;
        for (String e : PIPELINE_ELEMENTS) {
            base &= has(gst, e);
        }
        for (VideoCodec c : VideoCodec.values()) {
            if (c.caps() == null) {
                continue;
            }
            List<String> usable = new ArrayList<>();
            if (base) {
                for (String chain : c.chains()) {
                    if (allPresent(gst, chain)) {
                        usable.add(chain);
                    }
                }
            }
            if (!usable.isEmpty()) {
                found.put(c, List.copyOf(usable));
            }
            d.append(' ').append(c.label()).append('=').append(usable.isEmpty() ? "none" : decoderOf(usable.get(0)));
        }
        if (!base) {
            d.append(" (appsrc, appsink or videoconvert missing: install gstreamer1.0-plugins-base)");
        }
        return new VideoDecoders(gst, found, d.toString());
    }

    private static boolean allPresent(Gst gst, String chain) {
        for (String part : chain.split("!")) {
            if (!has(gst, part.trim().split(" ")[0])) {
                return false;
            }
        }
        return true;
    }

    private static boolean has(Gst gst, String element) {
        Pointer f = gst.core().gst_element_factory_find(element);
        if (f == null) {
            return false;
        }
        gst.core().gst_object_unref(f);
        return true;
    }

    private static String decoderOf(String chain) {
        return chain.substring(chain.lastIndexOf('!') + 1).trim();
    }

    /** One line for the log and the diagnostics screen: which decoder each codec gets. */
    public String description() {
        return description;
    }

    /** The codecs this client can decode, MJPEG first, then the others in wire-number order. */
    public List<VideoCodec> codecs() {
        List<VideoCodec> out = new ArrayList<>();
        out.add(VideoCodec.MJPEG);
        out.addAll(chains.keySet());
        return List.copyOf(out);
    }

    public boolean decodes(VideoCodec codec) {
        return codec == VideoCodec.MJPEG || chains.containsKey(codec);
    }

    /** The decoder element the codec would get (its first chain), or null; {@code turbojpeg}/{@code java} for MJPEG. */
    public String decoderFor(VideoCodec codec) {
        if (codec == VideoCodec.MJPEG) {
            return JpegDecoders.backend().isNative() ? "turbojpeg" : "java";
        }
        List<String> c = chains.get(codec);
        return c == null ? null : decoderOf(c.get(0));
    }

    /**
     * A decoder for a new stream of this codec, or null when this client has none.
     *
     * @throws SpiceImageException GStreamer could not build the pipeline
     */
    public StreamDecoder open(VideoCodec codec) throws SpiceImageException {
        if (codec == VideoCodec.MJPEG) {
            // spice-gtk's MJPEG path replicates chroma (do_fancy_upsampling = FALSE); so does this decoder.
            return new MjpegStreamDecoder(JpegDecoders.forStream());
        }
        List<String> c = codec == null ? null : chains.get(codec);
        return c == null ? null : new GstStreamDecoder(gst, codec, c);
    }
}
