package org.thinspice.engine.video;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thinspice.engine.Limits;
import org.thinspice.engine.SpiceImageException;

import java.util.List;

/**
 * A VP8 / VP9 / H.264 stream decoded by one GStreamer pipeline,
 * {@code appsrc ! <parser/decoder> ! videoconvert ! video/x-raw,format=BGRA ! appsink}, driven in lock-step
 * from the display channel's event loop: each frame is pushed, and a frame to be shown is pulled back before
 * {@link #decode} returns (BGRA bytes read little-endian are the surface's {@code 0xAARRGGBB}). Frames that
 * are skipped are pushed too, their pictures discarded on the next pull. The decoder chains are tried in order
 * (VA-API first when the registry has it): a chain that fails on its first frame gives way to the next.
 */
final class GstStreamDecoder implements StreamDecoder {
    private static final Logger LOG = LoggerFactory.getLogger(GstStreamDecoder.class);
    /** The first frame also loads the decoder's plugin. */
    private static final long FIRST_PULL_NANOS = 3_000_000_000L;
    private static final long PULL_NANOS = 1_000_000_000L;
    /** Frames without a picture in a row before the stream is given up. */
    private static final int MAX_MISSES = 3;
    /** Skipped frames allowed in flight before a skip waits for the decoder. */
    private static final int MAX_IN_FLIGHT = 8;
    private static final int FLOW_OK = 0;
    private static final long SLICE_NANOS = 20_000_000L;

    private final VideoDecoders.Gst gst;
    private final VideoCodec codec;
    private final List<String> chains;
    private int chainIndex;
    private Pipeline pipe;
    private boolean anyPicture;
    private int misses;
    private boolean closed;
    private static final NativeLong ZERO = new NativeLong(0);
    private static final Memory WIDTH = GstFrameCalls.cString("width");
    private static final Memory HEIGHT = GstFrameCalls.cString("height");
    /** The caps' width and height as read from the structure. */
    private final Memory scratch = new Memory(8);
    /** GstMapInfo of the sample being read. */
    private final Memory mapInfo = GstFrameCalls.newMapInfo();
    /** The previous picture's pixels, reused for the next of the same size. */
    private int[] frame;

    GstStreamDecoder(VideoDecoders.Gst gst, VideoCodec codec, List<String> chains) throws SpiceImageException {
        this.gst = gst;
        this.codec = codec;
        this.chains = chains;
        this.pipe = open(chains.get(0));
    }

    @Override
    public String kind() {
        String chain = chains.get(chainIndex);
        return chain.substring(chain.lastIndexOf('!') + 1).trim();
    }

    @Override
    public VideoFrame decode(byte[] data, int width, int height) throws SpiceImageException {
        if (closed) {
            throw new StreamBrokenException(codec.label() + " decoder is closed");
        }
        while (true) {
            try {
                return decodeOnce(data);
            } catch (StreamBrokenException e) {
                // A chain that never gave a picture (a VA-API element that cannot run here) yields to the next.
                if (anyPicture || chainIndex + 1 >= chains.size()) {
                    throw e;
                }
                LOG.warn("{} decoder '{}' failed on its first frame ({}); trying '{}'", codec.label(), kind(),
                        e.getMessage(), chains.get(chainIndex + 1));
                pipe.close();
                chainIndex++;
                pipe = open(chains.get(chainIndex));
            }
        }
    }

    private VideoFrame decodeOnce(byte[] data) throws SpiceImageException {
        if (pipe.inFlight == 0) {
            discardStale();
        }
        push(data);
        VideoFrame last = null;
        while (pipe.inFlight > 0) {
            Pointer sample = pull(anyPicture || misses > 0 ? PULL_NANOS : FIRST_PULL_NANOS);
            if (sample == null) {
                pipe.inFlight = 0; // the decoder swallowed frames (damaged data); count afresh
                checkBus();
                if (++misses >= MAX_MISSES) {
                    throw new StreamBrokenException(codec.label() + " decoder '" + kind() + "' gave no picture for "
                            + misses + " frames in a row");
                }
                throw new SpiceImageException(codec.label() + " decoder gave no picture for this frame");
            }
            pipe.inFlight--;
            try {
                last = pipe.inFlight == 0 ? read(sample) : null; // only the newest is shown
            } finally {
                GstFrameCalls.Core.gst_mini_object_unref(sample);
            }
        }
        misses = 0;
        anyPicture = true;
        return last;
    }

