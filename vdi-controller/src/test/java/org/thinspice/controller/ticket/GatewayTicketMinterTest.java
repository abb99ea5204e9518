package org.thinspice.controller.ticket;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The golden vector of docs/api/gateway-ticket.md (also checked with openssl pkeyutl -verify -rawin). */
class GatewayTicketMinterTest {
    static final String PRIVATE_KEY = "MC4CAQAwBQYDK2VwBCIEIAABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhscHR4f";
    static final String PUBLIC_KEY = "MCowBQYDK2VwAyEAA6EHv/POEL4dcN0Y50vAmWfk1jCbpQ1fHdyGZBJVMbg=";
    static final TicketClaims CLAIMS = new TicketClaims("c1", "00112233445566778899aabbccddeeff", "alice",
            "t-0123456789abcdef", "demo", "10.0.0.5", List.of(5930, 5931), 1767225600L, 1767225660L);
    static final String PAYLOAD = "{\"kid\":\"c1\",\"jti\":\"00112233445566778899aabbccddeeff\",\"sub\":\"alice\","
            + "\"term\":\"t-0123456789abcdef\",\"dsk\":\"demo\",\"host\":\"10.0.0.5\",\"ports\":[5930,5931],"
            + "\"iat\":1767225600,\"exp\":1767225660}";
    static final String TICKET = "tsg1.pmrgw2leei5ceyzreiwce2tunerduirqgaytcmrsgmztinbvgu3dmnzxha4dsolbmfrgey3dmrsgkzlgmyrcyittovrceorcmfwgsy3feiwce5dfojwseorcoqwtamjsgm2dknrxha4wcytdmrswmirmejshg2zchirgizlnn4rcyitin5zxiir2eiytalrqfyyc4njcfqrha33sorzseos3gu4tgmbmgu4tgmk5fqrgsyluei5dcnzwg4zdenjwgaycyitfpbyceorrg43domrsgu3dmmd5.3ee9a340494b0a1d90bef7015c99d5cadd58c979c464a0b6a6e4df05b02b177c774812ee54ec66a4b8e3c710ca54d5ccd43fb01120a1f40fd5e719812ff47d0e";

    static PrivateKey key() throws Exception {
        return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(PRIVATE_KEY)));
    }

    @Test
    void goldenVector() throws Exception {
        assertEquals(PAYLOAD, GatewayTicketMinter.payload(CLAIMS));
        assertEquals(TICKET, GatewayTicketMinter.encode(CLAIMS, key()));
    }

    @Test
    void goldenTicketVerifiesWithThePublicKeyAndDecodesToThePayload() throws Exception {
        PublicKey pub = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(PUBLIC_KEY)));
        int dot = TICKET.lastIndexOf('.');
        Signature s = Signature.getInstance("Ed25519");
        s.initVerify(pub);
        s.update(TICKET.substring(0, dot).getBytes(StandardCharsets.US_ASCII));
        assertTrue(s.verify(HexFormat.of().parseHex(TICKET.substring(dot + 1))));
        String payload = TICKET.substring("tsg1.".length(), dot);
        assertEquals(PAYLOAD, new String(Base32.decode(payload), StandardCharsets.UTF_8));
        assertTrue(TICKET.matches("[a-z0-9.]+") && TICKET.length() <= 2048);
    }

    @Test
    void viaTicketIsReadByTheGatewayWithItsUpstream() throws Exception {
        Clock clock = Clock.fixed(Instant.ofEpochSecond(1767225600L), ZoneOffset.UTC);
        String pve = "pvespiceproxy:6955b900:100:pve1:61000::0123456789abcdef0123456789abcdef01234567";
        String text = new GatewayTicketMinter("c1", key(), clock).mint("alice", "", "100", pve, List.of(61000),
                "pve1.example:3128");
        PublicKey pub = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(PUBLIC_KEY)));
        org.thinspice.gateway.ticket.Ticket t = new org.thinspice.gateway.ticket.TicketVerifier(java.util.Map.of("c1", pub), clock)
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
        String json = new String(Base32.decode(a.split("\\.")[1]), StandardCharsets.UTF_8);
        assertTrue(json.contains("\"iat\":1767225600") && json.contains("\"exp\":1767225660"), json);
        assertTrue(!a.equals(b), "two mints share a jti");
    }

    @Test
    void base32RoundTripsAndRejectsForeignCharacters() {
        for (int n = 0; n < 40; n++) {
            byte[] data = new byte[n];
            for (int i = 0; i < n; i++) {
                data[i] = (byte) (i * 37 + n);
            }
            assertArrayEquals(data, Base32.decode(Base32.encode(data)));
        }
        assertEquals("mzxw6ytboi", Base32.encode("foobar".getBytes(StandardCharsets.US_ASCII)));
        assertThrows(IllegalArgumentException.class, () -> Base32.decode("MZXW6"));
        assertThrows(IllegalArgumentException.class, () -> Base32.decode("mzxw6ytbo1"));
    }
}
