package org.thinspice.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Behind the example HAProxy every tunnel reaches the gateways from HAProxy's address, so the per-terminal limit is
 * HAProxy's (installers/deploy/haproxy/haproxy.cfg, frontend spice): 64 open tunnels per client address, the 65th
 * closed at once, while another address still gets in.
 */
class HaproxySourceLimitIT {
    private static final int LIMIT = 64;

    /** True when HAProxy closed the connection (EOF or reset) within the wait; false when it keeps it open. */
    private static boolean closedWithin(Socket s, int millis) throws IOException {
        s.setSoTimeout(millis);
        try {
            return s.getInputStream().read() < 0;
        } catch (SocketTimeoutException open) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    private static Socket connect(String from, int port) throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
        s.connect(new InetSocketAddress("127.0.0.1", port), 3000);
        return s;
    }

    @Test
    void theExampleLimitsEachTerminalAddress() throws Exception {
        Path haproxyBin = Path.of("/usr/sbin/haproxy");
        assertTrue(Files.isExecutable(haproxyBin), "Debian's haproxy is needed (spice-gateway/packages.txt): apt-get install haproxy");
        Path dir = Files.createTempDirectory("ts-haproxy-limit");
        int front = RollingRestartIT.freePort();
        // no gateways behind it: the limit acts on the connection, before any backend is chosen
        int[] data = {RollingRestartIT.freePort(), RollingRestartIT.freePort()};
        int[] admin = {RollingRestartIT.freePort(), RollingRestartIT.freePort()};
        Path cfg = dir.resolve("haproxy.cfg");
        Files.writeString(cfg, RollingRestartIT.testConfig(front, data, admin, dir.resolve("haproxy.sock")));
        assertTrue(Files.readString(cfg).contains("sc0_conn_cur gt " + LIMIT), "the example limits " + LIMIT + " per address");
        Process haproxy = new ProcessBuilder(haproxyBin.toString(), "-db", "-f", cfg.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("haproxy.log").toFile()).start();
        List<Socket> open = new ArrayList<>();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (true) {
                try (Socket probe = connect("127.0.0.1", front)) {
                    break;
                } catch (IOException notYet) {
                    assertTrue(System.nanoTime() < deadline && haproxy.isAlive(), "HAProxy did not listen: "
                            + Files.readString(dir.resolve("haproxy.log")));
                    Thread.sleep(100);
                }
            }
            for (int i = 0; i < LIMIT; i++) {
                open.add(connect("127.0.0.1", front));
            }
            for (int i = 0; i < LIMIT; i++) {
                assertEquals(false, closedWithin(open.get(i), i == 0 ? 500 : 20), "tunnel " + (i + 1) + " of " + LIMIT + " was refused");
            }
            boolean refused;
            try (Socket over = connect("127.0.0.1", front)) {
                refused = closedWithin(over, 3000);
            } catch (java.net.SocketException resetDuringConnect) {
                // HAProxy's reset may reach this socket before connect() returns (seen once in a full run)
                refused = true;
            }
            assertTrue(refused, "the " + (LIMIT + 1) + "th tunnel from one address was let in");
            // another terminal (address) is not affected by the first one's tunnels
            try (Socket other = connect("127.0.0.2", front)) {
                assertEquals(false, closedWithin(other, 500), "another address was refused");
            }
            // one of the first address's tunnels closed: it may open one again
            open.remove(0).close();
            Thread.sleep(300);
            try (Socket again = connect("127.0.0.1", front)) {
                assertEquals(false, closedWithin(again, 500), "a freed place was not given again");
            }
        } finally {
            for (Socket s : open) {
                s.close();
            }
            haproxy.destroy();
            if (!haproxy.waitFor(10, TimeUnit.SECONDS)) {
                haproxy.destroyForcibly();
            }
        }
    }
}
