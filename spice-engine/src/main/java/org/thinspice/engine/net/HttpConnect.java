package org.thinspice.engine.net;

import org.thinspice.engine.SpiceConnectException;
import org.thinspice.engine.SpiceReason;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Sans-I/O HTTP CONNECT: builds the request and reads the proxy's response head. */
public final class HttpConnect {
    /** Largest response head accepted from a proxy. */
    public static final int MAX_RESPONSE_HEAD = 8192;

    private HttpConnect() {
    }

    /**
     * The CONNECT request. {@code host} is written as given: Proxmox-style ticket hosts such as
     * {@code pvespiceproxy:5f2a…:101:node1::…} are not DNS names and must pass through unchanged.
     */
    public static byte[] request(String host, int port, String userInfo) {
        String authority = host + ":" + port;
        StringBuilder sb = new StringBuilder();
        sb.append("CONNECT ").append(authority).append(" HTTP/1.1\r\n");
        sb.append("Host: ").append(authority).append("\r\n");
        if (userInfo != null && !userInfo.isEmpty()) {
            sb.append("Proxy-Authorization: Basic ")
                    .append(Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8)))
                    .append("\r\n");
        }
        sb.append("\r\n");
        return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * Index just past the blank line ending the head in {@code buf[0..len)}, or -1 if not complete yet.
     */
    public static int headEnd(byte[] buf, int len) {
        for (int i = 3; i < len; i++) {
            if (buf[i] == '\n' && buf[i - 1] == '\r' && buf[i - 2] == '\n' && buf[i - 3] == '\r') {
                return i + 1;
            }
        }
        return -1;
    }

    /** Checks the status line of a complete head; anything but 2xx is an error naming the status. */
    public static void checkStatus(byte[] head, int len) throws SpiceConnectException {
        String text = new String(head, 0, len, StandardCharsets.ISO_8859_1);
        int eol = text.indexOf("\r\n");
        String status = eol < 0 ? text : text.substring(0, eol);
        String[] parts = status.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new SpiceConnectException(SpiceReason.PROXY_FAILED, "proxy answered something that is not HTTP",
                    null);
        }
        int code;
        try {
            code = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new SpiceConnectException(SpiceReason.PROXY_FAILED, "proxy sent a bad status line", null);
        }
        if (code < 200 || code > 299) {
            throw new SpiceConnectException(SpiceReason.PROXY_FAILED, "proxy answered " + status.trim(), null);
        }
    }
}
