package org.thinspice.controller.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP front: the JDK's HttpServer on a bounded worker pool. Reads each body up to
 * {@link #MAX_BODY} (413 beyond), turns {@link ApiException}s into JSON errors and anything
 * unexpected into a 500 without internals.
 */
public final class ApiServer implements AutoCloseable {
    public static final int MAX_BODY = 64 * 1024;
    private static final long MAX_DRAIN = 1 << 20;
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);

    private final HttpServer server;
    private final ExecutorService workers;
    private final Router router;

    static {
        // without TCP_NODELAY small responses wait for the peer's delayed ACK (~40 ms each)
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    public ApiServer(String host, int port, Router router, int threads) throws IOException {
        this.router = router;
        this.server = HttpServer.create(new InetSocketAddress(host, port), 256);
        this.workers = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "api-worker");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(workers);
        server.createContext("/", this::exchange);
    }

    public void start() {
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void exchange(HttpExchange ex) throws IOException {
        Response response;
        try {
            byte[] body = readBody(ex);
            Request request = new Request(ex.getRequestMethod(), ex.getRequestURI().getRawPath(),
                    ex.getRequestURI().getRawQuery(), ex.getRequestHeaders(), body,
                    ex.getRemoteAddress().getAddress().getHostAddress());
            response = router.dispatch(request);
        } catch (ApiException e) {
            response = Response.error(e);
        } catch (Exception | StackOverflowError e) {
            LOG.warn("internal error on {} {}", ex.getRequestMethod(), ex.getRequestURI(), e);
            response = Response.error(new ApiException(500, "internal", "internal error"));
        }
        send(ex, response);
    }

    private static byte[] readBody(HttpExchange ex) throws IOException {
        try (InputStream in = ex.getRequestBody()) {
            byte[] b = in.readNBytes(MAX_BODY + 1);
            if (b.length > MAX_BODY) {
                // read (and drop) a modest excess so the client sees the 413 rather than a reset
                byte[] sink = new byte[8192];
                long dropped = 0;
                int n;
                while (dropped < MAX_DRAIN && (n = in.read(sink)) > 0) {
                    dropped += n;
                }
                throw new ApiException(413, "body_too_large", "the body is over " + MAX_BODY + " bytes");
            }
            return b;
        }
    }

    private static void send(HttpExchange ex, Response r) throws IOException {
        try (ex) {
            if (r.contentType() != null) {
                ex.getResponseHeaders().set("Content-Type", r.contentType());
            }
            ex.getResponseHeaders().set("Cache-Control", "no-store");
            for (Map.Entry<String, String> h : r.headers().entrySet()) {
                ex.getResponseHeaders().set(h.getKey(), h.getValue());
            }
            boolean empty = r.body().length == 0;
            ex.sendResponseHeaders(r.status(), empty ? -1 : r.body().length);
            if (!empty) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(r.body());
                }
            }
        }
    }
}
