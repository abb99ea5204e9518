package org.thinspice.engine.display;

/** Why a video stream frame was not shown. */
public enum StreamDrop {
    /** It arrived after its multimedia time. */
    LATE,
    /** Its data could not be decoded (the frame is skipped; the stream goes on). */
    UNDECODABLE,
    /** Too many frames were waiting; the oldest was let go. */
    QUEUE_FULL,
    /** Its target surface no longer exists. */
    NO_SURFACE,
    /** The server sent it for a stream it never created on this connection. */
    NO_STREAM
}