    /**
     * The next picture, waiting at most {@code timeoutNanos} in short slices so that a decoder that rejected the
     * frame (a WARNING on the bus: GStreamer's decoders drop bad frames and warn, up to their error limit) is
     * noticed at once rather than after the whole timeout; null when there is none.
     */
    private Pointer pull(long timeoutNanos) throws StreamBrokenException {
        long deadline = System.nanoTime() + timeoutNanos;
        while (true) {
            Pointer sample = GstFrameCalls.App.gst_app_sink_try_pull_sample(pipe.sink, SLICE_NANOS);
            if (sample != null) {
                return sample;
            }
            checkBus();
            Pointer warning = GstFrameCalls.Core.gst_bus_pop_filtered(pipe.bus, GstLibrary.MESSAGE_WARNING);
            if (warning != null) {
                GstFrameCalls.Core.gst_mini_object_unref(warning);
                return null;
            }
            if (System.nanoTime() > deadline) {
                return null;
            }
        }
    }

    /** Pictures of frames given up on that came after all: they belong to no frame now. */
    private void discardStale() {
        Pointer sample;
        while ((sample = GstFrameCalls.App.gst_app_sink_try_pull_sample(pipe.sink, 0)) != null) {
            GstFrameCalls.Core.gst_mini_object_unref(sample);
        }
    }

    @Override
    public void skip(byte[] data) {
        if (closed) {
            return;
        }
        try {
            push(data);
            while (pipe.inFlight > MAX_IN_FLIGHT) {
                Pointer sample = pull(PULL_NANOS);
                if (sample == null) {
                    pipe.inFlight = 0;
                    return;
                }
                pipe.inFlight--;
                GstFrameCalls.Core.gst_mini_object_unref(sample);
            }
        } catch (SpiceImageException e) {
            // shows in the next decode
        }
    }

    private void push(byte[] data) throws SpiceImageException {
        if (data.length == 0) {
            throw new SpiceImageException("empty " + codec.label() + " frame");
        }
        checkBus();
        NativeLong size = new NativeLong(data.length);
        Pointer buffer = GstFrameCalls.Core.gst_buffer_new_allocate(null, size, null);
        if (buffer == null) {
            throw new StreamBrokenException("GStreamer could not allocate a buffer of " + data.length + " bytes");
        }
        GstFrameCalls.Core.gst_buffer_fill(buffer, ZERO, data, size);
        int flow = GstFrameCalls.App.gst_app_src_push_buffer(pipe.src, buffer);
        if (flow != FLOW_OK) {
            checkBus();
            throw new StreamBrokenException(codec.label() + " pipeline refused a frame (flow " + flow + ")");
        }
        pipe.inFlight++;
    }

    /**
     * The sample's picture, its size bounded before the pixels are copied out, into the previous frame's array
     * when the size is the same (the stream manager draws a frame before it asks for the next).
     */
    private VideoFrame read(Pointer sample) throws SpiceImageException {
        Pointer caps = GstFrameCalls.Core.gst_sample_get_caps(sample);
        Pointer structure = caps == null ? null : GstFrameCalls.Core.gst_caps_get_structure(caps, 0);
        if (structure == null || !GstFrameCalls.Core.gst_structure_get_int(structure, WIDTH, scratch)
                || !GstFrameCalls.Core.gst_structure_get_int(structure, HEIGHT, scratch.share(4))) {
            throw new StreamBrokenException(codec.label() + " decoder output has no size");
        }
        int width = scratch.getInt(0);
        int height = scratch.getInt(4);
        long pixels;
        try {
            pixels = Limits.checkedPixels(width, height);
        } catch (org.thinspice.engine.SpiceProtocolException e) {
            throw new StreamBrokenException(codec.label() + " decoder output: " + e.getMessage());
        }
        Pointer buffer = GstFrameCalls.Core.gst_sample_get_buffer(sample);
        if (buffer == null || !GstFrameCalls.Core.gst_buffer_map(buffer, mapInfo, GstLibrary.MAP_READ)) {
            throw new StreamBrokenException(codec.label() + " decoder output cannot be read");
        }
        try {
            long size = Native.SIZE_T_SIZE == 8 ? mapInfo.getLong(GstFrameCalls.MAP_SIZE)
                    : mapInfo.getInt(GstFrameCalls.MAP_SIZE) & 0xFFFFFFFFL;
            if (size < pixels * 4) {
                throw new StreamBrokenException(codec.label() + " decoder output of " + size + " bytes is short of "
                        + width + "x" + height + " BGRA");
            }
            int[] argb = frame != null && frame.length == pixels ? frame : new int[(int) pixels];
            frame = argb;
            // BGRA bytes = 0xAARRGGBB little-endian (BGRA rows are packed)
            // one bulk copy (Pointer.read copies element by element through JNI); the view dies with this call
            mapInfo.getPointer(GstFrameCalls.MAP_DATA).getByteBuffer(0, 4L * argb.length)
                    .order(java.nio.ByteOrder.nativeOrder()).asIntBuffer().get(0, argb, 0, argb.length);
            return VideoFrame.of(width, height, argb);
        } finally {
            GstFrameCalls.Core.gst_buffer_unmap(buffer, mapInfo);
        }
    }

