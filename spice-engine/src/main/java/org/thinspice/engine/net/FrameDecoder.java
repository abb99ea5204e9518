package org.thinspice.engine.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import org.thinspice.engine.Limits;
import org.thinspice.engine.SpiceProtocolException;
import org.thinspice.engine.SpiceReason;
import org.thinspice.engine.channel.SpiceMessage;

import java.util.List;

/**
 * Frames data-stage messages: the 6-byte mini header (u16 type, u32 size) or the 18-byte full header
 * (u64 serial, u16 type, u32 size, u32 sub_list). The size is checked against
 * {@link Limits#MAX_MESSAGE_SIZE} before any body is buffered.
 */
public final class FrameDecoder extends ByteToMessageDecoder {
    private final boolean miniHeader;
    private final int maxSize;

    public FrameDecoder(boolean miniHeader) {
        this(miniHeader, Limits.MAX_MESSAGE_SIZE);
    }

    public FrameDecoder(boolean miniHeader, int maxSize) {
        this.miniHeader = miniHeader;
        this.maxSize = maxSize;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        int headerSize = miniHeader ? 6 : 18;
        while (in.readableBytes() >= headerSize) {
            int base = in.readerIndex();
            int typeAt = miniHeader ? base : base + 8;
            int type = in.getUnsignedShortLE(typeAt);
            long size = in.getUnsignedIntLE(typeAt + 2);
            if (size > maxSize) {
                in.skipBytes(in.readableBytes());
                throw new SpiceProtocolException(SpiceReason.LIMIT_EXCEEDED,
                        "message type " + type + " of " + size + " bytes exceeds the limit of " + maxSize);
            }
            if (in.readableBytes() < headerSize + size) {
                return;
            }
            in.skipBytes(headerSize);
            byte[] body = new byte[(int) size];
            in.readBytes(body);
            out.add(new SpiceMessage(type, body));
        }
    }
}
