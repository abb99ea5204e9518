package org.thinspice.gateway.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** A loopback TCP peer standing in for a desktop: each accepted connection runs {@code behaviour} on its own thread. */
final class FakeDesktop implements AutoCloseable {
    private final ServerSocket server;
    private final CopyOnWriteArrayList<Socket> accepted = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    FakeDesktop(Consumer<Socket> behaviour) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    accepted.add(s);
                    Thread t = new Thread(() -> behaviour.accept(s), "fake-desktop-conn");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException closed) {
                    return;
                }
            }
        }, "fake-desktop");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Echoes until EOF, then half-closes its own side. */
    static FakeDesktop echo() throws IOException {
        return new FakeDesktop(s -> {
            try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                in.transferTo(out);
                s.shutdownOutput();
            } catch (IOException ignored) {
                // The peer went away: nothing to echo to.
            }
        });
    }

    int port() {
        return server.getLocalPort();
    }

    int acceptedCount() {
        return accepted.size();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : accepted) {
            s.close();
        }
    }
}
