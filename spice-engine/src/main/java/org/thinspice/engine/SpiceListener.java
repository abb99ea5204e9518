package org.thinspice.engine;

import org.thinspice.engine.cursor.CursorShape;
import org.thinspice.engine.display.Head;
import org.thinspice.engine.display.Surface;

import java.util.List;

/**
 * Everything the engine reports to the application. Calls come on Netty event-loop threads; an
 * implementation must return quickly and never block (hand work to its own thread). Every method has
 * an empty default so an application implements only what it needs.
 */
public interface SpiceListener {
    /** A connect step finished ({@code "main-linked"}, {@code "display-linked"}, …), ms since connect(). */
    default void onConnectStep(String step, long elapsedMillis) {
    }

    default void onChannelOpened(ChannelType type, int id) {
    }

    /** A channel closed; {@code cause} is null for an orderly close this client asked for. */
    default void onChannelClosed(ChannelType type, int id, SpiceException cause) {
    }

    /** The whole session ended; {@code cause} is null when the application closed it. */
    default void onDisconnected(SpiceException cause) {
    }

    default void onSurfaceCreated(int channelId, Surface surface) {
    }

    default void onSurfaceDestroyed(int channelId, Surface surface) {
    }

    /** Pixels of {@code surface} in the rectangle changed (already clipped to the surface). */
    default void onInvalidate(int channelId, Surface surface, int x, int y, int width, int height) {
    }

    /** The display channel finished its first full frame (MARK). */
    default void onDisplayMark(int channelId) {
    }

    default void onMouseMode(int supported, int current) {
    }

    /** The guest's lock-key LEDs (SCROLL 1, NUM 2, CAPS 4) changed. */
    default void onGuestLocks(int locks) {
    }

    default void onAgentConnected(boolean connected) {
    }

    /** A server NOTIFY message (severity 0 info, 1 warn, 2 error). */
    default void onNotify(int severity, String message) {
    }

    /** Bytes read off the wire on a channel (after TLS). */
    default void onBytesReceived(ChannelType type, int id, long bytes) {
    }

    /** One image decoded: SPICE image type, its pixel count and the time spent. */
    default void onImageDecoded(int imageType, int pixels, long nanos) {
    }

    /** A display draw message was applied. */
    default void onDrawApplied(int channelId, int messageType) {
    }

    /** A video stream began (STREAM_CREATE): codec (1 = MJPEG) and encoded frame size. */
    default void onStreamCreated(int channelId, int streamId, int codec, int width, int height) {
    }

    /** One encoded video frame arrived (STREAM_DATA or STREAM_DATA_SIZED). */
    default void onStreamFrameReceived(int channelId, int streamId, int bytes) {
    }

    /** One video frame decoded: codec, its pixel count and the time spent. */
    default void onStreamFrameDecoded(int channelId, int codec, int pixels, long nanos) {
    }

    /** One video frame was drawn into its surface at its multimedia time (onInvalidate follows). */
    default void onStreamFramePresented(int channelId, int streamId) {
    }

    /**
     * The same event with its times: {@code frameTime} is the frame's multimedia time from the server (u32 ms)
     * and {@code clockTime} the session's multimedia clock when it was drawn — while sound plays, the audio
     * clock, so {@code clockTime - frameTime} (mod 2^32) is how far the picture lags its sound, the measure
     * spice-gtk schedules by. The engine calls this one; its default calls
     * {@link #onStreamFramePresented(int, int)}, so a listener overrides whichever it needs (not both).
     */
    default void onStreamFramePresented(int channelId, int streamId, long frameTime, long clockTime) {
        onStreamFramePresented(channelId, streamId);
    }

    /** One video frame was not shown, and why. */
    default void onStreamFrameDropped(int channelId, int streamId, org.thinspice.engine.display.StreamDrop reason) {
    }

    /** A video stream ended. */
    default void onStreamDestroyed(int channelId, int streamId) {
    }

    /** The guest's pointer shape changed (cursor channel); the application draws it at the pointer. */
    default void onCursorShape(int channelId, CursorShape shape) {
    }

    /** The guest moved its pointer (server mouse mode): hotspot position on the display. */
    default void onCursorMoved(int channelId, int x, int y) {
    }

    /** The guest hid its pointer (or set no shape). */
    default void onCursorHidden(int channelId) {
    }

    /** The cursor channel was reset: show the default pointer until a new shape arrives. */
    default void onCursorReset(int channelId) {
    }

    /**
     * The heads a display channel shows (MONITORS_CONFIG): each a rectangle of one of the channel's
     * surfaces. {@code maxAllowed} is how many heads the guest supports.
     */
    default void onMonitorsConfig(int channelId, List<Head> heads, int maxAllowed) {
    }

    /** A playback stream started (true) or stopped (false) on this playback channel. */
    default void onPlayback(int channelId, boolean playing) {
    }

    /** The terminal's microphone opened (the guest records) or closed. */
    default void onMicrophone(boolean open) {
    }
}
