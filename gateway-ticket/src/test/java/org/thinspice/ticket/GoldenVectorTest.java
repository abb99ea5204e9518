package org.thinspice.ticket;

import org.junit.jupiter.api.Test;

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
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The golden vector of docs/api/gateway-ticket.md, which the controller's GatewayTicketMinterTest mints:
 * the gateway verifies that exact text, reads back every claim, and signs the same claims to the same text.
 */
class GoldenVectorTest {
    static final String PRIVATE_KEY = "MC4CAQAwBQYDK2VwBCIEIAABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhscHR4f";
    static final String PUBLIC_KEY = "MCowBQYDK2VwAyEAA6EHv/POEL4dcN0Y50vAmWfk1jCbpQ1fHdyGZBJVMbg=";
    static final String PAYLOAD = "{\"kid\":\"c1\",\"jti\":\"00112233445566778899aabbccddeeff\",\"sub\":\"alice\","
            + "\"term\":\"t-0123456789abcdef\",\"dsk\":\"demo\",\"host\":\"10.0.0.5\",\"ports\":[5930,5931],"
            + "\"iat\":1767225600,\"exp\":1767225660}";
    static final String TICKET = "tsg1.pmrgw2leei5ceyzreiwce2tunerduirqgaytcmrsgmztinbvgu3dmnzxha4dsolbmfrgey3dmrsgkzlgmyrcyittovrceorcmfwgsy3feiwce5dfojwseorcoqwtamjsgm2dknrxha4wcytdmrswmirmejshg2zchirgizlnn4rcyitin5zxiir2eiytalrqfyyc4njcfqrha33sorzseos3gu4tgmbmgu4tgmk5fqrgsyluei5dcnzwg4zdenjwgaycyitfpbyceorrg43domrsgu3dmmd5.3ee9a340494b0a1d90bef7015c99d5cadd58c979c464a0b6a6e4df05b02b177c774812ee54ec66a4b8e3c710ca54d5ccd43fb01120a1f40fd5e719812ff47d0e";
    static final long IAT = 1767225600L;

    private static PublicKey publicKey() throws Exception {
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(PUBLIC_KEY)));
    }

    private static PrivateKey privateKey() throws Exception {
        return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(PRIVATE_KEY)));
    }

    private static TicketVerifier verifierAt(long epochSecond) throws Exception {
        return new TicketVerifier(Map.of("c1", publicKey()), Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC));
    }

    @Test
    void theControllersGoldenTicketVerifiesWithEveryClaim() throws Exception {
        Ticket t = verifierAt(IAT + 10).verify(TICKET, 5931);
        assertEquals(new Ticket("c1", "00112233445566778899aabbccddeeff", "alice", "t-0123456789abcdef", "demo",
                "10.0.0.5", List.of(5930, 5931), IAT, IAT + 60), t);
        assertEquals(PAYLOAD, new String(t.toJson(), StandardCharsets.UTF_8));
    }

    @Test
    void theGatewaysSignerProducesTheSameText() throws Exception {
        TicketSigner signer = new TicketSigner("c1", privateKey(), Clock.fixed(Instant.ofEpochSecond(IAT), ZoneOffset.UTC));
        Ticket claims = verifierAt(IAT).verify(TICKET, 5930);
        assertEquals(TICKET, signer.sign(claims));
    }

    @Test
    void theGoldenTicketIsRefusedOutsideItsWindowPortOrKid() throws Exception {
        assertEquals(TicketFault.EXPIRED,
                assertThrows(TicketException.class, () -> verifierAt(IAT + 66).verify(TICKET, 5930)).fault());
        assertEquals(TicketFault.WRONG_PORT,
                assertThrows(TicketException.class, () -> verifierAt(IAT).verify(TICKET, 5932)).fault());
        TicketVerifier otherKid = new TicketVerifier(Map.of("c2", publicKey()), Clock.systemUTC());
        assertEquals(TicketFault.UNKNOWN_KEY, assertThrows(TicketException.class, () -> otherKid.authenticate(TICKET)).fault());
        String flipped = TICKET.substring(0, TICKET.length() - 1) + (TICKET.endsWith("e") ? "f" : "e");
        assertEquals(TicketFault.BAD_SIGNATURE,
                assertThrows(TicketException.class, () -> verifierAt(IAT).verify(flipped, 5930)).fault());
    }
}
