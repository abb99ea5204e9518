package org.thinspice.gateway;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.concurrent.GlobalEventExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thinspice.ticket.TicketVerifier;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The SPICE gateway service: an HTTP CONNECT listener (optionally TLS) that opens one raw TCP tunnel
 * per valid ticket. {@link #shutdown} stops accepting and lets tunnels drain up to a deadline.
 */
public final class Gateway implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

    private final GatewayContext ctx;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Channel server;
    private volatile boolean draining;
    private volatile boolean announced;
    private final String transport;

    private Gateway(GatewayConfig config, Clock clock, AuditLog audit) throws IOException {
        ConnectionLimits limits = new ConnectionLimits(config.perSourceLimit(), config.globalLimit());
        ChannelGroup channels = new DefaultChannelGroup("gateway", GlobalEventExecutor.INSTANCE);
        IoTransport io = IoTransport.choose(config.ioTransport());
        this.ctx = new GatewayContext(config, clock, new TicketVerifier(config.keys(), clock), limits,
                new GatewayMetrics(limits, () -> draining || announced), audit, channels, io.clientChannels(), () -> draining);
        SslContext ssl = config.tls() ? SslContextBuilder.forServer(config.tlsCert().toFile(),
                config.tlsKey().toFile()).build() : null;
        boss = new MultiThreadIoEventLoopGroup(1, io.handlers());
        // One loop per core: a tunnel's two channels share a loop, so more loops than cores only add switches.
        int threads = config.ioThreads() > 0 ? config.ioThreads() : Runtime.getRuntime().availableProcessors();
        workers = new MultiThreadIoEventLoopGroup(threads, io.handlers());
        try {
            server = new ServerBootstrap().group(boss, workers).channel(io.serverChannel())
                    .option(ChannelOption.SO_BACKLOG, 4096)
                    // a new gateway may listen on this port while this one still drains tunnels accepted on it
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.RCVBUF_ALLOCATOR, Relaying.RECV)
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, Relaying.WATER_MARK)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ctx.track(ch);
                            if (ssl != null) {
                                ch.pipeline().addLast(ssl.newHandler(ch.alloc()));
                            }
                            ch.pipeline().addLast(new ConnectHandler(ctx));
                        }
                    })
                    .bind(config.listenAddress(), config.listenPort()).syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw new IOException("cannot listen on " + config.listenAddress() + ":" + config.listenPort(), e);
        }
        transport = io.name();
        if (io != IoTransport.NIO) {
            LOG.warn("io.transport=epoll: with this Netty a half-closed tunnel can lose the bytes still queued for it"
                    + " (see docs/gateway.md); use it for measurements only");
        }
        LOG.info("gateway listening on {}{} ({}, {} I/O threads)", server.localAddress(), ssl != null ? " (TLS)" : "",
                io.name(), threads);
    }

    /** Starts listening. The gateway owns {@code audit} and closes it on shutdown. */
    public static Gateway start(GatewayConfig config, Clock clock, AuditLog audit) throws IOException {
        try {
            return new Gateway(config, clock, audit);
        } catch (javax.net.ssl.SSLException e) {
            throw new IOException("bad TLS certificate or key", e);
        }
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) server.localAddress();
    }

    public int port() {
        return address().getPort();
    }

    /** "epoll" or "nio": the socket implementation in use. */
    public String transport() {
        return transport;
    }

    /** False once {@link #shutdown} began: load balancers should send nothing new here. */
    public boolean ready() {
        return !draining && !announced;
    }

    /**
     * The first step of a graceful stop: {@link #ready()} turns false (the admin port's {@code /health/ready} answers
     * 503) while the gateway still accepts and tunnels as before, so load balancers take it out before it closes.
     */
    public void announceStop() {
        announced = true;
    }

    /** Open tunnels and handshakes; a drain ends when this reaches 0 (or at its deadline). */
    public int openConnections() {
        return ctx.limits().total();
    }

    public GatewayMetrics metrics() {
        return ctx.metrics();
    }

    /** Open client connections per source address; 0 sources once everything is closed. */
    public ConnectionLimits limits() {
        return ctx.limits();
    }

    /**
     * Stops accepting, waits until open connections end or {@code drain} passes, then closes the rest
     * and stops the event loops. Handshakes already under way may still open their tunnel.
     */
    public void shutdown(Duration drain) {
        draining = true;
        server.close().syncUninterruptibly();
        long deadline = System.nanoTime() + drain.toNanos();
        while (ctx.limits().total() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        int left = ctx.limits().total();
        if (left > 0) {
            LOG.info("drain deadline passed: closing {} connection(s)", left);
        }
        ctx.channels().close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        try {
            ctx.audit().close();
        } catch (IOException e) {
            LOG.warn("closing the audit log failed", e);
        }
    }

    @Override
    public void close() {
        if (server.isOpen() || !workers.isShutdown()) {
            shutdown(ctx.config().drainTimeout());
        }
    }
}
