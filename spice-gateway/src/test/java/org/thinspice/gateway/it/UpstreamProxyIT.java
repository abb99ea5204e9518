package org.thinspice.gateway.it;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.thinspice.ticket.Ticket;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.thinspice.gateway.it.GatewayFixture.connectHead;
import static org.thinspice.gateway.it.GatewayFixture.readHead;
import static org.thinspice.gateway.it.GatewayFixture.statusLine;

/**
 * A ticket with {@code via}: the gateway dials the upstream CONNECT proxy (as Proxmox's spiceproxy is
 * reached) and asks it for the ticket's {@code host:port}. Here the upstream is a small socket peer that
 * records what it was asked and either accepts (then greets and echoes) or refuses like spiceproxy does.
 */
class UpstreamProxyIT {
    private static final String PVE = "pvespiceproxy:6b15e2fb:100:pve1:61000::0123456789abcdef0123456789abcdef01234567";
    private GatewayFixture gw;
    private ServerSocket upstream;
    private final CompletableFuture<String> askedFor = new CompletableFuture<>();

    @BeforeEach
    void start() throws IOException {
        gw = new GatewayFixture(Path.of("target/it/upstream-" + System.nanoTime()), c -> c);
        upstream = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
    }

    @AfterEach
    void stop() throws IOException {
        upstream.close();
        gw.close();
    }

    private String ticket() {
        long now = gw.clock.instant().getEpochSecond();
        return gw.signer.sign(new Ticket("k1", "00aa", "alice", "term-1", "dsk-1", PVE, List.of(61000), now, now + 60,
                "127.0.0.1:" + upstream.getLocalPort()));
    }

    /** One upstream connection: records the head, answers {@code answer}, and if it is a 200 greets and echoes. */
    private void serveOnce(String answer) {
        Thread t = new Thread(() -> {
            try (Socket s = upstream.accept()) {
                InputStream in = s.getInputStream();
                askedFor.complete(readHead(in));
                OutputStream out = s.getOutputStream();
                // the greeting travels in the same write as the head: bytes after the head belong to the tunnel
                out.write((answer + "hello").getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                if (answer.contains(" 200 ")) {
                    byte[] buf = new byte[4096];
                    for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                        out.write(buf, 0, n);
                    }
                }
            } catch (IOException e) {
                askedFor.completeExceptionally(e);
            }
        }, "upstream-proxy");
        t.setDaemon(true);
        t.start();
    }

    @Test
    void gatewayAsksTheUpstreamProxyForTheTicketsHostAndRelays() throws Exception {
        serveOnce("HTTP/1.0 200 OK\r\n\r\n");
        try (Socket s = new Socket("127.0.0.1", gw.port())) {
            s.setSoTimeout(10_000);
            assertEquals("HTTP/1.1 200 Connection established", statusLine(s, connectHead(ticket(), 61000)));
            assertArrayEquals("hello".getBytes(StandardCharsets.US_ASCII), s.getInputStream().readNBytes(5));
            s.getOutputStream().write("ping".getBytes(StandardCharsets.US_ASCII));
            assertArrayEquals("ping".getBytes(StandardCharsets.US_ASCII), s.getInputStream().readNBytes(4));
        }
        String head = askedFor.get(10, TimeUnit.SECONDS);
        assertTrue(head.startsWith("CONNECT " + PVE + ":61000 HTTP/1.1\r\n"), head);
        assertTrue(head.contains("\r\nHost: " + PVE + ":61000\r\n"), "spiceproxy reads its ticket from Host: " + head);
        JsonObject open = gw.awaitAudit(o -> o.get("event").getAsString().equals("open"));
        assertEquals("127.0.0.1:" + upstream.getLocalPort(), open.get("target").getAsString());
    }

    @Test
    void upstreamRefusalIsTargetUnreachableWithItsWords() throws Exception {
        serveOnce("HTTP/1.0 401 invalid ticket\r\n\r\n");
        try (Socket s = new Socket("127.0.0.1", gw.port())) {
            s.setSoTimeout(10_000);
            assertEquals("HTTP/1.1 502", statusLine(s, connectHead(ticket(), 61000)).substring(0, 12));
        }
        JsonObject a = gw.awaitAudit(o -> o.get("event").getAsString().equals("refusal"));
        assertEquals("target_unreachable", a.get("reason").getAsString());
        assertTrue(a.get("detail").getAsString().contains("401 invalid ticket"), a.toString());
    }
}
