package org.thinspice.gateway;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Sans-I/O reader of one HTTP CONNECT request head. Bytes go in through {@link #feed} in whatever
 * pieces the network delivers; the head is complete at the first empty line and may not exceed
 * {@link #MAX_HEAD} bytes. Bytes after the head are not consumed: they belong to the tunnel.
 */
public final class ConnectHeadParser {
    /** Largest request head accepted, including the final empty line. */
    public static final int MAX_HEAD = 8192;

    private byte[] buf = new byte[256];
    private int len;
    private boolean complete;

    /**
     * Takes bytes up to the end of the head; returns how many of {@code src[off..off+n)} it consumed
     * (fewer than {@code n} only when the head completed).
     *
     * @throws RefusalException {@link Refusal#HEAD_TOO_LARGE} once more than {@link #MAX_HEAD} bytes
     *                          arrived without an empty line
     */
    public int feed(byte[] src, int off, int n) throws RefusalException {
        int i = 0;
        while (i < n && !complete) {
            if (len == MAX_HEAD) {
                throw new RefusalException(Refusal.HEAD_TOO_LARGE, "request head over " + MAX_HEAD + " bytes");
            }
            byte b = src[off + i++];
            if (len == buf.length) {
                buf = Arrays.copyOf(buf, Math.min(MAX_HEAD, buf.length * 2));
            }
            buf[len++] = b;
            // An empty line ends the head: CRLF CRLF, or bare LF line ends (RFC 9112 §2.2 allows them).
            if (b == '\n' && (endsWith("\n\n") || endsWith("\n\r\n"))) {
                complete = true;
            }
        }
        return i;
    }

    public boolean isComplete() {
        return complete;
    }

    /** Bytes buffered so far (for diagnostics). */
    public int buffered() {
        return len;
    }

    /** The head, once {@link #isComplete()}. */
    public ConnectHead head() throws RefusalException {
        if (!complete) {
            throw new IllegalStateException("head not complete");
        }
        String[] lines = new String(buf, 0, len, StandardCharsets.ISO_8859_1).split("\r?\n", -1);
        ConnectHead head = requestLine(lines[0]);
        String authority = head.host() + ":" + head.port();
        boolean sawHost = false;
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty()) {
                continue;
            }
            checkText(line);
            int colon = line.indexOf(':');
            if (colon <= 0 || line.charAt(0) == ' ' || line.charAt(0) == '\t'
                    || line.substring(0, colon).contains(" ")) {
                throw bad("malformed header line");
            }
            if (line.substring(0, colon).equalsIgnoreCase("Host")) {
                if (sawHost || !line.substring(colon + 1).strip().equals(authority)) {
                    throw bad("Host header does not match the CONNECT authority");
                }
                sawHost = true;
            }
        }
        return head;
    }

    private static ConnectHead requestLine(String line) throws RefusalException {
        checkText(line);
        String[] parts = line.split(" ", -1);
        if (parts.length != 3 || !parts[0].equals("CONNECT")) {
            throw bad("not a CONNECT request line");
        }
        if (!parts[2].equals("HTTP/1.1") && !parts[2].equals("HTTP/1.0")) {
            throw bad("not HTTP/1.x");
        }
        String authority = parts[1];
        int colon = authority.lastIndexOf(':');
        if (colon <= 0 || colon == authority.length() - 1 || authority.length() - colon - 1 > 5) {
            throw bad("authority is not host:port");
        }
        int port = 0;
        for (int i = colon + 1; i < authority.length(); i++) {
            char c = authority.charAt(i);
            if (c < '0' || c > '9') {
                throw bad("port is not a number");
            }
            port = port * 10 + (c - '0');
        }
        if (port < 1 || port > 65535) {
            throw bad("port out of range");
        }
        return new ConnectHead(authority.substring(0, colon), port, parts[2]);
    }

    /** Printable ASCII and tab only: no control bytes, no 8-bit text in a head we act on. */
    private static void checkText(String line) throws RefusalException {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if ((c < 0x20 && c != '\t') || c > 0x7E) {
                throw bad("control or non-ASCII byte in the head");
            }
        }
    }

    private boolean endsWith(String s) {
        if (len < s.length()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (buf[len - s.length() + i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static RefusalException bad(String why) {
        return new RefusalException(Refusal.BAD_REQUEST, why);
    }
}
