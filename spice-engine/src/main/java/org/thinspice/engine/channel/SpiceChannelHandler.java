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
    /** How long a deferred message may wait before the channel gives up on it. */
    public static final long DEFERRAL_TIMEOUT_SECONDS = 30;
    private ChannelHandlerContext ctx;
    private boolean failed;
    /** A deferred message and the ones read after it, handled in order once it can be (see {@link MessageDeferral}). */
    private final java.util.ArrayDeque<SpiceMessage> parked = new java.util.ArrayDeque<>();
    /** Bumped per deferral, so a stale timeout does not fail a channel that moved on. */
    private long deferrals;

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

    /** Sends several messages from any thread with one flush (one system call for all of them). */
    public void sendAll(java.util.List<OutgoingMessage> messages) {
        ChannelHandlerContext c = ctx;
        if (c != null && !messages.isEmpty()) {
            for (OutgoingMessage m : messages) {
                c.write(m, c.voidPromise());
            }
            c.flush();
        }
    }

    /** This handler as an {@link Outbox} for a channel's logic: flushes per message, once per batch. */
    public Outbox outbox() {
        return new Outbox() {
            @Override
            public void send(OutgoingMessage message) {
                SpiceChannelHandler.this.send(message);
            }

            @Override
            public void sendAll(java.util.List<OutgoingMessage> messages) {
                SpiceChannelHandler.this.sendAll(messages);
            }
        };
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
        if (!parked.isEmpty()) {
            parked.add(msg); // behind a deferred message: keep the order
            return;
        }
        handle(ctx, msg);
    }

    /** Handles one message; false when it was deferred (it is then at the head of {@link #parked}). */
    private boolean handle(ChannelHandlerContext ctx, SpiceMessage msg) {
        try {
            core.onMessage(msg, ctx::write);
            return true;
        } catch (MessageDeferral d) {
            park(ctx, msg, d);
            return false;
        } catch (SpiceException e) {
            fail(ctx, e);
        } catch (RuntimeException e) {
            fail(ctx, new SpiceProtocolException(SpiceReason.PROTOCOL_ERROR,
                    "internal error handling message " + msg.type() + ": " + e, e));
        }
        return true;
    }

    private void park(ChannelHandlerContext ctx, SpiceMessage msg, MessageDeferral d) {
        if (parked.isEmpty()) {
            parked.add(msg);
        }
        ctx.channel().config().setAutoRead(false);
        long generation = ++deferrals;
        ctx.executor().schedule(() -> {
            if (!failed && deferrals == generation && !parked.isEmpty()) {
                fail(ctx, new SpiceProtocolException(SpiceReason.PROTOCOL_ERROR, d.getMessage() + " for "
                        + DEFERRAL_TIMEOUT_SECONDS + " s"));
            }
        }, DEFERRAL_TIMEOUT_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
        d.whenReady(() -> ctx.executor().execute(() -> resume(ctx)));
    }

    /** Retries the parked messages in order; reading resumes when all are handled. */
    private void resume(ChannelHandlerContext ctx) {
        while (!parked.isEmpty() && !failed) {
            SpiceMessage head = parked.peek();
            if (!handle(ctx, head)) {
                ctx.flush();
                return; // deferred again; its callback resumes
            }
            parked.poll();
        }
        ctx.flush();
        parked.clear();
        if (!failed) {
            ctx.channel().config().setAutoRead(true);
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
