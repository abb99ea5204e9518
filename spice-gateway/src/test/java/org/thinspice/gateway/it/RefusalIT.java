package org.thinspice.gateway.it;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.thinspice.gateway.Refusal;
import org.thinspice.ticket.Base32;
import org.thinspice.ticket.Ed25519Keys;
import org.thinspice.ticket.Ticket;
import org.thinspice.ticket.TicketSigner;
import org.thinspice.testbed.FreePorts;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.thinspice.gateway.it.GatewayFixture.connectHead;
import static org.thinspice.gateway.it.GatewayFixture.statusLine;

/**
 * Every refusal of the contract against a live gateway: its HTTP status, its audit line, and — the
 * point of the gateway — that nothing was dialled (a sentinel listener must see no connection).
 */
class RefusalIT {
    private static GatewayFixture gw;
    private static ServerSocket sentinel;

    @BeforeAll
    static void start() throws IOException {
        gw = new GatewayFixture(Path.of("target/it/refusal"), c -> c);
        sentinel = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        sentinel.setSoTimeout(300);
    }

    @AfterAll
    static void stop() throws IOException {
        gw.close();
        sentinel.close();
    }

    @AfterEach
    void nothingWasDialled() {
        assertThrows(SocketTimeoutException.class, () -> sentinel.accept().close(),
                "the gateway connected to a target without a valid ticket");
    }

    private JsonObject refused(String head, Refusal expected) throws Exception {
        try (Socket s = new Socket("127.0.0.1", gw.port())) {
            s.setSoTimeout(10_000);
            assertEquals("HTTP/1.1 " + expected.status(), statusLine(s, head).substring(0, 12), head);
            assertEquals(-1, s.getInputStream().read(), "the gateway closes after a refusal");
        }
        return gw.awaitAudit(o -> o.get("event").getAsString().equals("refusal")
                && o.get("reason").getAsString().equals(expected.code()));
    }

    @Test
    void connectToAnArbitraryHostIsNoTicket() throws Exception {
        JsonObject a = refused(connectHead("127.0.0.1", sentinel.getLocalPort()), Refusal.NO_TICKET);
        assertEquals(403, a.get("status").getAsInt());
        assertTrue(a.get("src").getAsString().startsWith("127.0.0.1:"));
    }

    @Test
    void forgedSignatureIsBadSignature() throws Exception {
        TicketSigner forger = new TicketSigner("k1", Ed25519Keys.generate().getPrivate(), gw.clock);
        String t = forger.issue("alice", "", "dsk-1", "127.0.0.1", List.of(sentinel.getLocalPort()));
        refused(connectHead(t, sentinel.getLocalPort()), Refusal.BAD_SIGNATURE);
    }

    @Test
    void ticketForAnotherDesktopAndTargetIsBadSignature() throws Exception {
        // A real ticket for some other desktop, its payload re-pointed at the sentinel.
        String real = gw.ticket("10.9.9.9", 5930);
        String sig = real.substring(real.lastIndexOf('.') + 1);
        Ticket t = new Ticket("k1", "0011", "alice", "term-1", "dsk-other", "127.0.0.1",
                List.of(sentinel.getLocalPort()), gw.clock.instant().getEpochSecond(),
                gw.clock.instant().getEpochSecond() + 60);
        String tampered = Ticket.PREFIX + Base32.encode(t.toJson()) + "." + sig;
        JsonObject a = refused(connectHead(tampered, sentinel.getLocalPort()), Refusal.BAD_SIGNATURE);
        assertTrue(a.get("sub") == null, "an unauthenticated payload is not trusted in the audit: " + a);
    }

    @Test
    void expiredTicketIsExpired() throws Exception {
        String t = gw.ticket("127.0.0.1", sentinel.getLocalPort());
        gw.clock.advance(Duration.ofSeconds(66));
        JsonObject a = refused(connectHead(t, sentinel.getLocalPort()), Refusal.EXPIRED);
        assertEquals("alice", a.get("sub").getAsString());
        assertEquals("dsk-1", a.get("dsk").getAsString());
    }

    @Test
    void portOutsideTheTicketIsWrongPort() throws Exception {
        int other = FreePorts.pick();
        String t = gw.ticket("127.0.0.1", other);
        refused(connectHead(t, sentinel.getLocalPort()), Refusal.WRONG_PORT);
    }

