package org.thinspice.engine.channel;

import org.thinspice.engine.SpiceException;
import org.thinspice.engine.SpiceReason;

import java.util.function.Consumer;

/**
 * Thrown by channel logic that cannot handle a message yet without blocking the event loop (a GLZ image
 * referring to an image still queued on another display channel). The message had no effect; the
 * channel stops reading, keeps the message and what follows it, and hands them in again, in order, once
 * {@link #whenReady} calls back.
 */
public final class MessageDeferral extends SpiceException {
    private final transient Consumer<Runnable> whenReady;

    /** @param whenReady registers a callback, run once (on any thread) when the message can be retried */
    public MessageDeferral(String detail, Consumer<Runnable> whenReady) {
        super(SpiceReason.PROTOCOL_ERROR, detail);
        this.whenReady = whenReady;
    }

    public void whenReady(Runnable resume) {
        whenReady.accept(resume);
    }
}
