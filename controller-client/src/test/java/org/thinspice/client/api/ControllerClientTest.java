package org.thinspice.client.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.thinspice.controller.terminal.TerminalSignature;

class ControllerClientTest {
    @Test
    void signaturesVerifyWithTheControllersOwnCheck() throws Exception {
        TerminalIdentity id = TerminalIdentity.generate();
        byte[] body = "{\"username\":\"demo\"}".getBytes(StandardCharsets.UTF_8);
        String nonce = TerminalIdentity.nonce();
        assertTrue(nonce.matches("[A-Za-z0-9_-]{8,64}"));
        String sig = id.sign("POST", "/api/v1/auth/login", 1_700_000_000L, nonce, body);
        assertTrue(TerminalSignature.verify(id.publicKeyB64(), sig, "POST", "/api/v1/auth/login", 1_700_000_000L, nonce, body));
        assertFalse(TerminalSignature.verify(id.publicKeyB64(), sig, "POST", "/api/v1/auth/login", 1_700_000_001L, nonce, body));
        assertEquals(TerminalSignature.signedText("GET", "/a?b=1", 5, "n", new byte[0]),
                TerminalIdentity.signedText("GET", "/a?b=1", 5, "n", new byte[0]));
    }

    @Test
    void refusalsAreSortedIntoWhatTheKioskSays() {
        assertEquals(ControllerException.Kind.WRONG_CREDENTIALS, HttpControllerClient.kindOf(401, "wrong_credentials"));
        assertEquals(ControllerException.Kind.LOCKED, HttpControllerClient.kindOf(429, "account_locked"));
        assertEquals(ControllerException.Kind.SIGNED_OUT, HttpControllerClient.kindOf(401, "bad_token"));
        assertEquals(ControllerException.Kind.BAD_ENROLMENT_CODE, HttpControllerClient.kindOf(403, "bad_enrolment_code"));
        assertEquals(ControllerException.Kind.TERMINAL_REFUSED, HttpControllerClient.kindOf(403, "terminal_revoked"));
        assertEquals(ControllerException.Kind.UNREACHABLE, HttpControllerClient.kindOf(502, "platform_unavailable"));
        assertEquals(ControllerException.Kind.REFUSED, HttpControllerClient.kindOf(404, "not_found"));
    }

    @Test
    void addressesAsPeopleTypeThem() {
        assertEquals("http://10.0.0.5:8480", HttpControllerClient.parseAddress(" 10.0.0.5:8480 ").toString());
        assertEquals("https://vdi.example", HttpControllerClient.parseAddress("https://vdi.example/").toString());
        assertThrows(IllegalArgumentException.class, () -> HttpControllerClient.parseAddress("ftp://x"));
        assertThrows(IllegalArgumentException.class, () -> HttpControllerClient.parseAddress(""));
    }

    @Test
    void closedPortIsUnreachable() {
        HttpControllerClient c = new HttpControllerClient(HttpControllerClient.parseAddress("127.0.0.1:9"), "", null,
                java.time.Duration.ofSeconds(2));
        ControllerException e = assertThrows(ControllerException.class, c::health);
        assertEquals(ControllerException.Kind.UNREACHABLE, e.kind());
    }
}
