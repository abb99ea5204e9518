package org.thinspice.controller.http;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.server.AsyncRequestLogWriter;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.CustomRequestLog;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.thinspice.controller.metrics.ControllerMetrics;

/**
 * The HTTP front: Jetty 12's core server (no servlets) on a bounded pool, HTTP/1.1, and with TLS
 * also HTTP/2 by ALPN. Heads are parsed by Jetty's selectors, so slow or silent peers hold no
 * worker; {@link HeadDeadline} closes those that trickle a head, the idle timeout those that send
 * nothing, and {@link ApiHandler} bounds bodies in size and time. An NCSA access log when configured.
 */
public final class ApiServer implements AutoCloseable {
    public static final int MAX_BODY = 64 * 1024;
    private static final int ACCEPTORS = 1;
    private static final int SELECTORS = 2;

    private final Server server;
    private final ServerConnector connector;
    private final HeadDeadline heads;
    private final ScheduledExecutorService sweeper;

    /**
     * @param tls the certificate to serve, or null for plain HTTP (the caller decides where that is allowed)
     */
    /** How long {@link #close} waits for the requests in flight (a sign-in hashing a password, a .vv being made). */
    public static final java.time.Duration IN_FLIGHT_WAIT = java.time.Duration.ofSeconds(20);

    public ApiServer(HttpSettings settings, SslContextFactory.Server tls, Router router) {
        this(settings, tls, router, null, peer -> false);
    }

    /**
     * @param metrics served at {@code GET /metrics} to the peers {@code metricsReaders} accepts (null: none)
     */
    public ApiServer(HttpSettings settings, SslContextFactory.Server tls, Router router, ControllerMetrics metrics,
            java.util.function.Predicate<String> metricsReaders) {
        int maxThreads = settings.threads() + ACCEPTORS + SELECTORS;
        // Jetty queues its own tasks in the pool too, so the queue stays unbounded; ApiHandler bounds requests
        QueuedThreadPool pool = new QueuedThreadPool(maxThreads, Math.min(maxThreads, 8), 60_000, 0, null, null);
        pool.setName("api");
        pool.setDaemon(true);
        server = new Server(pool);
        HttpConfiguration http = new HttpConfiguration();
        http.setRequestHeaderSize(settings.maxHeaderBytes());
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        ConnectionFactory[] factories = connectionFactories(http, tls);
        if (settings.proxyProtocol()) {
            // detects a PROXY v1/v2 header and takes the client address from it; without one, the peer's
            ConnectionFactory[] withProxy = new ConnectionFactory[factories.length + 1];
            withProxy[0] = new org.eclipse.jetty.server.ProxyConnectionFactory(factories[0].getProtocol());
            System.arraycopy(factories, 0, withProxy, 1, factories.length);
            factories = withProxy;
        }
        connector = new ServerConnector(server, ACCEPTORS, SELECTORS, factories);
        connector.setHost(settings.host());
        connector.setPort(settings.port());
        connector.setIdleTimeout(settings.idleTimeout().toMillis());
        connector.setAcceptQueueSize(256);
        server.addConnector(connector);
        server.addBean(new NetworkConnectionLimit(settings.maxConnections(), connector));
        heads = new HeadDeadline(connector, settings.headTimeout().toMillis(), System::currentTimeMillis);
        // a stop lets the requests in flight finish (up to IN_FLIGHT_WAIT) and answers new ones 503
        server.setHandler(new org.eclipse.jetty.server.handler.GracefulHandler(
                new ApiHandler(router, heads, pool, server.getScheduler(), settings, metrics, metricsReaders)));
        server.setStopTimeout(IN_FLIGHT_WAIT.toMillis());
        server.setErrorHandler(new JsonErrorHandler());
        if (settings.accessLog() != null) {
            AsyncRequestLogWriter writer = new AsyncRequestLogWriter(settings.accessLog().toString());
            writer.setAppend(true);
            server.setRequestLog(new CustomRequestLog(writer, CustomRequestLog.EXTENDED_NCSA_FORMAT + " \"%{X-Request-Id}o\""));
        }
        sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "api-head-deadline");
            t.setDaemon(true);
            return t;
        });
    }

    private static ConnectionFactory[] connectionFactories(HttpConfiguration http, SslContextFactory.Server tls) {
        if (tls == null) {
            return new ConnectionFactory[] {new HttpConnectionFactory(http)};
        }
        HttpConfiguration https = new HttpConfiguration(http);
        // the kiosk pins the certificate itself; the name it dials (often an address) need not match
        https.addCustomizer(new SecureRequestCustomizer(false));
        HttpConnectionFactory h1 = new HttpConnectionFactory(https);
        HTTP2ServerConnectionFactory h2 = new HTTP2ServerConnectionFactory(https);
        ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory(h2.getProtocol(), h1.getProtocol());
        alpn.setDefaultProtocol(h1.getProtocol());
        SslConnectionFactory ssl = new SslConnectionFactory(tls, alpn.getProtocol());
        return new ConnectionFactory[] {ssl, alpn, h2, h1};
    }

    public void start() throws Exception {
        server.start();
        sweeper.scheduleWithFixedDelay(heads::sweep, 250, 250, TimeUnit.MILLISECONDS);
    }

    public int port() {
        return connector.getLocalPort();
    }

    /** Connections closed so far because their head came too slowly. */
    public long slowHeadsClosed() {
        return heads.closedCount();
    }

    /** Stops accepting, lets the requests in flight finish (up to {@link #IN_FLIGHT_WAIT}), then closes. */
    @Override
    public void close() {
        sweeper.shutdownNow();
        try {
            server.stop();
        } catch (Exception e) {
            // stopping is best effort; the pool's threads are daemons
        }
    }
}
