import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * NetLabIT's helper, run with Java's source launcher inside a lab host.
 * {@code serve HOST}: prints {@code port=N}, then for each connection reads a line with a byte count and that many
 * bytes, and answers how many it got. {@code send HOST PORT BYTES [PROXY_HOST PROXY_PORT]}: announces and sends BYTES
 * (through a CONNECT proxy if given; squid ends a tunnel on a half-close, so none is used), prints
 * {@code bytes=<count the server saw> seconds=<elapsed>}.
 */
public class Probe {
    public static void main(String[] a) throws Exception {
        if (a[0].equals("serve")) {
            try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getByName(a[1]))) {
                System.out.println("port=" + server.getLocalPort());
                System.out.flush();
                while (true) {
                    try (Socket s = server.accept()) {
                        InputStream in = s.getInputStream();
                        StringBuilder line = new StringBuilder();
                        for (int c; (c = in.read()) != '\n' && c >= 0; ) {
                            line.append((char) c);
                        }
                        long want = Long.parseLong(line.toString());
                        long n = 0;
                        byte[] b = new byte[65536];
                        for (int r; n < want && (r = in.read(b, 0, (int) Math.min(b.length, want - n))) > 0; ) {
                            n += r;
                        }
                        s.getOutputStream().write(Long.toString(n).getBytes(StandardCharsets.US_ASCII));
                    }
                }
            }
        }
        long bytes = Long.parseLong(a[3]);
        boolean proxied = a.length > 4;
        try (Socket s = proxied ? new Socket(a[4], Integer.parseInt(a[5])) : new Socket(a[1], Integer.parseInt(a[2]))) {
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            if (proxied) {
                String t = a[1] + ":" + a[2];
                out.write(("CONNECT " + t + " HTTP/1.1\r\nHost: " + t + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                StringBuilder head = new StringBuilder();
                while (!head.toString().endsWith("\r\n\r\n")) {
                    head.append((char) in.read());
                }
                if (!head.toString().startsWith("HTTP/1.1 200")) {
                    throw new IllegalStateException("proxy answered " + head);
                }
            }
            long t0 = System.nanoTime();
            out.write((bytes + "\n").getBytes(StandardCharsets.US_ASCII));
            byte[] b = new byte[65536];
            for (long sent = 0; sent < bytes; sent += b.length) {
                out.write(b, 0, (int) Math.min(b.length, bytes - sent));
            }
            String count = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            System.out.println("bytes=" + count + " seconds=" + (System.nanoTime() - t0) / 1e9);
        }
    }
}
