package org.thinspice.gateway;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thinspice.ticket.Ticket;
import org.thinspice.ticket.TicketException;
import org.thinspice.ticket.TicketVerifier;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * The handshake of one client connection: reads the CONNECT head (bounded, with a deadline), checks
 * the ticket, dials the ticket's target and, once connected, answers 200 and hands both channels to
 * {@link RelayHandler}s. Anything else ends in a {@link Refusal}; nothing is dialled without a valid ticket.
 */
final class ConnectHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectHandler.class);
    private static final byte[] ESTABLISHED =
            "HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    /** Bound on bytes a client may send between its head and the 200 (SPICE clients send none). */
    private static final int MAX_EARLY = 64 * 1024;

    private final GatewayContext gw;
    private final ConnectHeadParser parser = new ConnectHeadParser();
    private Instant start;
    private long acceptedNanos;
    private String source;
    private Refusal pendingLimit;
    private ScheduledFuture<?> deadline;
    /** Bytes the client sent after its head, before the tunnel existed: they go to the desktop first. */
    private ByteBuf early;
    private boolean done;
    private boolean refused;
    /** The client sent FIN after its head while the desktop was being dialled: pass it on once connected. */
    private boolean clientInputShut;

    ConnectHandler(GatewayContext gw) {
        this.gw = gw;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        start = gw.clock().instant();
        acceptedNanos = System.nanoTime();
        InetSocketAddress remote = (InetSocketAddress) ctx.channel().remoteAddress();
        source = remote.getAddress().getHostAddress() + ":" + remote.getPort();
        pendingLimit = gw.shuttingDown() ? Refusal.SHUTTING_DOWN : gw.limits().tryAcquire(remote.getAddress());
        if (pendingLimit == null) {
            ctx.channel().closeFuture().addListener(f -> gw.limits().release(remote.getAddress()));
        }
        // Over a limit the head is still read, so the client gets its status instead of a reset.
        deadline = ctx.executor().schedule(() -> refuse(ctx, Refusal.HEAD_TIMEOUT, "head not complete within "
                + gw.config().handshakeTimeout().toMillis() + " ms", null),
                gw.config().handshakeTimeout().toMillis(), TimeUnit.MILLISECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf buf)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        try {
            if (done) {
                if (early != null) {
                    if (early.readableBytes() + buf.readableBytes() > MAX_EARLY) {
                        ctx.close();
                        return;
                    }
                    early.writeBytes(buf);
                }
                return;
            }
            byte[] bytes = new byte[Math.min(buf.readableBytes(), ConnectHeadParser.MAX_HEAD + 1)];
            buf.getBytes(buf.readerIndex(), bytes);
            int used = parser.feed(bytes, 0, bytes.length);
            if (parser.isComplete()) {
                buf.skipBytes(used);
                early = ctx.alloc().buffer(buf.readableBytes());
                early.writeBytes(buf);
                headComplete(ctx);
            }
        } catch (RefusalException e) {
            refuse(ctx, e.refusal(), e.getMessage(), null);
        } finally {
            buf.release();
        }
    }

    private void headComplete(ChannelHandlerContext ctx) throws RefusalException {
        done = true;
        deadline.cancel(false);
        ctx.channel().config().setAutoRead(false);
        ConnectHead head = parser.head();
        if (pendingLimit != null) {
            throw new RefusalException(pendingLimit, "connection limit");
        }
        if (!TicketVerifier.looksLikeTicket(head.host())) {
            throw new RefusalException(Refusal.NO_TICKET, "CONNECT without a ticket");
        }
        Ticket ticket;
        try {
            ticket = gw.verifier().verify(head.host(), head.port());
        } catch (TicketException e) {
            refuse(ctx, refusalFor(e), e.getMessage(), e.ticket());
            return;
        }
        dial(ctx, ticket, head.port());
    }

    private static Refusal refusalFor(TicketException e) {
        return switch (e.fault()) {
            case NOT_A_TICKET -> Refusal.NO_TICKET;
            case EXPIRED -> Refusal.EXPIRED;
            case WRONG_PORT -> Refusal.WRONG_PORT;
            case MALFORMED, UNKNOWN_KEY, BAD_SIGNATURE -> Refusal.BAD_SIGNATURE;
        };
    }

    /** Dials host:port from the verified ticket, on the client's own event loop (one thread per tunnel). */
    private void dial(ChannelHandlerContext ctx, Ticket ticket, int port) {
        Channel client = ctx.channel();
        String target = ticket.via() == null ? ticket.host() + ":" + port : ticket.via();
        String dialHost = ticket.via() == null ? ticket.host() : ticket.viaHost();
        int dialPort = ticket.via() == null ? port : ticket.viaPort();
        ChannelFuture f = new Bootstrap().group(client.eventLoop()).channelFactory(gw.clientChannels())
                .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.RCVBUF_ALLOCATOR, Relaying.RECV)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, Relaying.WATER_MARK)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) gw.config().connectTimeout().toMillis())
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        gw.track(ch);
                    }
                })
                .connect(dialHost, dialPort);
        f.addListener((ChannelFutureListener) cf -> {
            if (!cf.isSuccess()) {
                refuse(ctx, Refusal.TARGET_UNREACHABLE, target + ": " + cf.cause().getMessage(), ticket);
                return;
            }
            if (!client.isActive()) {
                cf.channel().close();
                releaseEarly();
                return;
            }
            if (ticket.via() == null) {
                startRelay(ctx, cf.channel(), ticket, target, null);
                return;
            }
            Channel upstream = cf.channel();
            upstream.pipeline().addLast(new UpstreamConnect(ticket.host() + ":" + port, new UpstreamConnect.Outcome() {
                @Override
                public void established(io.netty.buffer.ByteBuf down) {
                    if (!client.isActive()) {
                        down.release();
                        upstream.close();
                        releaseEarly();
                        return;
                    }
                    startRelay(ctx, upstream, ticket, target, down);
                }

                @Override
                public void refused(String why) {
                    refuse(ctx, Refusal.TARGET_UNREACHABLE, why, ticket);
                }
            }));
        });
    }

    /** {@code down}: tunnel bytes an upstream proxy sent along with its answer (null without one). */
    private void startRelay(ChannelHandlerContext ctx, Channel desktop, Ticket ticket, String target, ByteBuf down) {
        Channel client = ctx.channel();
        Tunnel tunnel = new Tunnel(client, desktop, ticket, source, target, gw.metrics(), gw.audit(), gw.clock());
        tunnel.opened();
        gw.metrics().connected(System.nanoTime() - acceptedNanos);
        client.writeAndFlush(Unpooled.wrappedBuffer(ESTABLISHED));
        if (down != null && down.isReadable()) {
            tunnel.counted(false, down.readableBytes());
            client.writeAndFlush(down);
        } else if (down != null) {
            down.release();
        }
        if (early.isReadable()) {
            tunnel.counted(true, early.readableBytes());
            desktop.writeAndFlush(early);
        } else {
            early.release();
        }
        early = null;
        long idle = gw.config().idleTimeout().toMillis();
        if (idle > 0) {
            client.pipeline().addLast(new IdleStateHandler(0, 0, idle, TimeUnit.MILLISECONDS));
        }
        client.pipeline().addLast(new RelayHandler(tunnel, desktop, true));
        desktop.pipeline().addLast(new RelayHandler(tunnel, client, false));
        client.pipeline().remove(this);
        LOG.debug("tunnel {} -> {} for {}", source, target, ticket.sub());
        client.config().setAutoRead(true);
        desktop.config().setAutoRead(true);
        if (clientInputShut) {
            client.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        }
    }

    private void refuse(ChannelHandlerContext ctx, Refusal refusal, String detail, Ticket ticket) {
        if (refused || !ctx.channel().isOpen()) {
            return;
        }
        refused = true;
        done = true;
        if (deadline != null) {
            deadline.cancel(false);
        }
        releaseEarly();
        gw.metrics().refused(refusal);
        gw.audit().refusal(start, gw.clock().instant(), source, refusal, detail, ticket);
        ctx.channel().config().setAutoRead(false);
        ctx.writeAndFlush(Unpooled.copiedBuffer(refusal.response(), StandardCharsets.US_ASCII))
                .addListener(ChannelFutureListener.CLOSE);
    }

    private void releaseEarly() {
        if (early != null) {
            early.release();
            early = null;
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            if (!done) {
                // The client gave up before finishing its head: nobody is left to answer.
                ctx.close();
            } else {
                clientInputShut = true;
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (deadline != null) {
            deadline.cancel(false);
        }
        releaseEarly();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("handshake from {} failed: {}", source, cause.toString());
        ctx.close();
    }
}
