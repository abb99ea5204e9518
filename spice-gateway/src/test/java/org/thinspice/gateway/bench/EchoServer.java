package org.thinspice.gateway.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

/**
 * The bench's far end, in its own process: a thread-per-connection echo server on the address given (default
 * 127.0.0.1) that prints {@code echo.port=N} once it listens.
 */
public final class EchoServer {
    private static final int BUFFER = 64 << 10;

    private EchoServer() {
    }

    public static void main(String[] args) throws IOException {
        Listener.serve(args.length > 0 ? args[0] : null, "echo", EchoServer::echo);
    }

    private static void echo(Socket s) {
        byte[] b = new byte[BUFFER];
        try (s) {
            s.setTcpNoDelay(true);
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            for (int n; (n = in.read(b)) > 0; ) {
                out.write(b, 0, n);
            }
        } catch (IOException ignored) {
            // the bench closed the connection
        }
    }
}
