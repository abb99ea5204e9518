package org.thinspice.client.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.thinspice.controller.terminal.TerminalSignature;

/**
 * The OkHttp client against a scripted controller (MockWebServer): what goes on the wire — the
 * terminal's signature over exactly the bytes sent, the bearer token after sign-in, one reused
 * connection — and how refusals come back.
 */
class ScriptedControllerTest {
    private MockWebServer server;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private HttpControllerClient client(TerminalIdentity id) {
        return new HttpControllerClient(URI.create("http://127.0.0.1:" + server.getPort()), id == null ? "" : "t-1", id,
                Duration.ofSeconds(5));
    }

    private static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
    }

    @Test
    void signsEveryCallAndSendsTheTokenOverOneConnection() throws Exception {
        TerminalIdentity id = TerminalIdentity.generate();
        HttpControllerClient c = client(id);
        server.enqueue(json(200, "{\"status\":\"ok\",\"token\":\"tss_abc\",\"expiresAt\":1,\"user\":{\"username\":\"demo\",\"role\":\"user\"}}"));
        server.enqueue(json(200, "{\"desktops\":[{\"id\":\"d1\",\"name\":\"Desk\",\"state\":\"running\","
                + "\"policy\":{\"clipboard\":\"both\",\"usbRedirect\":true,\"actions\":[\"start\"]}}]}"));
        LoginOutcome.SignedIn in = assertInstanceOf(LoginOutcome.SignedIn.class, c.login("demo", "pw".toCharArray()));
        assertEquals("tss_abc", in.token());
        assertEquals("Desk", c.desktops().get(0).name());

        RecordedRequest login = server.takeRequest(5, TimeUnit.SECONDS);
        byte[] sent = login.getBody().toByteArray();
        assertEquals("application/json", login.getHeaders().get("Content-Type").split(";")[0]);
        assertNull(login.getHeaders().get("Authorization"));
        assertSigned(id, login, sent);
        RecordedRequest list = server.takeRequest(5, TimeUnit.SECONDS);
        assertEquals("Bearer tss_abc", list.getHeaders().get("Authorization"));
        assertSigned(id, list, new byte[0]);
        assertEquals(login.getConnectionIndex(), list.getConnectionIndex(), "the connection was not reused");
    }

    private static void assertSigned(TerminalIdentity id, RecordedRequest r, byte[] body) {
        assertEquals("t-1", r.getHeaders().get("X-Terminal-Id"));
        assertTrue(TerminalSignature.verify(id.publicKeyB64(), r.getHeaders().get("X-Terminal-Signature"), r.getMethod(),
                r.getUrl().encodedPath(), Long.parseLong(r.getHeaders().get("X-Terminal-Time")),
                r.getHeaders().get("X-Terminal-Nonce"), body), "the controller's own check refuses the signature");
    }

    @Test
    void refusalsCarryTheirCodeAndRetryTime() {
        HttpControllerClient c = client(null);
        server.enqueue(json(429, "{\"error\":\"too_many_attempts\",\"message\":\"m\",\"retryAfterSeconds\":90}"));
        ControllerException e = assertThrows(ControllerException.class, () -> c.login("x", "y".toCharArray()));
        assertEquals(ControllerException.Kind.LOCKED, e.kind());
        assertEquals(90, e.retryAfterSeconds());
        server.enqueue(new MockResponse.Builder().code(502).body("<html>bad gateway</html>").build());
        assertEquals(ControllerException.Kind.UNREACHABLE, assertThrows(ControllerException.class, c::desktops).kind());
    }
}
