package org.thinspice.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * {@code listen.proxyProtocol}: behind HAProxy ({@code send-proxy-v2} or v1) the client's address comes from the
 * PROXY header — the audit names it — and a connection without a header is served with its own peer address.
 */
class ProxyProtocolTest {
    private static String rawLogin(int port, String proxyLine) throws Exception {
        String body = "{\"username\":\"nobody-" + proxyLine.length() + "\",\"password\":\"wrong\"}";
        String request = proxyLine + "POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\nConnection: close\r\n\r\n" + body;
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theClientAddressComesFromTheProxyHeader() throws Exception {
        ControllerConfig c = Fixtures.config(Files.createTempDirectory("ts-proxyproto"));
        c.listen.proxyProtocol = true;
        try (Controller controller = Controller.start(c)) {
            String viaProxy = rawLogin(controller.port(), "PROXY TCP4 203.0.113.9 127.0.0.1 40000 8480\r\n");
            assertTrue(viaProxy.startsWith("HTTP/1.1 401"), viaProxy);
            String direct = rawLogin(controller.port(), "");
            assertTrue(direct.startsWith("HTTP/1.1 401"), direct);
            ApiClient admin = new ApiClient(controller.port()).login(Fixtures.ADMIN, Fixtures.ADMIN_PASSWORD);
            JsonArray events = ApiClient.json(admin.get("/api/v1/admin/audit?limit=10")).getAsJsonArray("events");
            String fromProxy = null;
            String fromDirect = null;
            for (var e : events) {
                JsonObject o = e.getAsJsonObject();
                if (o.get("event").getAsString().equals("login") && o.get("outcome").getAsString().equals("failed")) {
                    String user = o.get("user").getAsString();
                    if (user.equals("nobody-" + "PROXY TCP4 203.0.113.9 127.0.0.1 40000 8480\r\n".length())) {
                        fromProxy = o.get("remote").getAsString();
                    } else if (user.equals("nobody-0")) {
                        fromDirect = o.get("remote").getAsString();
                    }
                }
            }
            assertEquals("203.0.113.9", fromProxy, "the address HAProxy names: " + events);
            assertEquals("127.0.0.1", fromDirect, "without a header, the peer: " + events);
        }
    }
}
