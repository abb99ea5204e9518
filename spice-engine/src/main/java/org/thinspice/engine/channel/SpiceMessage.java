package org.thinspice.engine.channel;

import org.thinspice.engine.wire.WireReader;

/** One data-stage message as framed off the wire: its type and body bytes. */
public record SpiceMessage(int type, byte[] body) {
    public WireReader reader() {
        return new WireReader(body);
    }

    @Override
    public String toString() {
        return "SpiceMessage[type=" + type + ", size=" + body.length + "]";
    }
}
