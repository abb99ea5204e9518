package org.thinspice.engine.display;

import org.thinspice.engine.Limits;
import org.thinspice.engine.SpiceException;
import org.thinspice.engine.SpiceImageException;
import org.thinspice.engine.SpiceListener;
import org.thinspice.engine.SpiceProtocolException;
import org.thinspice.engine.SpiceReason;
import org.thinspice.engine.channel.MessageTypes;
import org.thinspice.engine.channel.Outbox;
import org.thinspice.engine.channel.OutgoingMessage;
import org.thinspice.engine.video.StreamBrokenException;
import org.thinspice.engine.video.StreamDecoder;
import org.thinspice.engine.video.VideoCodec;
import org.thinspice.engine.video.VideoDecoders;
import org.thinspice.engine.video.VideoFrame;
import org.thinspice.engine.wire.WireReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;

/**
 * The video streams of one display channel: STREAM_CREATE / DATA / DATA_SIZED / CLIP / DESTROY(_ALL) /
 * ACTIVATE_REPORT. Messages for a stream never created here are ignored (frames counted as dropped), as
 * spice-gtk does: spice-server sends them to a client that connected while the stream existed. Each frame is shown at its multimedia time: a frame that arrives after it is dropped
 * and counted, an early one waits on a {@link FrameTimer}, and one whose time has passed by more than
 * {@link #MAX_LATE_MILLIS} when its turn comes is dropped too, so what is shown stays in step with the sound. Frames are decoded when they are due (one
 * {@link StreamDecoder} per stream: MJPEG by TurboJPEG or Java, VP8 / VP9 / H.264 by a GStreamer pipeline), drawn under the stream's clip and reported as invalidated.
 * A decoder that fails as a whole ({@link StreamBrokenException}) ends its stream with one log line: its later
 * frames are dropped as undecodable and the server is told so by a STREAM_REPORT, so it sends images instead.
 * Runs on the display channel's event loop; the clock and the timer are injected.
 */
public final class StreamManager {
    /** Codec numbers (spice/enums.h SpiceVideoCodecType). */
    public static final int CODEC_MJPEG = 1;
    /** spice-server keeps at most 50 streams per display channel. */
    static final int MAX_STREAMS = 64;
    /** Frames waiting for their time, per stream (~2.5 s at 25 fps, well beyond the 400 ms margin). */
    static final int MAX_PENDING_FRAMES = 64;
    /** A frame is never held longer than the server's largest playback delay (mjpeg-encoder.c, 5 s). */
    static final long MAX_WAIT_MILLIS = 5000;
    /**
     * A frame whose time has passed by more than this when its turn comes (the event loop was busy, several
     * frames fell due at once, or the audio clock moved ahead) is dropped as late rather than shown out of step
     * with its sound (spice-gtk, too, drops every frame already late when it schedules). 70 ms, checked before
     * and after decoding, leaves 10 ms for the blit within the 80 ms lip-sync bound.
     */
    static final long MAX_LATE_MILLIS = 70;

    private final int channelId;
    private final SpiceListener listener;
    private final IntFunction<Surface> surfaces;
    private final LongSupplier mmTime;
    private final LongSupplier nanoTime;
    private final FrameTimer timer;
    private final Map<Integer, VideoStream> streams = new HashMap<>();
    private LongSupplier audioDelay = () -> -1;
    private VideoDecoders decoders;
    /** The decoder of the stream created last ("vp8: vp8dec"), for the diagnostics screen; null before any. */
    private volatile String lastDecoder;
    private static final Logger LOG = LoggerFactory.getLogger(StreamManager.class);

    public StreamManager(int channelId, SpiceListener listener, IntFunction<Surface> surfaces, LongSupplier mmTime,
                         LongSupplier nanoTime, FrameTimer timer) {
        this.channelId = channelId;
        this.listener = listener;
        this.surfaces = surfaces;
        this.mmTime = mmTime;
        this.nanoTime = nanoTime;
        this.timer = timer;
    }

    /** The decoders streams get (default: {@link VideoDecoders#get()}, probed once per process). */
    public void setDecoders(VideoDecoders decoders) {
        this.decoders = decoders;
    }

    private VideoDecoders decoders() {
        if (decoders == null) {
            decoders = VideoDecoders.get();
        }
        return decoders;
    }

