package org.thinspice.engine.channel;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import org.thinspice.engine.SpiceException;
import org.thinspice.engine.SpiceProtocolException;
import org.thinspice.engine.SpiceReason;

import java.util.function.Consumer;

/**
 * Netty wrapper around a {@link ChannelCore}: feeds it framed messages and writes what it sends. Any
 * error closes this channel and is reported once through {@code onError}; nothing escapes to the
 * event loop.
 */
public final class SpiceChannelHandler extends SimpleChannelInboundHandler<SpiceMessage> {
    private final ChannelCore core;
    private final Consumer<SpiceException> onError;
    private ChannelHandlerContext ctx;
    private boolean failed;

    public SpiceChannelHandler(ChannelCore core, Consumer<SpiceException> onError) {
        super(SpiceMessage.class);
        this.core = core;
        this.onError = onError;
    }

    public ChannelCore core() {
        return core;
    }

    /** Sends from any thread. */
    public void send(OutgoingMessage m) {
        ChannelHandlerContext c = ctx;
        if (c != null) {
            c.writeAndFlush(m);
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, SpiceMessage msg) {
        if (failed) {
            return;
        }
        try {
            core.onMessage(msg, ctx::write);
        } catch (SpiceException e) {
            fail(ctx, e);
        } catch (RuntimeException e) {
            fail(ctx, new SpiceProtocolException(SpiceReason.PROTOCOL_ERROR,
                    "internal error handling message " + msg.type() + ": " + e, e));
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
        ctx.fireChannelReadComplete();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable c = cause;
        while (c.getCause() != null && !(c instanceof SpiceException)) {
            c = c.getCause();
        }
        if (c instanceof SpiceException se) {
            fail(ctx, se);
        } else {
            fail(ctx, new SpiceException(SpiceReason.CONNECTION_LOST, cause.toString(), cause));
        }
    }

    private void fail(ChannelHandlerContext ctx, SpiceException e) {
        if (!failed) {
            failed = true;
            onError.accept(e);
        }
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        core.logic().onClosed();
        super.channelInactive(ctx);
    }
}
