package org.thinspice.engine.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import org.thinspice.engine.channel.OutgoingMessage;

/** Writes client messages with the mini header, or the full header with a running serial. */
public final class MessageEncoder extends MessageToByteEncoder<OutgoingMessage> {
    private final boolean miniHeader;
    private long serial;

    public MessageEncoder(boolean miniHeader) {
        super(OutgoingMessage.class);
        this.miniHeader = miniHeader;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, OutgoingMessage msg, ByteBuf out) {
        if (!miniHeader) {
            out.writeLongLE(++serial);
        }
        out.writeShortLE(msg.type());
        out.writeIntLE(msg.body().length);
        if (!miniHeader) {
            out.writeIntLE(0);
        }
        out.writeBytes(msg.body());
    }
}
