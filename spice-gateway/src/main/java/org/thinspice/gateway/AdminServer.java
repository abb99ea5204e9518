package org.thinspice.gateway;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** The admin port: {@code GET /metrics} answers {@link GatewayMetrics#render()} as text. Loopback by default. */
public final class AdminServer implements AutoCloseable {
    private final HttpServer http;

    private AdminServer(HttpServer http) {
        this.http = http;
    }

    public static AdminServer start(String address, int port, GatewayMetrics metrics) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(address, port), 16);
        http.createContext("/metrics", exchange -> {
            byte[] body = metrics.render().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        http.start();
        return new AdminServer(http);
    }

    public int port() {
        return http.getAddress().getPort();
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