    @Test
    void garbageIsBadRequest() throws Exception {
        byte[] junk = new byte[300];
        new Random(3).nextBytes(junk);
        refused(new String(junk, StandardCharsets.ISO_8859_1).replace("\n", "") + "\r\n\r\n", Refusal.BAD_REQUEST);
        refused("GET http://127.0.0.1:" + sentinel.getLocalPort() + "/ HTTP/1.1\r\n\r\n", Refusal.BAD_REQUEST);
    }

    @Test
    void oversizedHeadIsTooLarge() throws Exception {
        refused("CONNECT a:1 HTTP/1.1\r\nX-Pad: " + "p".repeat(9000) + "\r\n\r\n", Refusal.HEAD_TOO_LARGE);
    }

    @Test
    void slowLorisHeadTimesOut() throws Exception {
        String t = gw.ticket("127.0.0.1", sentinel.getLocalPort());
        byte[] head = connectHead(t, sentinel.getLocalPort()).getBytes(StandardCharsets.US_ASCII);
        try (Socket s = new Socket("127.0.0.1", gw.port())) {
            s.setSoTimeout(10_000);
            long t0 = System.nanoTime();
            // One byte every 100 ms: each byte is "progress", but the head is never done in time.
            for (int i = 0; i < 40 && !s.isClosed(); i++) {
                try {
                    s.getOutputStream().write(head[i]);
                } catch (IOException closed) {
                    break;
                }
                Thread.sleep(100);
                if (s.getInputStream().available() > 0) {
                    break;
                }
            }
            String status = GatewayFixture.readHead(s.getInputStream()).split("\r\n", 2)[0];
            assertEquals("HTTP/1.1 408 Request Timeout", status);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms >= 1900 && ms < 4000, "timed out after " + ms + " ms (handshake timeout 2 s)");
        }
        gw.awaitAudit(o -> o.get("reason").getAsString().equals("head_timeout"));
    }

    @Test
    void silentClientTimesOut() throws Exception {
        try (Socket s = new Socket("127.0.0.1", gw.port())) {
            s.setSoTimeout(10_000);
            assertEquals("HTTP/1.1 408 Request Timeout",
                    GatewayFixture.readHead(s.getInputStream()).split("\r\n", 2)[0]);
        }
    }

    @Test
    void unreachableTargetIsBadGateway() throws Exception {
        int closed = FreePorts.pick();
        JsonObject a = refused(connectHead(gw.ticket("127.0.0.1", closed), closed), Refusal.TARGET_UNREACHABLE);
        assertEquals("alice", a.get("sub").getAsString());
    }

    @Test
    void perSourceAndGlobalLimits() throws Exception {
        try (GatewayFixture small = new GatewayFixture(Path.of("target/it/limits"), c -> c.withLimits(2, 3));
             Socket a1 = new Socket("127.0.0.1", small.port());
             Socket a2 = new Socket("127.0.0.1", small.port())) {
            awaitConnections(small, 2);
            try (Socket a3 = new Socket("127.0.0.1", small.port())) {
                a3.setSoTimeout(5000);
                assertEquals("HTTP/1.1 429", statusLine(a3, connectHead("x", 1)).substring(0, 12));
            }
            small.awaitAudit(o -> o.get("reason").getAsString().equals("limit_source"));
            try (Socket b1 = bound("127.0.0.2", small.port())) {
                awaitConnections(small, 3);
                try (Socket b2 = bound("127.0.0.2", small.port())) {
                    b2.setSoTimeout(5000);
                    assertEquals("HTTP/1.1 503", statusLine(b2, connectHead("x", 1)).substring(0, 12));
                }
            }
            small.awaitAudit(o -> o.get("reason").getAsString().equals("limit_global"));
            assertEquals(1, small.gateway.metrics().refusals(Refusal.LIMIT_GLOBAL));
            assertEquals(1, small.gateway.metrics().refusals(Refusal.LIMIT_SOURCE));
        }
    }

    private static Socket bound(String local, int port) throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(local, 0));
        s.connect(new InetSocketAddress("127.0.0.1", port));
        return s;
    }

    private static void awaitConnections(GatewayFixture f, int n) throws InterruptedException {
        long deadline = System.nanoTime() + 3_000_000_000L;
        while (f.gateway.metrics().connectionsActive() < n && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(n, f.gateway.metrics().connectionsActive());
    }
}