    /** "codec: decoder" of the stream created last (e.g. {@code h264: avdec_h264}), or null before any stream. */
    public String lastDecoder() {
        return lastDecoder;
    }

    /**
     * The playback delay (ms) while audio plays, negative when none: STREAM_REPORT carries it as
     * {@code audio_delay} (spice-gtk's playback latency), so the server can keep video in step with sound.
     */
    public void setAudioDelay(LongSupplier delay) {
        this.audioDelay = delay;
    }

    /** Whether this message type is one of the stream messages handled here. */
    public static boolean handles(int type) {
        return switch (type) {
            case MessageTypes.DISPLAY_STREAM_CREATE, MessageTypes.DISPLAY_STREAM_DATA,
                    MessageTypes.DISPLAY_STREAM_DATA_SIZED, MessageTypes.DISPLAY_STREAM_CLIP,
                    MessageTypes.DISPLAY_STREAM_DESTROY, MessageTypes.DISPLAY_STREAM_DESTROY_ALL,
                    MessageTypes.DISPLAY_STREAM_ACTIVATE_REPORT -> true;
            default -> false;
        };
    }

    public void handle(int type, WireReader r, Outbox out) throws SpiceException {
        switch (type) {
            case MessageTypes.DISPLAY_STREAM_CREATE -> create(r);
            case MessageTypes.DISPLAY_STREAM_DATA -> data(r, false, out);
            case MessageTypes.DISPLAY_STREAM_DATA_SIZED -> data(r, true, out);
            case MessageTypes.DISPLAY_STREAM_CLIP -> {
                VideoStream s = streams.get((int) r.u32());
                Clip clip = Clip.read(r);
                if (s != null) {
                    s.clip = clip;
                }
            }
            case MessageTypes.DISPLAY_STREAM_DESTROY -> {
                VideoStream s = streams.get((int) r.u32());
                if (s != null) {
                    destroy(s);
                }
            }
            case MessageTypes.DISPLAY_STREAM_DESTROY_ALL -> destroyAll();
            case MessageTypes.DISPLAY_STREAM_ACTIVATE_REPORT -> activateReport(r, out);
            default -> throw new IllegalArgumentException("not a stream message: " + type);
        }
    }

    /** Number of live streams. */
    public int size() {
        return streams.size();
    }


    private void create(WireReader r) throws SpiceException {
        int surfaceId = (int) r.u32();
        int id = (int) r.u32();
        int flags = r.u8();
        int codec = r.u8();
        r.i64(); // stamp: unused by clients
        long streamW = r.u32();
        long streamH = r.u32();
        r.u32(); // src_width / src_height: the guest-side area, equal to dest's size
        r.u32();
        Rect dest = Rect.read(r);
        Clip clip = Clip.read(r);
        Limits.checkedPixels(streamW, streamH);
        if (streams.containsKey(id)) {
            throw new SpiceProtocolException("stream " + Integer.toUnsignedString(id) + " created twice");
        }
        if (streams.size() >= MAX_STREAMS) {
            throw new SpiceProtocolException(SpiceReason.LIMIT_EXCEEDED, "more than " + MAX_STREAMS + " streams");
        }
        if (surfaces.apply(surfaceId) == null) {
            throw new SpiceProtocolException("stream " + Integer.toUnsignedString(id) + " on unknown surface "
                    + surfaceId);
        }
        VideoCodec vc = VideoCodec.ofType(codec);
        StreamDecoder decoder = null;
        try {
            decoder = vc != null && decoders().decodes(vc) ? decoders().open(vc) : null;
        } catch (SpiceImageException e) {
            LOG.warn("stream {} ({}) not decoded: {}", Integer.toUnsignedString(id), vc.label(), e.getMessage());
        }
        lastDecoder = (vc == null ? "codec " + codec : vc.label()) + ": "
                + (decoder == null ? "none" : decoder.kind());
        streams.put(id, new VideoStream(id, surfaceId, flags, codec, (int) streamW, (int) streamH, dest, clip,
                decoder));
        listener.onStreamCreated(channelId, id, codec, (int) streamW, (int) streamH);
    }

