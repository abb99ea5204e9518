package org.thinspice.engine.net;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslHandler;
import org.thinspice.engine.ChannelType;
import org.thinspice.engine.SpiceConnectException;
import org.thinspice.engine.SpiceConnectOptions;
import org.thinspice.engine.SpiceException;
import org.thinspice.engine.SpiceLinkException;
import org.thinspice.engine.SpiceReason;
import org.thinspice.engine.link.Caps;
import org.thinspice.engine.link.LinkCodec;
import org.thinspice.engine.link.LinkHandler;
import org.thinspice.engine.link.LinkReply;

import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongConsumer;

/**
 * Opens one SPICE channel: TCP (through the HTTP CONNECT proxy if one is set), TLS where required,
 * then the link stage. A plain link answered with NEED_SECURED is retried on the TLS port.
 */
public final class ChannelConnector {
    private static final Caps COMMON_CAPS = Caps.of(LinkCodec.COMMON_CAP_AUTH_SELECTION,
            LinkCodec.COMMON_CAP_AUTH_SPICE, LinkCodec.COMMON_CAP_MINI_HEADER);

    private final SpiceConnectOptions options;
    private final EventLoopGroup group;
    private final TlsSupport tls;

    /** Installs the data-stage handlers once the link succeeded; returns nothing of interest. */
    public interface DataStage {
        void install(ChannelPipeline pipeline, LinkReply reply, boolean miniHeader);
    }

    public ChannelConnector(SpiceConnectOptions options, EventLoopGroup group) throws SpiceException {
        this.options = options;
        this.group = group;
        this.tls = options.tlsPort() > 0 || options.caPem() != null
                ? new TlsSupport(options.caPem(), options.hostSubject(), options.host(), options.tlsCiphers()) : null;
    }

    /**
     * Opens and links the channel; the future completes with the Netty channel once the data stage is
     * installed, or exceptionally with a {@link SpiceException}. Cancelling the future closes the connection.
     */
    public CompletableFuture<Channel> open(ChannelType type, int id, long connectionId, Caps channelCaps,
                                           DataStage dataStage, LongConsumer bytesRead) {
        CompletableFuture<Channel> result = new CompletableFuture<>();
        boolean secure = options.mustSecure(type);
        attempt(type, id, connectionId, channelCaps, dataStage, bytesRead, secure, result);
        return result;
    }

