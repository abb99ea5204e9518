package org.thinspice.engine.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

import java.util.function.LongConsumer;

/** Counts the bytes read off the socket (first in the pipeline, so TLS overhead is included). */
public final class ByteCounter extends ChannelInboundHandlerAdapter {
    private final LongConsumer sink;

    public ByteCounter(LongConsumer sink) {
        this.sink = sink;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf b) {
            sink.accept(b.readableBytes());
        }
        ctx.fireChannelRead(msg);
    }
}
