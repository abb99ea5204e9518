package org.thinspice.gateway.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The bench's reference relay, in its own process: the least work any user-space CONNECT relay can do
 * (two blocking threads per tunnel, each a read/write loop; no tickets, limits, audit or timeouts). What it
 * reaches is the ceiling for copying relays on the machine the bench runs on. Listens on the address given
 * (default 127.0.0.1) and prints {@code relay.port=N}. Never use it for anything else: it connects wherever it
 * is told to.
 */
public final class CopyLoopRelay {
    private static final int BUFFER = 256 << 10;

    private CopyLoopRelay() {
    }

    public static void main(String[] args) throws IOException {
        Listener.serve(args.length > 0 ? args[0] : null, "relay", CopyLoopRelay::tunnel);
    }

    private static void tunnel(Socket client) {
        try (client) {
            client.setTcpNoDelay(true);
            String head = readHead(client.getInputStream());
            String hostPort = head.split(" ")[1];
            int colon = hostPort.lastIndexOf(':');
            try (Socket desktop = new Socket(hostPort.substring(0, colon),
                    Integer.parseInt(hostPort.substring(colon + 1)))) {
                desktop.setTcpNoDelay(true);
                client.getOutputStream().write("HTTP/1.1 200 Connection established\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                Thread up = new Thread(() -> copy(client, desktop), "copy-loop-up");
                up.setDaemon(true);
                up.start();
                copy(desktop, client);
                up.join();
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            // the bench closed the tunnel
        }
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        while (sb.length() < 4 || !sb.substring(sb.length() - 4).equals("\r\n\r\n")) {
            int c = in.read();
            if (c < 0 || sb.length() > 8192) {
                throw new IOException("bad head");
            }
            sb.append((char) c);
        }
        return sb.toString();
    }

    private static void copy(Socket from, Socket to) {
        byte[] buf = new byte[BUFFER];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            for (int n; (n = in.read(buf)) > 0; ) {
                out.write(buf, 0, n);
            }
            to.shutdownOutput();
        } catch (IOException e) {
            // peer gone: the other direction ends too
        }
    }
}
