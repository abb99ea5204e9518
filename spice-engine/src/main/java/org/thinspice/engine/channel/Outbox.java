package org.thinspice.engine.channel;

import java.util.List;

/** Where a channel's logic puts the messages it wants sent. */
@FunctionalInterface
public interface Outbox {
    void send(OutgoingMessage message);

    /** Several messages in order; an outbox that flushes per message flushes once for all of them. */
    default void sendAll(List<OutgoingMessage> messages) {
        messages.forEach(this::send);
    }
}