    private void data(WireReader r, boolean sized, Outbox out) throws SpiceException {
        int id = (int) r.u32();
        VideoStream s = streams.get(id);
        long frameTime = r.u32();
        int width = s == null ? 0 : s.width;
        int height = s == null ? 0 : s.height;
        Rect dest = s == null ? null : s.dest;
        if (sized) {
            long w = r.u32();
            long h = r.u32();
            Limits.checkedPixels(w, h);
            width = (int) w;
            height = (int) h;
            dest = Rect.read(r);
        }
        long size = r.u32();
        if (size > r.remaining()) {
            throw new SpiceProtocolException("stream frame of " + size + " bytes runs past the message end ("
                    + r.remaining() + " left)");
        }
        if (s == null) {
            // spice-server can address a stream this client was never told about (a stream that existed
            // before this client connected); spice-gtk ignores such messages, and so does this client.
            listener.onStreamFrameReceived(channelId, id, (int) size);
            listener.onStreamFrameDropped(channelId, id, StreamDrop.NO_STREAM);
            return;
        }
        byte[] data = r.bytes(size);
        listener.onStreamFrameReceived(channelId, s.id, data.length);
        long delay = mmDiff(frameTime, mmTime.getAsLong());
        boolean late = delay < 0 || s.decoder == null;
        if (s.broken && s.report != null && !s.brokenReported) {
            s.brokenReported = true;
            out.send(new OutgoingMessage(MessageTypes.MSGC_DISPLAY_STREAM_REPORT, s.report.undecodable()));
        }
        if (s.report != null) {
            byte[] report = s.report.onFrame(frameTime, delay, late, nanoTime.getAsLong(),
                    audioDelay.getAsLong());
            if (report != null) {
                out.send(new OutgoingMessage(MessageTypes.MSGC_DISPLAY_STREAM_REPORT, report));
            }
        }
        if (late) {
            if (s.decoder != null) {
                s.decoder.skip(data);
            }
            listener.onStreamFrameDropped(channelId, s.id, s.decoder == null ? StreamDrop.UNDECODABLE : StreamDrop.LATE);
            return;
        }
        if (s.pending.size() >= MAX_PENDING_FRAMES) {
            StreamFrame oldest = s.pending.poll();
            if (s.decoder != null) {
                s.decoder.skip(oldest.data());
            }
            listener.onStreamFrameDropped(channelId, s.id, StreamDrop.QUEUE_FULL);
        }
        // A frame far ahead of the clock means the clocks disagree; show it soon rather than freeze.
        long dueTime = delay > MAX_WAIT_MILLIS ? (frameTime - delay + MAX_WAIT_MILLIS) & 0xFFFFFFFFL : frameTime;
        s.pending.add(new StreamFrame(dueTime, frameTime, width, height, dest, data));
        if (s.timer == null) {
            arm(s);
        }
    }

    private void activateReport(WireReader r, Outbox out) throws SpiceException {
        VideoStream s = streams.get((int) r.u32());
        long uniqueId = r.u32();
        long window = r.u32();
        long timeoutMs = r.u32();
        if (s == null) {
            return; // as for STREAM_CLIP: a stream never created here
        }
        s.report = new StreamReport(s.id & 0xFFFFFFFFL, uniqueId, window, timeoutMs);
        if (s.decoder == null) {
            // Tell the server at once that this stream cannot be shown, so it stops encoding it.
            out.send(new OutgoingMessage(MessageTypes.MSGC_DISPLAY_STREAM_REPORT, s.report.undecodable()));
        }
    }

    /** Sets the timer for the stream's head frame. */
    private void arm(VideoStream s) {
        StreamFrame head = s.pending.peek();
        if (head == null) {
            s.timer = null;
            return;
        }
        long delay = Math.max(0, mmDiff(head.mmTime(), mmTime.getAsLong()));
        s.timer = timer.schedule(() -> {
            s.timer = null;
            try {
                presentDue(s);
            } catch (RuntimeException e) {
                // Nothing may escape onto the event loop: the frame is lost, the stream goes on.
                s.pending.poll();
                listener.onStreamFrameDropped(channelId, s.id, StreamDrop.UNDECODABLE);
                arm(s);
            }
        }, delay);
    }

    /** Shows every frame whose time has come, in order, then waits for the next. */
    private void presentDue(VideoStream s) {
        if (streams.get(s.id) != s) {
            return; // destroyed meanwhile
        }
        long now = mmTime.getAsLong();
        StreamFrame f;
        while ((f = s.pending.peek()) != null && mmDiff(f.mmTime(), now) <= 0) {
            s.pending.poll();
            present(s, f);
        }
        arm(s);
    }

