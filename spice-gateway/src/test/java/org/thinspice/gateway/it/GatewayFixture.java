package org.thinspice.gateway.it;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.thinspice.gateway.AuditLog;
import org.thinspice.gateway.Gateway;
import org.thinspice.gateway.GatewayConfig;
import org.thinspice.ticket.Ed25519Keys;
import org.thinspice.ticket.TicketSigner;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/** An in-process gateway on 127.0.0.1 with a fresh key, a hand-moved clock and an audit file. */
final class GatewayFixture implements AutoCloseable {
    static final KeyPair KEY = Ed25519Keys.generate();

    final MutableClock clock = new MutableClock(Instant.now());
    final TicketSigner signer = new TicketSigner("k1", KEY.getPrivate(), clock);
    final Path audit;
    final Gateway gateway;

    GatewayFixture(Path dir, Function<GatewayConfig, GatewayConfig> tweak) throws IOException {
        Files.createDirectories(dir);
        audit = dir.resolve("audit.jsonl");
        Files.deleteIfExists(audit);
        GatewayConfig c = tweak.apply(GatewayConfig.defaults(Map.of("k1", KEY.getPublic())).withListen("127.0.0.1", 0)
                .withTimeouts(Duration.ofSeconds(2), Duration.ZERO, Duration.ofSeconds(2)));
        gateway = Gateway.start(c, clock, AuditLog.toFile(audit));
    }

    int port() {
        return gateway.port();
    }

    String ticket(String host, int... ports) {
        return signer.issue("alice", "term-1", "dsk-1", host, java.util.Arrays.stream(ports).boxed().toList());
    }

    /** Sends {@code head} and returns the response head's status line (connection stays open). */
    static String statusLine(Socket s, String head) throws IOException {
        s.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
        s.getOutputStream().flush();
        return readHead(s.getInputStream()).split("\r\n", 2)[0];
    }

    static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        while (true) {
            int c = in.read();
            if (c < 0) {
                return b.toString(StandardCharsets.ISO_8859_1);
            }
            b.write(c);
            String s = b.toString(StandardCharsets.ISO_8859_1);
            if (s.endsWith("\r\n\r\n")) {
                return s;
            }
        }
    }

    static String connectHead(String host, int port) {
        return "CONNECT " + host + ":" + port + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\n\r\n";
    }

    List<JsonObject> auditLines() throws IOException {
        if (!Files.exists(audit)) {
            return List.of();
        }
        return Files.readAllLines(audit).stream().map(l -> JsonParser.parseString(l).getAsJsonObject()).toList();
    }

    /** Waits up to 5 s for an audit line matching {@code p}. */
    JsonObject awaitAudit(Predicate<JsonObject> p) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonObject o : auditLines()) {
                if (p.test(o)) {
                    return o;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no such audit line in " + auditLines());
    }

    /** Waits up to 5 s for no open tunnel and no open client connection. */
    void awaitIdle() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline && (gateway.metrics().tunnelsActive() != 0
                || gateway.metrics().connectionsActive() != 0)) {
            Thread.sleep(20);
        }
    }

    @Override
    public void close() {
        gateway.shutdown(Duration.ofSeconds(1));
    }
}
