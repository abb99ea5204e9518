package org.thinspice.ticket;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TicketTest {
    private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
    private static final KeyPair KEY = Ed25519Keys.generate();
    private static final KeyPair OTHER = Ed25519Keys.generate();

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final TicketSigner signer = new TicketSigner("k1", KEY.getPrivate(), clock);

    private TicketVerifier verifierAt(Instant at) {
        return new TicketVerifier(Map.of("k1", KEY.getPublic()), Clock.fixed(at, ZoneOffset.UTC));
    }

    private Ticket sample() {
        return signer.mint("alice", "term-7", "dsk-42", "10.1.2.3", List.of(5930, 5931), Duration.ofSeconds(60));
    }

    @Test
    void signedTicketVerifiesAndRoundTripsEveryField() throws Exception {
        Ticket t = sample();
        String text = signer.sign(t);
        assertTrue(text.matches("tsg1\\.[a-z2-7]+\\.[0-9a-f]{128}"), text);
        assertTrue(text.length() < 700, "a typical ticket stays well under the cap: " + text.length());
        assertEquals(t, verifierAt(NOW).verify(text, 5930));
        assertEquals(t, verifierAt(NOW).verify(text, 5931));
        assertEquals(32, t.jti().length());
        assertEquals(NOW.getEpochSecond() + 60, t.exp());
    }

    @Test
    void viaRoundTripsAndLetsHostBeAnUpstreamProxysTicket() throws Exception {
        Ticket m = sample();
        String pve = "pvespiceproxy:6b15e2fb:100:pve1:61000::0123456789abcdef0123456789abcdef01234567";
        Ticket t = new Ticket(m.kid(), m.jti(), m.sub(), m.term(), m.dsk(), pve, List.of(61000), m.iat(), m.exp(),
                "pve1.example:3128");
        Ticket back = verifierAt(NOW).verify(signer.sign(t), 61000);
        assertEquals(t, back);
        assertEquals("pve1.example", back.viaHost());
        assertEquals(3128, back.viaPort());
        Ticket v6 = new Ticket(m.kid(), m.jti(), m.sub(), m.term(), m.dsk(), pve, List.of(61000), m.iat(), m.exp(), "[fd00::7]:3128");
        assertEquals("fd00::7", verifierAt(NOW).verify(signer.sign(v6), 61000).viaHost());
        // without via, a proxy ticket is no host the gateway may dial; a via must be host:port
        for (Ticket bad : List.of(
                new Ticket(m.kid(), m.jti(), m.sub(), m.term(), m.dsk(), pve, List.of(61000), m.iat(), m.exp()),
                new Ticket(m.kid(), m.jti(), m.sub(), m.term(), m.dsk(), pve, List.of(61000), m.iat(), m.exp(), "pve1"),
                new Ticket(m.kid(), m.jti(), m.sub(), m.term(), m.dsk(), pve, List.of(61000), m.iat(), m.exp(), "pve1:99999"),
                new Ticket(m.kid(), m.jti(), m.sub(), m.term(), m.dsk(), pve, List.of(61000), m.iat(), m.exp(), "a b:3128"))) {
            assertThrows(RuntimeException.class, () -> verifierAt(NOW).verify(signer.sign(bad), 61000), bad.toString());
        }
    }

    @Test
    void validityWindowHasSkewBeforeAndGraceAfter() throws Exception {
        String text = signer.sign(sample());
        long iat = NOW.getEpochSecond();
        verifierAt(Instant.ofEpochSecond(iat - 30)).verify(text, 5930);
        verifierAt(Instant.ofEpochSecond(iat + 65)).verify(text, 5930);
        assertFault(TicketFault.EXPIRED, () -> verifierAt(Instant.ofEpochSecond(iat - 31)).verify(text, 5930));
        TicketException late = assertThrows(TicketException.class,
                () -> verifierAt(Instant.ofEpochSecond(iat + 66)).verify(text, 5930));
        assertEquals(TicketFault.EXPIRED, late.fault());
        assertEquals("alice", late.ticket().sub(), "an authentic expired ticket is still named in the audit");
    }

    @Test
    void portMustBeOneOfTheTicketsPorts() throws Exception {
        String text = signer.sign(sample());
        assertFault(TicketFault.WRONG_PORT, () -> verifierAt(NOW).verify(text, 22));
    }

    @Test
    void forgedSignatureAndUnknownKeyAreRefused() throws Exception {
        String text = signer.sign(sample());
        String forged = new TicketSigner("k1", OTHER.getPrivate(), clock).sign(sample());
        assertFault(TicketFault.BAD_SIGNATURE, () -> verifierAt(NOW).verify(forged, 5930));
        String other = new TicketSigner("k2", OTHER.getPrivate(), clock)
                .sign(new TicketSigner("k2", OTHER.getPrivate(), clock).mint("a", "", "d", "h", List.of(1),
                        Duration.ofSeconds(60)));
        assertFault(TicketFault.UNKNOWN_KEY, () -> verifierAt(NOW).verify(other, 1));
        // The same text verifies with the right key set: the refusals above are about keys only.
        assertEquals("alice", verifierAt(NOW).verify(text, 5930).sub());
    }

    @Test
    void changingAnyPayloadFieldBreaksTheSignature() throws Exception {
        Ticket t = sample();
        String text = signer.sign(t);
        String sig = text.substring(text.lastIndexOf('.') + 1);
        List<UnaryOperator<Ticket>> edits = List.of(
                x -> new Ticket(x.kid(), "00" + x.jti().substring(2), x.sub(), x.term(), x.dsk(), x.host(), x.ports(), x.iat(), x.exp()),
                x -> new Ticket(x.kid(), x.jti(), "mallory", x.term(), x.dsk(), x.host(), x.ports(), x.iat(), x.exp()),
                x -> new Ticket(x.kid(), x.jti(), x.sub(), "term-8", x.dsk(), x.host(), x.ports(), x.iat(), x.exp()),
                x -> new Ticket(x.kid(), x.jti(), x.sub(), x.term(), "dsk-43", x.host(), x.ports(), x.iat(), x.exp()),
                x -> new Ticket(x.kid(), x.jti(), x.sub(), x.term(), x.dsk(), "10.1.2.4", x.ports(), x.iat(), x.exp()),
                x -> new Ticket(x.kid(), x.jti(), x.sub(), x.term(), x.dsk(), x.host(), List.of(22), x.iat(), x.exp()),
                x -> new Ticket(x.kid(), x.jti(), x.sub(), x.term(), x.dsk(), x.host(), x.ports(), x.iat() - 1, x.exp()),
                x -> new Ticket(x.kid(), x.jti(), x.sub(), x.term(), x.dsk(), x.host(), x.ports(), x.iat(), x.exp() + 3600));
        for (UnaryOperator<Ticket> edit : edits) {
            Ticket changed = edit.apply(t);
            String tampered = Ticket.PREFIX + Base32.encode(changed.toJson()) + "." + sig;
            TicketException e = assertThrows(TicketException.class,
                    () -> verifierAt(NOW).verify(tampered, changed.ports().get(0)), changed.toString());
            assertEquals(TicketFault.BAD_SIGNATURE, e.fault(), changed.toString());
        }
    }

    @Test
    void everyFlippedCharacterIsRefused() {
        String text = signer.sign(sample());
        Random r = new Random(7);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            char d = c == 'a' ? 'b' : c == '0' ? '1' : c == '.' ? 'x' : (char) (c == 'b' ? 'c' : 'a' + r.nextInt(2));
            if (d == c) {
                d = '2';
            }
            String bad = text.substring(0, i) + d + text.substring(i + 1);
            assertThrows(TicketException.class, () -> verifierAt(NOW).verify(bad, 5930), "position " + i);
        }
    }

    @Test
    void malformedTextsAreMalformedNotCrashes() {
        String good = signer.sign(sample());
        String payload = good.substring(5, good.lastIndexOf('.'));
        String sig = good.substring(good.lastIndexOf('.') + 1);
        String[] bad = {
            "tsg1.", "tsg1..", "tsg1." + payload, "tsg1." + payload + ".", "tsg1." + payload + "." + sig.toUpperCase(),
            "tsg1." + payload.toUpperCase() + "." + sig, "tsg1." + payload + "=." + sig,
            "tsg1." + payload + "." + sig + "00", "tsg1." + payload + "." + sig.substring(2),
            "tsg1." + Base32.encode("[]".getBytes(StandardCharsets.UTF_8)) + "." + sig,
            "tsg1." + Base32.encode("{\"kid\":\"k1\"}".getBytes(StandardCharsets.UTF_8)) + "." + sig,
            "tsg1." + Base32.encode("{not json".getBytes(StandardCharsets.UTF_8)) + "." + sig,
            "tsg1." + "a".repeat(3000) + "." + sig,
        };
        for (String s : bad) {
            TicketException e = assertThrows(TicketException.class, () -> verifierAt(NOW).verify(s, 5930), s);
            assertEquals(TicketFault.MALFORMED, e.fault(), s);
        }
        assertFault(TicketFault.NOT_A_TICKET, () -> verifierAt(NOW).verify("10.0.0.1", 22));
    }

    @Test
    void payloadFieldsAreTypeChecked() {
        String base = "\"kid\":\"k1\",\"jti\":\"j\",\"sub\":\"s\",\"term\":\"\",\"dsk\":\"d\",\"host\":\"h\",\"iat\":1,\"exp\":2";
        String[] bad = {
            "{" + base + "}",
            "{" + base + ",\"ports\":[]}",
            "{" + base + ",\"ports\":[0]}",
            "{" + base + ",\"ports\":[65536]}",
            "{" + base + ",\"ports\":[\"5930\"]}",
            "{" + base + ",\"ports\":[5930.5]}",
            "{" + base + ",\"ports\":[1,2,3,4,5,6,7,8,9]}",
            "{" + base.replace("\"iat\":1", "\"iat\":\"1\"") + ",\"ports\":[1]}",
            "{" + base.replace("\"exp\":2", "\"exp\":0") + ",\"ports\":[1]}",
            "{" + base.replace("\"host\":\"h\"", "\"host\":\"h h\"") + ",\"ports\":[1]}",
            "{" + base.replace("\"dsk\":\"d\"", "\"dsk\":1") + ",\"ports\":[1]}",
            "{" + base.replace("\"sub\":\"s\"", "\"sub\":\"" + "x".repeat(300) + "\"") + ",\"ports\":[1]}",
            "{" + base + ",\"ports\":[1]} trailing",
        };
        for (String json : bad) {
            TicketException e = assertThrows(TicketException.class,
                    () -> Ticket.fromJson(json.getBytes(StandardCharsets.UTF_8)), json);
            assertEquals(TicketFault.MALFORMED, e.fault(), json);
        }
    }

    @Test
    void unknownFieldsAreIgnored() throws Exception {
        String json = "{\"kid\":\"k1\",\"jti\":\"j\",\"sub\":\"s\",\"term\":\"\",\"dsk\":\"d\",\"host\":\"h\","
                + "\"ports\":[5930],\"iat\":1,\"exp\":2,\"future\":{\"x\":[1]}}";
        assertEquals("d", Ticket.fromJson(json.getBytes(StandardCharsets.UTF_8)).dsk());
    }

    @Test
    void signerRefusesTicketsItMustNotMint() {
        Ticket foreign = new Ticket("k9", "j", "s", "", "d", "h", List.of(1), 1, 2);
        assertThrows(IllegalArgumentException.class, () -> signer.sign(foreign));
        Ticket noPorts = new Ticket("k1", "j", "s", "", "d", "h", List.of(), 1, 2);
        assertThrows(IllegalArgumentException.class, () -> signer.sign(noPorts));
    }

    @Test
    void pemKeysRoundTrip() throws Exception {
        String pub = Ed25519Keys.toPem(KEY.getPublic());
        String priv = Ed25519Keys.toPem(KEY.getPrivate());
        assertTrue(pub.startsWith("-----BEGIN PUBLIC KEY-----"));
        TicketSigner s = TicketSigner.fromPem("k1", priv, clock);
        TicketVerifier v = new TicketVerifier(Map.of("k1", Ed25519Keys.publicKey(pub)), clock);
        assertEquals("bob", v.verify(s.issue("bob", "", "d", "h", List.of(9)), 9).sub());
    }

    @Test
    void base32RoundTripsAndRejectsNonCanonicalText() throws Exception {
        Random r = new Random(1);
        for (int n = 0; n < 40; n++) {
            byte[] b = new byte[n];
            r.nextBytes(b);
            String s = Base32.encode(b);
            assertTrue(s.matches("[a-z2-7]*"));
            assertArrayEquals(b, Base32.decode(s));
        }
        assertEquals("mzxw6ytboi", Base32.encode("foobar".getBytes(StandardCharsets.US_ASCII)));
        for (String bad : new String[] {"MZXW6", "mzxw6=", "m", "mzx", "mzxw6y", "mzxw1", "mb"}) {
            assertThrows(TicketException.class, () -> Base32.decode(bad), bad);
        }
    }

    private static void assertFault(TicketFault expected, org.junit.jupiter.api.function.Executable e) {
        TicketException ex = assertThrows(TicketException.class, e);
        assertEquals(expected, ex.fault(), ex.getMessage());
    }
}
