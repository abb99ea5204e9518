package org.thinspice.engine.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import org.thinspice.engine.SpiceConnectException;
import org.thinspice.engine.SpiceException;
import org.thinspice.engine.SpiceReason;

import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/** Opens a tunnel through an HTTP proxy with CONNECT, then steps aside for the next stage. */
public final class HttpConnectHandler extends ByteToMessageDecoder {
    private final byte[] request;
    private final Consumer<ChannelHandlerContext> onEstablished;
    private final BiConsumer<ChannelHandlerContext, SpiceException> onFailed;
    private boolean done;

    public HttpConnectHandler(String host, int port, String userInfo, Consumer<ChannelHandlerContext> onEstablished,
                              BiConsumer<ChannelHandlerContext, SpiceException> onFailed) {
        this.request = HttpConnect.request(host, port, userInfo);
        this.onEstablished = onEstablished;
        this.onFailed = onFailed;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        ctx.writeAndFlush(Unpooled.wrappedBuffer(request));
        super.channelActive(ctx);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (done) {
            return;
        }
        int len = Math.min(in.readableBytes(), HttpConnect.MAX_RESPONSE_HEAD);
        byte[] buf = new byte[len];
        in.getBytes(in.readerIndex(), buf);
        int end = HttpConnect.headEnd(buf, len);
        try {
            if (end < 0) {
                if (len >= HttpConnect.MAX_RESPONSE_HEAD) {
                    throw new SpiceConnectException(SpiceReason.PROXY_FAILED, "proxy response head too long", null);
                }
                return;
            }
            HttpConnect.checkStatus(buf, end);
        } catch (SpiceConnectException e) {
            done = true;
            in.skipBytes(in.readableBytes());
            onFailed.accept(ctx, e);
            ctx.close();
            return;
        }
        in.skipBytes(end);
        done = true;
        onEstablished.accept(ctx);
        ctx.pipeline().remove(this);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (!done) {
            done = true;
            onFailed.accept(ctx, new SpiceConnectException(SpiceReason.PROXY_FAILED,
                    "proxy closed the connection before the tunnel was open", null));
        }
        super.channelInactive(ctx);
    }
}
