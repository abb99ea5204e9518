package org.thinspice.testbed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** Picks TCP ports that are free on 127.0.0.1 (bind to port 0, read, close). Racy by nature; callers retry. */
public final class FreePorts {
    private FreePorts() {
    }

    /** One free loopback port. */
    public static int pick() {
        return pick(1)[0];
    }

    /** {@code n} distinct free loopback ports (all sockets held open together so they differ). */
    public static int[] pick(int n) {
        List<ServerSocket> held = new ArrayList<>();
        try {
            int[] ports = new int[n];
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                held.add(s);
                ports[i] = s.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        } finally {
            for (ServerSocket s : held) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing a listener that never accepted cannot lose data
                }
            }
        }
    }
}
