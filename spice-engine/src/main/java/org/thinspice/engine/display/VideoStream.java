package org.thinspice.engine.display;

import org.thinspice.engine.video.StreamDecoder;

import java.util.ArrayDeque;

/**
 * One server video stream (STREAM_CREATE): where it draws, its codec and decoder, its clip, the frames
 * waiting for their multimedia time and, once activated, its report window. Lives on the display
 * channel's event loop.
 */
final class VideoStream {
    static final int FLAG_TOP_DOWN = 1;

    final int id;
    final int surfaceId;
    final boolean topDown;
    final int codec;
    final int width;
    final int height;
    /** Null when the codec is one this client cannot decode, or its decoder broke. */
    StreamDecoder decoder;
    /** The decoder failed as a whole; the server was or will be told by a report. */
    boolean broken;
    boolean brokenReported;
    final ArrayDeque<StreamFrame> pending = new ArrayDeque<>();
    Rect dest;
    Clip clip;
    StreamReport report;
    /** Cancels the timer of the head frame; null when none is set. */
    Runnable timer;

    VideoStream(int id, int surfaceId, int flags, int codec, int width, int height, Rect dest, Clip clip,
                StreamDecoder decoder) {
        this.id = id;
        this.surfaceId = surfaceId;
        this.topDown = (flags & FLAG_TOP_DOWN) != 0;
        this.codec = codec;
        this.width = width;
        this.height = height;
        this.dest = dest;
        this.clip = clip;
        this.decoder = decoder;
    }
}