    private void attempt(ChannelType type, int id, long connectionId, Caps channelCaps, DataStage dataStage,
                         LongConsumer bytesRead, boolean secure, CompletableFuture<Channel> result) {
        if (secure && options.tlsPort() <= 0) {
            result.completeExceptionally(new SpiceLinkException(SpiceReason.NEED_SECURED, LinkCodec.ERR_NEED_SECURED,
                    type.key() + " channel"));
            return;
        }
        if (secure && tls == null) {
            result.completeExceptionally(new SpiceConnectException(SpiceReason.TLS_FAILED, "no TLS settings", null));
            return;
        }
        String host = options.host();
        int port = secure ? options.tlsPort() : options.port();
        URI proxy = options.proxy();
        byte[] linkMess = LinkCodec.encodeLinkMess(connectionId, type.wire(), id, COMMON_CAPS, channelCaps);

        // Set once this attempt hands the result over to a TLS retry: its own close and timeout must
        // then no longer touch the shared result.
        java.util.concurrent.atomic.AtomicBoolean handedOver = new java.util.concurrent.atomic.AtomicBoolean();
        Function<Throwable, Boolean> retryInsecure = err -> {
            if (!secure && err instanceof SpiceLinkException le && le.reason() == SpiceReason.NEED_SECURED
                    && options.tlsPort() > 0) {
                handedOver.set(true);
                attempt(type, id, connectionId, channelCaps, dataStage, bytesRead, true, result);
                return true;
            }
            return false;
        };

        Bootstrap b = new Bootstrap().group(group).channelFactory(IoTransport.socketsFor(group))
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) options.connectTimeout().toMillis())
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast("bytes", new ByteCounter(bytesRead));
                        Runnable linkStage = () -> addLinkStage(ch, host, port, secure, linkMess, dataStage, result,
                                retryInsecure);
                        if (proxy != null) {
                            ch.pipeline().addLast("proxy", new HttpConnectHandler(host, port, proxy.getUserInfo(),
                                    ctx -> linkStage.run(), (ctx, e) -> result.completeExceptionally(e)));
                        } else {
                            linkStage.run();
                        }
                    }
                });
        String connectHost = proxy != null ? proxy.getHost() : host;
        int connectPort = proxy != null ? (proxy.getPort() > 0 ? proxy.getPort() : 3128) : port;
        ChannelFuture cf = b.connect(connectHost, connectPort);
        cf.addListener(f -> {
            if (!f.isSuccess()) {
                SpiceReason reason = proxy != null ? SpiceReason.PROXY_FAILED : SpiceReason.CONNECT_FAILED;
                result.completeExceptionally(new SpiceConnectException(reason,
                        connectHost + ":" + connectPort + ": " + f.cause().getMessage(), f.cause()));
                return;
            }
            Channel ch = cf.channel();
            var timeout = ch.eventLoop().schedule(() -> {
                if (!result.isDone() && !handedOver.get()) {
                    result.completeExceptionally(new SpiceConnectException(SpiceReason.TIMEOUT,
                            type.key() + " channel link took longer than " + options.linkTimeout().toMillis()
                                    + " ms", null));
                    ch.close();
                }
            }, options.linkTimeout().toMillis(), TimeUnit.MILLISECONDS);
            result.whenComplete((c, e) -> {
                timeout.cancel(false);
                if (result.isCancelled()) {
                    // the caller gave up on this channel: its connection goes too
                    ch.close();
                }
            });
            ch.closeFuture().addListener(x -> {
                if (!result.isDone() && !handedOver.get()) {
                    result.completeExceptionally(new SpiceConnectException(SpiceReason.CONNECTION_LOST,
                            "connection closed while opening the " + type.key() + " channel", null));
                }
            });
        });
    }

    private void addLinkStage(SocketChannel ch, String host, int port, boolean secure, byte[] linkMess,
                              DataStage dataStage, CompletableFuture<Channel> result,
                              Function<Throwable, Boolean> retryInsecure) {
        ChannelPipeline p = ch.pipeline();
        if (secure) {
            SslHandler ssl = tls.newHandler(ch.alloc(), host, port);
            p.addLast("tls", ssl);
            ssl.handshakeFuture().addListener(f -> {
                if (!f.isSuccess()) {
                    result.completeExceptionally(TlsSupport.classify(f.cause()));
                    ch.close();
                }
            });
        }
        p.addLast("link", new LinkHandler(linkMess, options.password(), true,
                (ChannelHandlerContext ctx, LinkReply reply) -> {
                    boolean mini = reply.commonCaps().has(LinkCodec.COMMON_CAP_MINI_HEADER);
                    p.remove("link-errors");
                    dataStage.install(p, reply, mini);
                    result.complete(ch);
                },
                (ctx, e) -> {
                    if (!retryInsecure.apply(e)) {
                        result.completeExceptionally(e);
                    }
                }));
        // TLS failures surface as exceptions in the pipeline before the link handler sees bytes.
        p.addLast("link-errors", new io.netty.channel.ChannelInboundHandlerAdapter() {
            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                if (!result.isDone()) {
                    result.completeExceptionally(cause instanceof javax.net.ssl.SSLException
                            || cause.getCause() instanceof javax.net.ssl.SSLException
                            ? TlsSupport.classify(cause)
                            : new SpiceConnectException(SpiceReason.CONNECTION_LOST, cause.toString(), cause));
                }
                ctx.close();
            }
        });
    }
}
