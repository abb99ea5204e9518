package org.thinspice.engine.channel;

/** Where a channel's logic puts the messages it wants sent. */
@FunctionalInterface
public interface Outbox {
    void send(OutgoingMessage message);
}