    private void present(VideoStream s, StreamFrame f) {
        Surface surface = surfaces.apply(s.surfaceId);
        if (surface == null) {
            listener.onStreamFrameDropped(channelId, s.id, StreamDrop.NO_SURFACE);
            return;
        }
        if (tooLate(f)) {
            if (s.decoder != null) {
                s.decoder.skip(f.data()); // later frames may use its tables or refer to its picture
            }
            listener.onStreamFrameDropped(channelId, s.id, StreamDrop.LATE);
            return;
        }
        if (s.decoder == null) { // its decoder broke while this frame waited
            listener.onStreamFrameDropped(channelId, s.id, StreamDrop.UNDECODABLE);
            return;
        }
        VideoFrame image;
        long t0 = System.nanoTime();
        try {
            image = s.decoder.decode(f.data(), f.width(), f.height());
        } catch (StreamBrokenException e) {
            endBroken(s, e);
            listener.onStreamFrameDropped(channelId, s.id, StreamDrop.UNDECODABLE);
            return;
        } catch (SpiceImageException e) {
            listener.onStreamFrameDropped(channelId, s.id, StreamDrop.UNDECODABLE);
            return;
        }
        listener.onStreamFrameDecoded(channelId, s.codec, f.width() * f.height(), System.nanoTime() - t0);
        if (tooLate(f)) { // the decode itself took it past the bound
            listener.onStreamFrameDropped(channelId, s.id, StreamDrop.LATE);
            return;
        }
        List<Rect> areas = Canvas.areas(surface, f.dest(), s.clip);
        if (!f.dest().isEmpty()) {
            synchronized (surface.lock()) {
                StreamBlit.draw(surface, areas, f.dest(), image.pixels(), image.width(), image.height(), s.topDown);
            }
        }
        listener.onStreamFramePresented(channelId, s.id, f.frameTime(), mmTime.getAsLong());
        invalidate(surface, areas);
    }

    /**
     * The stream's decoder failed as a whole: free it, say so once, and tell the server (when reports are on) that
     * this stream cannot be shown, so it stops encoding it; the session goes on.
     */
    private void endBroken(VideoStream s, StreamBrokenException e) {
        LOG.warn("stream {} ({}) ends here: {}", Integer.toUnsignedString(s.id),
                VideoCodec.ofType(s.codec) == null ? s.codec : VideoCodec.ofType(s.codec).label(), e.getMessage());
        s.decoder.close();
        s.decoder = null;
        s.broken = true;
    }

    private boolean tooLate(StreamFrame f) {
        return mmDiff(mmTime.getAsLong(), f.mmTime()) > MAX_LATE_MILLIS;
    }

    private void invalidate(Surface s, List<Rect> areas) {
        Rect u = Rect.union(areas);
        if (u != null) {
            listener.onInvalidate(channelId, s, u.left(), u.top(), u.width(), u.height());
        }
    }

    /**
     * Ends a stream. Frames still waiting are shown now rather than lost: the server may follow the destroy
     * with ordinary draws over the same area, which must not be painted over by older video frames later.
     */
    private void destroy(VideoStream s) {
        streams.remove(s.id);
        if (s.timer != null) {
            s.timer.run();
            s.timer = null;
        }
        StreamFrame f;
        while ((f = s.pending.poll()) != null) {
            present(s, f);
        }
        if (s.decoder != null) {
            s.decoder.close();
        }
        listener.onStreamDestroyed(channelId, s.id);
    }

    public void destroyAll() {
        for (VideoStream s : List.copyOf(streams.values())) {
            destroy(s);
        }
    }

    /** The channel closed: cancel timers and forget pending frames (nothing will show them). */
    public void close() {
        for (VideoStream s : streams.values()) {
            if (s.timer != null) {
                s.timer.run();
                s.timer = null;
            }
            s.pending.clear();
            if (s.decoder != null) {
                s.decoder.close();
            }
        }
        streams.clear();
    }

    /** {@code a - b} for u32 millisecond times that may wrap. */
    static long mmDiff(long a, long b) {
        return (int) (a - b);
    }
}
