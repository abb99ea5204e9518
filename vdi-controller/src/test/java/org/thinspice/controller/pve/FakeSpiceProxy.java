package org.thinspice.controller.pve;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The node's {@code spiceproxy} (pve-manager PVE/Service/spiceproxy.pm on pve-http-server
 * PVE/APIServer/AnyEvent.pm): accepts only CONNECT, takes the connect string from the {@code Host:} header,
 * checks it with pve-common's verify_spice_connect_url (via {@link FakeProxmox}), connects to
 * {@code localhost:<port>} and answers {@code <proto> 200 OK} (handle_spice_proxy_request), then pipes bytes.
 * Listens on {@code <address>:3128} like PVE (the port is fixed there). Not checked, unlike PVE: the SPICE
 * port range 61000–61999 (the test's QEMU takes any free port).
 */
public final class FakeSpiceProxy implements AutoCloseable {
    private final ServerSocket server;
    private final FakeProxmox pve;
    public volatile int accepted;
    public volatile int refused;

    public FakeSpiceProxy(FakeProxmox pve, String address) throws IOException {
        this.pve = pve;
        server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getByName(address), 3128));
        Thread t = new Thread(this::acceptLoop, "fake-spiceproxy");
        t.setDaemon(true);
        t.start();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Thread t = new Thread(() -> serve(s), "fake-spiceproxy-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try {
            InputStream in = client.getInputStream();
            String head = head(in);
            String[] lines = head.split("\r\n");
            String[] requestLine = lines[0].split(" ");
            String host = null;
            for (String l : lines) {
                if (l.toLowerCase(Locale.ROOT).startsWith("host:")) {
                    host = l.substring(5).strip();
                }
            }
            String proto = requestLine.length == 3 ? requestLine[2] : "HTTP/1.0";
            if (!requestLine[0].equals("CONNECT") || host == null || !pve.verifySpiceConnect(host)) {
                // AnyEvent.pm: "invalid ticket" (401) for a missing or bad connect string
                refused++;
                client.getOutputStream().write((proto + " 401 invalid ticket\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                client.close();
                return;
            }
            int port = Integer.parseInt(host.substring(host.lastIndexOf(':') + 1));
            Socket vm = new Socket("127.0.0.1", port);
            accepted++;
            client.getOutputStream().write((proto + " 200 OK\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            pipe(client.getInputStream(), vm.getOutputStream(), vm, client);
            pipe(vm.getInputStream(), client.getOutputStream(), client, vm);
        } catch (IOException | RuntimeException e) {
            try {
                client.close();
            } catch (IOException ignored) {
                // already gone
            }
        }
    }

    private static void pipe(InputStream from, OutputStream to, Socket toSocket, Socket fromSocket) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[64 * 1024];
            try {
                for (int n = from.read(buf); n >= 0; n = from.read(buf)) {
                    to.write(buf, 0, n);
                }
            } catch (IOException ignored) {
                // either side closed
            } finally {
                try {
                    toSocket.close();
                    fromSocket.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }, "fake-spiceproxy-pipe");
        t.setDaemon(true);
        t.start();
    }

    private static String head(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        while (b.size() < 8192) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("closed before the head ended");
            }
            b.write(c);
            String s = b.toString(StandardCharsets.ISO_8859_1);
            if (s.endsWith("\r\n\r\n")) {
                return s;
            }
        }
        throw new IOException("head too large");
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
