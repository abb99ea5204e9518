package org.thinspice.controller.ticket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The controller's tickets as the gateway reads them (the contract's golden vector: gateway-ticket's GoldenVectorTest). */
class GatewayTicketMinterTest {
    static final String PRIVATE_KEY = "MC4CAQAwBQYDK2VwBCIEIAABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhscHR4f";
    static final String PUBLIC_KEY = "MCowBQYDK2VwAyEAA6EHv/POEL4dcN0Y50vAmWfk1jCbpQ1fHdyGZBJVMbg=";
    static PrivateKey key() throws Exception {
        return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(PRIVATE_KEY)));
    }

    @Test
    void viaTicketIsReadByTheGatewayWithItsUpstream() throws Exception {
        Clock clock = Clock.fixed(Instant.ofEpochSecond(1767225600L), ZoneOffset.UTC);
        String pve = "pvespiceproxy:6955b900:100:pve1:61000::0123456789abcdef0123456789abcdef01234567";
        String text = new GatewayTicketMinter("c1", key(), clock).mint("alice", "", "100", pve, List.of(61000),
                "pve1.example:3128");
        PublicKey pub = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(PUBLIC_KEY)));
        org.thinspice.ticket.Ticket t = new org.thinspice.ticket.TicketVerifier(java.util.Map.of("c1", pub), clock)
                .verify(text, 61000);
        assertEquals(pve, t.host());
        assertEquals("pve1.example:3128", t.via());
        assertEquals("pve1.example", t.viaHost());
        assertEquals(3128, t.viaPort());
    }

    @Test
    void mintSetsSixtySecondLifetimeAndFreshJti() throws Exception {
        Clock clock = Clock.fixed(Instant.ofEpochSecond(1767225600L), ZoneOffset.UTC);
        GatewayTicketMinter m = new GatewayTicketMinter("c1", key(), clock);
        String a = m.mint("alice", "", "demo", "127.0.0.1", List.of(5930));
        String b = m.mint("alice", "", "demo", "127.0.0.1", List.of(5930));
        String json = new String(org.thinspice.ticket.Base32.decode(a.split("\\.")[1]), StandardCharsets.UTF_8);
        assertTrue(json.contains("\"iat\":1767225600") && json.contains("\"exp\":1767225660"), json);
        assertTrue(!a.equals(b), "two mints share a jti");
    }
}
