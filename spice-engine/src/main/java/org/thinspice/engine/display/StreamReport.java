package org.thinspice.engine.display;

import org.thinspice.engine.wire.WireWriter;

/**
 * The client's statistics window for one stream once the server sent STREAM_ACTIVATE_REPORT: frames and
 * drops since the last report, sent as STREAM_REPORT when the window fills, its timeout passes or several
 * frames in a row were dropped (spice-gtk's rule), so the server's rate control can adapt the bit rate.
 * Sans-I/O: time comes in as an argument.
 */
final class StreamReport {
    /** Consecutive drops that trigger a report at once. */
    static final int DROP_SEQUENCE_LIMIT = 3;
    /** No audio stream to sync with: "audio delay unknown". */
    static final long NO_AUDIO = 0xFFFFFFFFL;
    /** The server asks for windows of a few dozen frames; cap what a hostile value can make us wait for. */
    static final long MAX_WINDOW_FRAMES = 1 << 16;

    private final long streamId;
    private final long uniqueId;
    private final long maxWindowFrames;
    private final long timeoutNanos;
    private long frames;
    private long drops;
    private int dropSequence;
    private long startFrameMmTime;
    private long windowStartNanos;

    StreamReport(long streamId, long uniqueId, long maxWindowFrames, long timeoutMillis) {
        this.streamId = streamId;
        this.uniqueId = uniqueId;
        this.maxWindowFrames = Math.max(1, Math.min(maxWindowFrames, MAX_WINDOW_FRAMES));
        this.timeoutNanos = Math.max(0, timeoutMillis) * 1_000_000L;
    }

    long uniqueId() {
        return uniqueId;
    }

    /**
     * One frame of the stream arrived.
     *
     * @param frameMmTime the frame's multimedia time
     * @param delayMillis frame time minus client time at arrival (negative: late)
     * @param dropped     the frame will not be shown
     * @param nowNanos    monotonic time
     * @return the STREAM_REPORT body to send now, or null
     */
    byte[] onFrame(long frameMmTime, long delayMillis, boolean dropped, long nowNanos) {
        return onFrame(frameMmTime, delayMillis, dropped, nowNanos, -1);
    }

    /** As above, with the playback delay in ms ({@code audio_delay}); negative: no audio plays. */
    byte[] onFrame(long frameMmTime, long delayMillis, boolean dropped, long nowNanos, long audioDelayMillis) {
        if (frames == 0) {
            startFrameMmTime = frameMmTime;
            windowStartNanos = nowNanos;
        }
        frames++;
        if (dropped) {
            drops++;
            dropSequence++;
        } else {
            dropSequence = 0;
        }
        if (frames < maxWindowFrames && nowNanos - windowStartNanos < timeoutNanos
                && dropSequence < DROP_SEQUENCE_LIMIT) {
            return null;
        }
        int delay = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, delayMillis));
        byte[] body = body(streamId, uniqueId, startFrameMmTime, frameMmTime, frames, drops, delay,
                audioDelayMillis < 0 ? NO_AUDIO : Math.min(audioDelayMillis, NO_AUDIO - 1));
        frames = 0;
        drops = 0;
        dropSequence = 0;
        return body;
    }

    /** A report that tells the server this client cannot decode the stream (it then stops the encoder). */
    byte[] undecodable() {
        return body(streamId, uniqueId, 0, 0, 0, 0xFFFFFFFFL, 0, NO_AUDIO);
    }

    private static byte[] body(long streamId, long uniqueId, long start, long end, long frames, long drops,
                               int lastDelay, long audioDelay) {
        return new WireWriter(32).u32(streamId).u32(uniqueId).u32(start & 0xFFFFFFFFL).u32(end & 0xFFFFFFFFL)
                .u32(frames).u32(drops).u32(lastDelay & 0xFFFFFFFFL).u32(audioDelay).toByteArray();
    }
}
