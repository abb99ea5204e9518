package org.thinspice.engine.channel;

import org.thinspice.engine.SpiceException;
import org.thinspice.engine.link.Caps;
import org.thinspice.engine.link.LinkReply;

/**
 * The sans-I/O logic of one channel type. Common messages (acks, pings, notify, lists) are handled by
 * {@link ChannelCore}; this sees the channel's own messages.
 */
public interface ChannelLogic {
    /** Channel capabilities this client offers in its link message. */
    Caps channelCaps();

    /**
     * The channel's event loop, given once before {@link #onLinked}: logic that the application drives
     * from other threads (input, clipboard) runs its work there.
     */
    default void attach(java.util.concurrent.Executor eventLoop) {
    }

    /** A way to close this channel (only this one) from the logic's own side, e.g. when its peer misbehaves. */
    default void attachCloser(Runnable closeChannel) {
    }

    /** The link succeeded; send what must be sent first (e.g. DISPLAY INIT). */
    void onLinked(LinkReply reply, Outbox out) throws SpiceException;

    /** One channel-specific message. Throw to close the channel with that error. */
    void onMessage(SpiceMessage message, Outbox out) throws SpiceException;

    /** A PING arrived (answered by the core); {@code bodyBytes} includes the filler. */
    default void onPing(long id, int bodyBytes) {
    }

    /** The channel closed; release what it holds. */
    default void onClosed() {
    }
}
