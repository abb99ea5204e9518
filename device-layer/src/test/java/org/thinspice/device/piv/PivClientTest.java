package org.thinspice.device.piv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.thinspice.device.smartcard.ApduTransport;
import org.thinspice.device.smartcard.SmartcardException;
import org.thinspice.testbed.VirtualPivCard;

/** PivClient against testbed's in-memory VirtualPivCard (no PC/SC): the APDU logic on its own. */
class PivClientTest {
    private static final char[] PIN = "123456".toCharArray();

    /** Records every command, so tests can look at chaining and GET RESPONSE. */
    static final class Recording implements ApduTransport {
        final VirtualPivCard card;
        final List<byte[]> commands = new ArrayList<>();

        Recording(VirtualPivCard card) {
            this.card = card;
        }

        @Override
        public byte[] transmit(byte[] command) {
            commands.add(command.clone());
            return card.process(command);
        }
    }

    @ParameterizedTest
    @EnumSource(VirtualPivCard.KeyAlgorithm.class)
    void rightPinSignsAndTheSignatureVerifiesWithTheCardsCertificate(VirtualPivCard.KeyAlgorithm alg) throws Exception {
        Recording t = new Recording(new VirtualPivCard(alg, "123456", 3));
        PivClient piv = new PivClient(t);
        piv.select();
        X509Certificate cert = piv.readCertificate(PivSlot.AUTHENTICATION);
        assertEquals(t.card.certificate(), cert);
        assertEquals(3, piv.pinTriesLeft());
        piv.verifyPin(PIN);
        assertEquals(-1, piv.pinTriesLeft());
        PivAlgorithm pa = PivAlgorithm.of(cert.getPublicKey());
        byte[] challenge = "login challenge 42".getBytes(StandardCharsets.UTF_8);
        byte[] sig = piv.sign(PivSlot.AUTHENTICATION, pa, challenge);
        Signature v = Signature.getInstance(pa.jcaSignature);
        v.initVerify(cert);
        v.update(challenge);
        assertTrue(v.verify(sig));
        if (alg == VirtualPivCard.KeyAlgorithm.RSA_2048) {
            // 256-byte block in a 7C template: 2 chained commands, the first with CLA 0x10
            long chained = t.commands.stream().filter(c -> c[1] == (byte) 0x87 && c[0] == 0x10).count();
            assertEquals(1, chained);
        }
        // the certificate object is longer than 256 bytes: read with 61xx + GET RESPONSE
        assertTrue(t.commands.stream().anyMatch(c -> c[1] == (byte) 0xC0));
    }

