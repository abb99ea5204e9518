package org.thinspice.gateway.bench;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/** A separate process that accepts connections and holds them, reading nothing: the far end of idle tunnels. */
public final class IdleSink {
    private IdleSink() {
    }

    public static void main(String[] args) throws Exception {
        List<SocketChannel> held = new ArrayList<>();
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4096);
            System.out.println("sink.port=" + ((InetSocketAddress) server.getLocalAddress()).getPort());
            System.out.flush();
            while (true) {
                held.add(server.accept());
            }
        }
    }
}
