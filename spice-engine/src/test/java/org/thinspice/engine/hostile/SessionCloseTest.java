package org.thinspice.engine.hostile;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.thinspice.engine.ChannelType;
import org.thinspice.engine.SpiceConnectOptions;
import org.thinspice.engine.SpiceListener;
import org.thinspice.engine.SpiceSession;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How a session ends when its owner closes it: the main channel last, after the server took on the other
 * channels (spice-server crashes otherwise — see SessionCloseIT), and a connect called off leaves no connection.
 */
class SessionCloseTest {
    private static final int DISPLAY_MARK = 102;
    private FakeSpiceServer server;

    @BeforeEach
    void start() throws Exception {
        server = new FakeSpiceServer("pw");
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private SpiceConnectOptions options(int port) throws Exception {
        return SpiceConnectOptions.builder().host("127.0.0.1").port(port).password("pw")
                .linkTimeout(Duration.ofSeconds(20)).connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** A session whose display channel is linked. */
    private SpiceSession connectWithDisplay() throws Exception {
        CompletableFuture<Void> displayOpen = new CompletableFuture<>();
        SpiceSession s = SpiceSession.connect(options(server.port()), new SpiceListener() {
            @Override
            public void onChannelOpened(ChannelType type, int id) {
                if (type == ChannelType.DISPLAY) {
                    displayOpen.complete(null);
                }
            }
        }).get(10, TimeUnit.SECONDS);
        displayOpen.get(10, TimeUnit.SECONDS);
        return s;
    }

    @Test
    void displayClosesBeforeMainOnceTheServerHasSpokenOnIt() throws Exception {
        server.displayScript(() -> List.of(FakeSpiceServer.frame(DISPLAY_MARK, new byte[0])));
        SpiceSession s = connectWithDisplay();
        long t0 = System.nanoTime();
        s.close();
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(2), "no waiting once the display spoke");
        assertMainClosedLast();
    }

    @Test
    void aSilentDisplayIsWaitedForBoundedlyThenMainStillGoesLast() throws Exception {
        SpiceSession s = connectWithDisplay();
        long t0 = System.nanoTime();
        s.close();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms >= 2_500 && ms < 6_000, "waited about 3 s for the display channel: " + ms + " ms");
        assertMainClosedLast();
    }

    @Test
    void cancellingTheConnectClosesItsConnection() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            CompletableFuture<SpiceSession> f = SpiceSession.connect(options(silent.getLocalPort()), null);
            try (Socket accepted = silent.accept()) {
                accepted.setSoTimeout(5_000);
                InputStream in = accepted.getInputStream();
                assertTrue(in.readNBytes(16).length == 16, "the client sent its link header");
                f.cancel(false);
                // the client hangs up instead of waiting out its 20 s link timeout
                long t0 = System.nanoTime();
                while (in.read() >= 0) {
                    assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(4), "still connected");
                }
            }
        }
    }

    /** The server saw both channels closed by the client, and display's close had arrived before main's. */
    private void assertMainClosedLast() throws InterruptedException {
        java.util.Set<Integer> closed = new java.util.HashSet<>();
        for (int i = 0; i < 2; i++) {
            Integer type = server.closedByClient().poll(5, TimeUnit.SECONDS);
            assertTrue(type != null, "the server saw only " + closed + " closed by the client");
            closed.add(type);
        }
        assertEquals(java.util.Set.of(FakeSpiceServer.DISPLAY, FakeSpiceServer.MAIN), closed);
        assertTrue(server.closedBeforeMain().contains(FakeSpiceServer.DISPLAY),
                "the display channel was still open when main closed");
    }
}
