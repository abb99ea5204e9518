package org.thinspice.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;

/**
 * Copies bytes from its channel to the peer channel of a {@link Tunnel}. Backpressure: when the peer
 * cannot take more, this side stops reading until the peer drains. A FIN is passed on as a half-close;
 * the tunnel ends once both directions are finished, or at once on an error.
 */
final class RelayHandler extends ChannelInboundHandlerAdapter {
    private final Tunnel tunnel;
    private final Channel peer;
    private final boolean up;

    /** {@code up}: this handler sits on the client channel and copies towards the desktop. */
    RelayHandler(Tunnel tunnel, Channel peer, boolean up) {
        this.tunnel = tunnel;
        this.peer = peer;
        this.up = up;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf buf) || !peer.isActive()) {
            ReferenceCountUtil.release(msg);
            return;
        }
        tunnel.counted(up, buf.readableBytes());
        peer.write(buf, peer.voidPromise());
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        peer.flush();
        if (!peer.isWritable()) {
            ctx.channel().config().setAutoRead(false);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        // This channel drained: let the peer read again.
        if (ctx.channel().isWritable()) {
            peer.config().setAutoRead(true);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            halfClose(ctx);
        } else if (evt instanceof IdleStateEvent) {
            tunnel.close("idle_timeout");
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    private void halfClose(ChannelHandlerContext ctx) {
        tunnel.reason(up ? "client_closed" : "desktop_closed");
        // TLS towards the client has no half-close of its own here: end the tunnel instead.
        if (!(peer instanceof SocketChannel sc) || peer.pipeline().get(SslHandler.class) != null) {
            tunnel.close(up ? "client_closed" : "desktop_closed");
            return;
        }
        peer.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER).addListener(f -> {
            sc.shutdownOutput();
            if (((SocketChannel) ctx.channel()).isOutputShutdown()) {
                tunnel.close(up ? "client_closed" : "desktop_closed");
            }
        });
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        tunnel.close(up ? "client_closed" : "desktop_closed");
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        tunnel.close((up ? "client_error: " : "desktop_error: ") + cause.getClass().getSimpleName());
        ctx.close();
    }
}
