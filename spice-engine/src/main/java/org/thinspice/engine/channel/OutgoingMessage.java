package org.thinspice.engine.channel;

/** A client message to send: type and body; the encoder adds the header. */
public record OutgoingMessage(int type, byte[] body) {
    public static OutgoingMessage empty(int type) {
        return new OutgoingMessage(type, new byte[0]);
    }
}
