package org.thinspice.gateway.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.function.Consumer;

/** The accept loop of the bench's helper processes: prints {@code <name>.port=N}, then a thread per connection. */
final class Listener {
    private Listener() {
    }

    /** Serves forever on {@code bindHost} (127.0.0.1 when null). */
    static void serve(String bindHost, String name, Consumer<Socket> connection) throws IOException {
        InetAddress bind = InetAddress.getByName(bindHost != null ? bindHost : "127.0.0.1");
        try (ServerSocket server = new ServerSocket(0, 50, bind)) {
            System.out.println(name + ".port=" + server.getLocalPort());
            System.out.flush();
            while (true) {
                Socket s = server.accept();
                Thread t = new Thread(() -> connection.accept(s), name);
                t.setDaemon(true);
                t.start();
            }
        }
    }
}
