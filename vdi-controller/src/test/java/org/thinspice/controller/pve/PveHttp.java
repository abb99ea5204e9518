package org.thinspice.controller.pve;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLContext;

/**
 * A tiny HTTP/1.1 server for the fake PVE: one request per connection ({@code Connection: close}), and the
 * handler chooses the reason phrase — pveproxy puts its error text there, which the JDK's own
 * {@code HttpServer} cannot do. Bounded: request head 16 KiB, body 64 KiB.
 */
final class PveHttp implements AutoCloseable {
    /** One request. */
    record Request(String method, String path, String query, Map<String, String> headers, Map<String, String> form) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** One answer: status, reason phrase, JSON body. */
    record Response(int status, String reason, String body) {
    }

    interface Handler {
        Response handle(Request r) throws Exception;
    }

    private final ServerSocket server;
    private final Thread acceptor;

    PveHttp(Handler handler, SSLContext tls) throws IOException {
        server = tls == null ? new ServerSocket(0, 50, InetAddress.getLoopbackAddress())
                : tls.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    Thread t = new Thread(() -> serve(s, handler), "fake-pve-request");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        }, "fake-pve-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private static void serve(Socket s, Handler handler) {
        try (s) {
            s.setSoTimeout(30_000);
            InputStream in = new BufferedInputStream(s.getInputStream());
            String requestLine = line(in);
            String[] parts = requestLine.split(" ");
            Map<String, String> headers = new HashMap<>();
            int total = requestLine.length();
            for (String h = line(in); !h.isEmpty(); h = line(in)) {
                total += h.length();
                if (total > 16 * 1024) {
                    throw new IOException("head too large");
                }
                int colon = h.indexOf(':');
                headers.put(h.substring(0, colon).strip().toLowerCase(Locale.ROOT), h.substring(colon + 1).strip());
            }
            int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
            if (length > 64 * 1024) {
                throw new IOException("body too large");
            }
            String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
            String target = parts[1];
            int q = target.indexOf('?');
            Response r = handler.handle(new Request(parts[0], q < 0 ? target : target.substring(0, q),
                    q < 0 ? "" : target.substring(q + 1), headers, form(body)));
            byte[] b = r.body().getBytes(StandardCharsets.UTF_8);
            OutputStream out = s.getOutputStream();
            out.write(("HTTP/1.1 " + r.status() + " " + r.reason() + "\r\nContent-Type: application/json;charset=UTF-8\r\n"
                    + "Content-Length: " + b.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(b);
            out.flush();
        } catch (Exception e) {
            // the client went away or sent garbage: nothing to answer
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0 || b.size() > 8192) {
                throw new IOException("bad request line");
            }
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    static Map<String, String> form(String body) {
        Map<String, String> m = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                m.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return m;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