    /** An error the pipeline posted ends the stream, in GStreamer's words. */
    private void checkBus() throws StreamBrokenException {
        Pointer message = GstFrameCalls.Core.gst_bus_pop_filtered(pipe.bus, GstLibrary.MESSAGE_ERROR);
        if (message == null) {
            return;
        }
        String text = "unknown error";
        try {
            PointerByReference error = new PointerByReference();
            gst.core().gst_message_parse_error(message, error, null);
            Pointer e = error.getValue();
            if (e != null) {
                Pointer m = e.getPointer(8); // GError: domain (u32), code (int), message
                text = m == null ? text : m.getString(0);
                gst.glib().g_error_free(e);
            }
        } finally {
            GstFrameCalls.Core.gst_mini_object_unref(message);
        }
        throw new StreamBrokenException(codec.label() + " decoder '" + kind() + "' failed: " + text);
    }

    private Pipeline open(String chain) throws SpiceImageException {
        String description = "appsrc name=src is-live=true format=time do-timestamp=true max-bytes=0 caps=\""
                + codec.caps() + "\" ! " + chain + " ! videoconvert ! video/x-raw,format=BGRA ! appsink name=sink"
                + " sync=false max-buffers=0 drop=false";
        PointerByReference error = new PointerByReference();
        Pointer pipeline = gst.core().gst_parse_launch(description, error);
        if (error.getValue() != null) {
            String text = error.getValue().getPointer(8).getString(0);
            gst.glib().g_error_free(error.getValue());
            if (pipeline != null) {
                gst.core().gst_object_unref(pipeline);
            }
            throw new StreamBrokenException("GStreamer pipeline '" + description + "' not built: " + text);
        }
        if (pipeline == null) {
            throw new StreamBrokenException("GStreamer pipeline '" + description + "' not built");
        }
        Pipeline p = new Pipeline(pipeline, gst.core().gst_bin_get_by_name(pipeline, "src"),
                gst.core().gst_bin_get_by_name(pipeline, "sink"), gst.core().gst_element_get_bus(pipeline));
        if (gst.core().gst_element_set_state(pipeline, GstLibrary.STATE_PLAYING) == GstLibrary.STATE_CHANGE_FAILURE) {
            p.close();
            throw new StreamBrokenException("GStreamer pipeline '" + description + "' does not start");
        }
        return p;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            pipe.close();
        }
    }

    /** The native objects of one pipeline; each reference taken is given back once. */
    private final class Pipeline {
        final Pointer pipeline;
        final Pointer src;
        final Pointer sink;
        final Pointer bus;
        int inFlight;

        Pipeline(Pointer pipeline, Pointer src, Pointer sink, Pointer bus) {
            this.pipeline = pipeline;
            this.src = src;
            this.sink = sink;
            this.bus = bus;
        }

        void close() {
            gst.core().gst_element_set_state(pipeline, GstLibrary.STATE_NULL);
            for (Pointer p : new Pointer[] {src, sink, bus, pipeline}) {
                if (p != null) {
                    gst.core().gst_object_unref(p);
                }
            }
        }
    }
}
