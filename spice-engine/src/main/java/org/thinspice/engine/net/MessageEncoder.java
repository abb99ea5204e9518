package org.thinspice.engine.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import org.thinspice.engine.channel.OutgoingMessage;

/**
 * Writes client messages with the mini header, or the full header with a running serial, into one
 * buffer of exactly the message's size (no growing and copying on the way), the body's parts copied
 * once, straight from where the channel's logic left them.
 */
public final class MessageEncoder extends MessageToByteEncoder<OutgoingMessage> {
    private final boolean miniHeader;
    private long serial;

    public MessageEncoder(boolean miniHeader) {
        super(OutgoingMessage.class);
        this.miniHeader = miniHeader;
    }

    @Override
    protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, OutgoingMessage msg, boolean preferDirect) {
        int size = (miniHeader ? 6 : 18) + msg.size();
        return preferDirect ? ctx.alloc().ioBuffer(size) : ctx.alloc().heapBuffer(size);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, OutgoingMessage msg, ByteBuf out) {
        if (!miniHeader) {
            out.writeLongLE(++serial);
        }
        out.writeShortLE(msg.type());
        out.writeIntLE(msg.size());
        if (!miniHeader) {
            out.writeIntLE(0);
        }
        msg.writeBody(out::writeBytes);
    }
}
