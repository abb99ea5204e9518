package org.thinspice.gateway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/**
 * The admin port (loopback by default): {@code GET /metrics} answers {@link GatewayMetrics#render()} as text;
 * {@code GET /health/live} 200 while the process runs; {@code GET /health/ready} 200 while the gateway takes new
 * tunnels and 503 once it drains (SIGTERM), so a load balancer moves new clients elsewhere. The admin port stays
 * up through the drain and closes after it.
 */
public final class AdminServer implements AutoCloseable {
    private final HttpServer http;

    private AdminServer(HttpServer http) {
        this.http = http;
    }

    /** Metrics only, ready always (tests that do not drain). */
    public static AdminServer start(String address, int port, GatewayMetrics metrics) throws IOException {
        return start(address, port, metrics, () -> true);
    }

    public static AdminServer start(String address, int port, GatewayMetrics metrics, BooleanSupplier ready)
            throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(address, port), 16);
        http.createContext("/metrics", exchange -> answer(exchange, 200, "text/plain; version=0.0.4; charset=utf-8",
                metrics.render()));
        http.createContext("/health/live", exchange -> answer(exchange, 200, "application/json", "{\"status\":\"ok\"}"));
        http.createContext("/health/ready", exchange -> {
            boolean r = ready.getAsBoolean();
            answer(exchange, r ? 200 : 503, "application/json",
                    r ? "{\"status\":\"ready\"}" : "{\"status\":\"not_ready\",\"reason\":\"draining\"}");
        });
        http.start();
        return new AdminServer(http);
    }

    private static void answer(HttpExchange exchange, int status, String type, String text) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            if (!exchange.getRequestURI().getPath().equals(exchange.getHttpContext().getPath())) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            byte[] body = text.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", type);
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            if (exchange.getRequestMethod().equals("HEAD")) {
                exchange.sendResponseHeaders(status, -1);
                return;
            }
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    public int port() {
        return http.getAddress().getPort();
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