    @Test
    void thePinNeverReachesALogLine() throws Exception {
        ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("org.thinspice");
        ch.qos.logback.classic.Level was = root.getLevel();
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> seen = new ch.qos.logback.core.read.ListAppender<>();
        seen.start();
        root.addAppender(seen);
        root.setLevel(ch.qos.logback.classic.Level.TRACE);
        try {
            VirtualPivCard card = new VirtualPivCard(VirtualPivCard.KeyAlgorithm.EC_P256, "918273", 3);
            PivClient piv = new PivClient(card::process);
            piv.select();
            assertThrows(PivException.class, () -> piv.verifyPin("918274".toCharArray()));
            piv.verifyPin("918273".toCharArray());
            piv.sign(PivSlot.AUTHENTICATION, PivAlgorithm.EC_P256, new byte[] {1});
        } finally {
            root.detachAppender(seen);
            root.setLevel(was);
        }
        assertFalse(seen.list.isEmpty(), "the client logs at debug level (so the check below looks at something)");
        for (ch.qos.logback.classic.spi.ILoggingEvent e : seen.list) {
            String line = e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : e.getThrowableProxy().getMessage());
            for (String secret : List.of("918273", "918274", "393138323733", "39 31 38 32 37 33")) {
                assertFalse(line.toLowerCase().contains(secret), "a log line holds the PIN: " + line);
            }
        }
    }

    @Test
    void wrongPinCountsDownAndThenBlocks() throws Exception {
        VirtualPivCard card = new VirtualPivCard(VirtualPivCard.KeyAlgorithm.EC_P256, "123456", 3);
        PivClient piv = new PivClient(card::process);
        piv.select();
        PivException e1 = assertThrows(PivException.class, () -> piv.verifyPin("000000".toCharArray()));
        assertEquals(PivException.Reason.WRONG_PIN, e1.reason());
        assertEquals(2, e1.triesLeft());
        assertFalse(e1.getMessage().contains("000000"));
        PivException e2 = assertThrows(PivException.class, () -> piv.verifyPin("000000".toCharArray()));
        assertEquals(1, e2.triesLeft());
        PivException e3 = assertThrows(PivException.class, () -> piv.verifyPin("000000".toCharArray()));
        assertEquals(PivException.Reason.PIN_BLOCKED, e3.reason());
        PivException e4 = assertThrows(PivException.class, () -> piv.verifyPin(PIN));
        assertEquals(PivException.Reason.PIN_BLOCKED, e4.reason());
        assertEquals(0, piv.pinTriesLeft());
        PivException e5 = assertThrows(PivException.class,
                () -> piv.sign(PivSlot.AUTHENTICATION, PivAlgorithm.EC_P256, new byte[] {1}));
        assertEquals(PivException.Reason.PIN_REQUIRED, e5.reason());
    }

    @Test
    void rightPinResetsTheCounter() throws Exception {
        VirtualPivCard card = new VirtualPivCard(VirtualPivCard.KeyAlgorithm.EC_P256, "123456", 3);
        PivClient piv = new PivClient(card::process);
        piv.select();
        assertThrows(PivException.class, () -> piv.verifyPin("1".toCharArray()));
        piv.verifyPin(PIN);
        assertEquals(3, card.triesLeft());
    }

    @Test
    void signingWithoutPinIsRefused() throws Exception {
        VirtualPivCard card = new VirtualPivCard(VirtualPivCard.KeyAlgorithm.RSA_2048, "123456", 3);
        PivClient piv = new PivClient(card::process);
        piv.select();
        PivException e = assertThrows(PivException.class,
                () -> piv.sign(PivSlot.AUTHENTICATION, PivAlgorithm.RSA_2048, new byte[] {1}));
        assertEquals(PivException.Reason.PIN_REQUIRED, e.reason());
    }

    @Test
    void aCardWithoutPivIsNotASupportedUkey() {
        PivClient piv = new PivClient(cmd -> new byte[] {0x6A, (byte) 0x82});
        PivException e = assertThrows(PivException.class, piv::select);
        assertEquals(PivException.Reason.NOT_SUPPORTED_UKEY, e.reason());
        assertTrue(e.getMessage().contains("not a supported UKEY"), e.getMessage());
    }

    @Test
    void pinFormatIsCheckedBeforeAnythingIsSent() {
        List<byte[]> sent = new ArrayList<>();
        PivClient piv = new PivClient(cmd -> {
            sent.add(cmd);
            return new byte[] {(byte) 0x90, 0};
        });
        assertEquals(PivException.Reason.PIN_FORMAT,
                assertThrows(PivException.class, () -> piv.verifyPin("123456789".toCharArray())).reason());
        assertEquals(PivException.Reason.PIN_FORMAT,
                assertThrows(PivException.class, () -> piv.verifyPin(new char[0])).reason());
        assertTrue(sent.isEmpty());
    }

    @Test
    void aRemovedCardIsReportedAsRemoved() {
        PivClient piv = new PivClient(cmd -> {
            throw new SmartcardException(SmartcardException.Kind.CARD_REMOVED, "gone");
        });
        PivException e = assertThrows(PivException.class, piv::select);
        assertEquals(PivException.Reason.CARD_REMOVED, e.reason());
    }

    @Test
    void malformedAnswersAreTypedNotThrownRaw() {
        for (byte[] bad : List.of(new byte[0], new byte[] {0x53}, new byte[] {0x53, (byte) 0x82, 0x10, 0x00},
                new byte[] {0x53, 0x02, 0x70, 0x05}, new byte[] {0x70, 0x00})) {
            PivException e = assertThrows(PivException.class, () -> PivClient.parseCertificateObject(bad));
            assertTrue(e.reason() == PivException.Reason.MALFORMED_RESPONSE || e.reason() == PivException.Reason.NO_CERTIFICATE);
        }
        assertThrows(PivException.class, () -> PivClient.parseSignature(new byte[] {0x7C, 0x02, (byte) 0x82, 0x00}));
        assertThrows(PivException.class, () -> ResponseApdu.parse(new byte[] {(byte) 0x90}));
    }

    @Test
    void pkcs1BlockHasTheDigestInfoAtTheEnd() {
        byte[] hash = new byte[32];
        hash[31] = 7;
        byte[] b = PivClient.pkcs1(hash, 256);
        assertEquals(256, b.length);
        assertEquals(0, b[0]);
        assertEquals(1, b[1]);
        assertEquals(7, b[255]);
        assertArrayEquals(new byte[] {0x04, 0x20}, java.util.Arrays.copyOfRange(b, 222, 224));
    }
}
