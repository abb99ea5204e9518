package org.thinspice.testbed;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback TCP relay in front of a SPICE server that measures what any client gets: bytes each way and
 * the video frames (STREAM_DATA / STREAM_DATA_SIZED) the server sent on display channels. The same method
 * for remote-viewer and thinspice, without touching either.
 */
public final class SpiceCountingRelay implements AutoCloseable {
    private static final int DISPLAY = 2;

    private final ServerSocket listener;
    private final InetSocketAddress upstream;
    private final List<Socket> sockets = new ArrayList<>();
    private final List<ServerMessageCounter> counters = new ArrayList<>();
    public final AtomicLong bytesToClient = new AtomicLong();
    public final AtomicLong bytesToServer = new AtomicLong();
    private volatile boolean closed;

    public SpiceCountingRelay(String upstreamHost, int upstreamPort) throws IOException {
        this.upstream = new InetSocketAddress(upstreamHost, upstreamPort);
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::acceptLoop, "relay-accept");
        t.setDaemon(true);
        t.start();
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Video frames the server has sent through this relay so far. */
    public synchronized long streamFrames() {
        return counters.stream().mapToLong(ServerMessageCounter::streamFrames).sum();
    }

    /** Drawing messages (COPY_BITS, DRAW_*, stream frames) the server has sent through this relay so far. */
    public synchronized long displayDraws() {
        return counters.stream().mapToLong(ServerMessageCounter::draws).sum();
    }

    /** Whether every connection's parse kept in step with the protocol. */
    public synchronized boolean inStep() {
        return counters.stream().allMatch(ServerMessageCounter::inStep);
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket();
                server.connect(upstream, 5000);
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                synchronized (this) {
                    sockets.add(client);
                    sockets.add(server);
                }
                Thread up = new Thread(() -> upstream(client, server), "relay-up");
                up.setDaemon(true);
                up.start();
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("relay: " + e);
                }
            }
        }
    }

    /** Client → server; the first link message names the channel type, then the way back is started. */
    private void upstream(Socket client, Socket server) {
        try (InputStream in = client.getInputStream(); OutputStream out = server.getOutputStream()) {
            byte[] link = in.readNBytes(21);
            if (link.length < 21) {
                return;
            }
            out.write(link);
            bytesToServer.addAndGet(link.length);
            ServerMessageCounter counter = new ServerMessageCounter((link[20] & 0xFF) == DISPLAY);
            synchronized (this) {
                counters.add(counter);
            }
            Thread down = new Thread(() -> downstream(server, client, counter), "relay-down");
            down.setDaemon(true);
            down.start();
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
                bytesToServer.addAndGet(n);
            }
        } catch (IOException e) {
            // the connection ended
        } finally {
            closeQuietly(server);
        }
    }

    private void downstream(Socket server, Socket client, ServerMessageCounter counter) {
        try (InputStream in = server.getInputStream(); OutputStream out = client.getOutputStream()) {
            byte[] buf = new byte[256 * 1024];
            int n;
            while ((n = in.read(buf)) > 0) {
                synchronized (this) {
                    counter.feed(buf, 0, n);
                }
                out.write(buf, 0, n);
                bytesToClient.addAndGet(n);
            }
        } catch (IOException e) {
            // the connection ended
        } finally {
            closeQuietly(client);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        listener.close();
        synchronized (this) {
            sockets.forEach(SpiceCountingRelay::closeQuietly);
        }
    }
}
