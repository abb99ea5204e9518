package org.thinspice.device.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.thinspice.device.piv.PivAlgorithm;
import org.thinspice.device.piv.PivClient;
import org.thinspice.device.piv.PivException;
import org.thinspice.device.piv.PivSlot;
import org.thinspice.device.smartcard.Pcsc;
import org.thinspice.device.smartcard.PcscEvent;
import org.thinspice.device.smartcard.PcscSocket;
import org.thinspice.device.smartcard.ReaderState;
import org.thinspice.device.smartcard.ReaderWatcher;
import org.thinspice.device.smartcard.SmartcardConnection;
import org.thinspice.testbed.Pcscd;
import org.thinspice.testbed.VirtualCard;
import org.thinspice.testbed.VirtualPivCard;
import org.thinspice.testbed.VpcdCard;

/**
 * The UKEY path through the real PC/SC stack: testbed's VirtualPivCard → vsmartcard's vpcd reader → Debian's
 * pcscd (its own config and socket) → libpcsclite → jnasmartcardio → {@link Pcsc} → {@link PivClient}.
 * OpenSC, which we did not write, reads the same card as a PIV card.
 */
class UkeyPcscIT {
    private static final Duration CARD_WAIT = Duration.ofSeconds(20);
    private static Pcscd pcscd;
    private static Pcsc pcsc;
    private final List<VpcdCard> inserted = new ArrayList<>();

    @BeforeAll
    static void startPcscd() throws Exception {
        pcscd = Pcscd.start();
        PcscSocket.use(pcscd.socket());
        pcsc = Pcsc.system();
    }

    @AfterAll
    static void stopPcscd() {
        if (pcscd != null) {
            pcscd.close();
        }
    }

    @AfterEach
    void pullCards() throws Exception {
        for (VpcdCard c : inserted) {
            c.close();
        }
        inserted.clear();
        awaitCard(0, false);
        awaitCard(1, false);
    }

    private VpcdCard insert(VirtualCard card, int slot) throws Exception {
        VpcdCard c = VpcdCard.insert(card, pcscd.slotPort(slot));
        inserted.add(c);
        awaitCard(slot, true);
        return c;
    }

    private void awaitCard(int slot, boolean present) throws Exception {
        long deadline = System.nanoTime() + CARD_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (ReaderState r : pcsc.readers()) {
                if (r.name().equals(pcscd.readerName(slot)) && r.cardPresent() == present) {
                    return;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("slot " + slot + " did not become " + (present ? "full" : "empty") + " within "
                + CARD_WAIT + "; readers: " + pcsc.readers());
    }

    @Test
    void readersAreListedAndInsertAndRemoveAreSeenWithoutBusyLoop() throws Exception {
        List<ReaderState> readers = pcsc.readers();
        assertEquals(List.of(new ReaderState(pcscd.readerName(0), false), new ReaderState(pcscd.readerName(1), false)),
                readers);
        BlockingQueue<PcscEvent> events = new LinkedBlockingQueue<>();
        try (ReaderWatcher watcher = pcsc.watch(events::add)) {
            assertEquals(new PcscEvent(PcscEvent.Type.READER_ADDED, pcscd.readerName(0)), events.poll(10, TimeUnit.SECONDS));
            assertEquals(new PcscEvent(PcscEvent.Type.READER_ADDED, pcscd.readerName(1)), events.poll(10, TimeUnit.SECONDS));
            long t0 = System.nanoTime();
            VpcdCard card = VpcdCard.insert(new VirtualPivCard(VirtualPivCard.KeyAlgorithm.EC_P256, "123456", 3),
                    pcscd.slotPort(1));
            inserted.add(card);
            assertEquals(new PcscEvent(PcscEvent.Type.CARD_INSERTED, pcscd.readerName(1)), events.poll(20, TimeUnit.SECONDS));
            long insertMs = (System.nanoTime() - t0) / 1_000_000;
            t0 = System.nanoTime();
            card.remove();
            assertEquals(new PcscEvent(PcscEvent.Type.CARD_REMOVED, pcscd.readerName(1)), events.poll(20, TimeUnit.SECONDS));
            long removeMs = (System.nanoTime() - t0) / 1_000_000;
            System.out.printf("UkeyPcscIT: card insert seen after %d ms, removal after %d ms%n", insertMs, removeMs);
            int before = watcher.wakeups();
            Thread.sleep(3000);
            int idle = watcher.wakeups() - before;
            assertTrue(idle <= 8, "watcher woke " + idle + " times in 3 s of quiet (busy loop?)");
            assertTrue(events.isEmpty(), "no events while nothing changes: " + events);
        }
    }

    @Test
    void everyPcscContextWeOpenIsReleased() throws Exception {
        insert(new VirtualPivCard(VirtualPivCard.KeyAlgorithm.EC_P256, "123456", 3), 0);
        long[] before = contextCounts();
        for (int i = 0; i < 10; i++) {
            pcsc.readers();
        }
        for (int i = 0; i < 3; i++) {
            try (SmartcardConnection conn = pcsc.connect(pcscd.readerName(0))) {
                new PivClient(conn).select();
            }
        }
        assertThrows(org.thinspice.device.smartcard.SmartcardException.class, () -> pcsc.connect("no such reader"));
        try (ReaderWatcher watcher = pcsc.watch(e -> { })) {
            Thread.sleep(1500);
        }
        long[] after = awaitBalanced(before);
        assertTrue(after[0] - before[0] >= 15, "contexts were established: " + (after[0] - before[0]));
        assertEquals(after[0] - before[0], after[1] - before[1], "ESTABLISH_CONTEXT vs RELEASE_CONTEXT in pcscd's log");
    }

    /** {ESTABLISH_CONTEXT, RELEASE_CONTEXT} commands pcscd has logged so far. */
    private static long[] contextCounts() throws Exception {
        String log = Files.readString(pcscd.log(), StandardCharsets.ISO_8859_1);
        return new long[] {count(log, "Received command: ESTABLISH_CONTEXT"), count(log, "Received command: RELEASE_CONTEXT")};
    }

    private static long[] awaitBalanced(long[] before) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        long[] now = contextCounts();
        while (now[0] - before[0] != now[1] - before[1] && System.nanoTime() < deadline) {
            Thread.sleep(100);
            now = contextCounts();
        }
        return now;
    }

    private static long count(String s, String needle) {
        long n = 0;
        for (int at = s.indexOf(needle); at >= 0; at = s.indexOf(needle, at + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void theWatcherSurvivesAPcscdRestartAndTheCardWorksAfterwards() throws Exception {
        BlockingQueue<PcscEvent> events = new LinkedBlockingQueue<>();
        VirtualPivCard card = new VirtualPivCard(VirtualPivCard.KeyAlgorithm.EC_P256, "123456", 3);
        VpcdCard vpcd = insert(card, 0);
        try (ReaderWatcher watcher = pcsc.watch(events::add)) {
            awaitEvent(events, new PcscEvent(PcscEvent.Type.CARD_INSERTED, pcscd.readerName(0)));
            pcscd.restart();
            awaitEvent(events, new PcscEvent(PcscEvent.Type.SERVICE_LOST, null));
            awaitEvent(events, new PcscEvent(PcscEvent.Type.SERVICE_BACK, null));
            awaitEvent(events, new PcscEvent(PcscEvent.Type.READER_ADDED, pcscd.readerName(0)));
            // the old pcscd took the card's connection with it: the card goes in again
            vpcd.remove();
            vpcd.insert();
            awaitEvent(events, new PcscEvent(PcscEvent.Type.CARD_INSERTED, pcscd.readerName(0)));
        }
        try (SmartcardConnection conn = pcsc.connect(pcscd.readerName(0))) {
            PivClient piv = new PivClient(conn);
            piv.select();
            piv.verifyPin("123456".toCharArray());
            byte[] sig = piv.sign(PivSlot.AUTHENTICATION, PivAlgorithm.EC_P256, new byte[] {9});
            Signature v = Signature.getInstance(PivAlgorithm.EC_P256.jcaSignature);
            v.initVerify(card.certificate());
            v.update(new byte[] {9});
            assertTrue(v.verify(sig));
        }
    }

    private static void awaitEvent(BlockingQueue<PcscEvent> events, PcscEvent wanted) throws InterruptedException {
        List<PcscEvent> seen = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            PcscEvent e = events.poll(500, TimeUnit.MILLISECONDS);
            if (e == null) {
                continue;
            }
            if (e.equals(wanted)) {
                return;
            }
            seen.add(e);
        }
        throw new AssertionError("no " + wanted + " within 30 s; saw " + seen);
    }

    @ParameterizedTest
    @EnumSource(VirtualPivCard.KeyAlgorithm.class)
    void rightPinSignsAChallengeThatVerifiesWithTheCardsCertificate(VirtualPivCard.KeyAlgorithm alg) throws Exception {
        VirtualPivCard card = new VirtualPivCard(alg, "123456", 3);
        insert(card, 0);
        try (SmartcardConnection conn = pcsc.connect(pcscd.readerName(0))) {
            assertTrue(java.util.Arrays.equals(VirtualPivCard.ATR, conn.atr()));
            PivClient piv = new PivClient(conn);
            piv.select();
            X509Certificate cert = piv.readCertificate(PivSlot.AUTHENTICATION);
            assertEquals(card.certificate(), cert);
            piv.verifyPin("123456".toCharArray());
            PivAlgorithm pa = PivAlgorithm.of(cert.getPublicKey());
            byte[] challenge = new byte[32];
            new java.security.SecureRandom().nextBytes(challenge);
            long t0 = System.nanoTime();
            byte[] sig = piv.sign(PivSlot.AUTHENTICATION, pa, challenge);
            System.out.printf("UkeyPcscIT: %s signature through pcscd in %.1f ms%n", alg, (System.nanoTime() - t0) / 1e6);
            Signature v = Signature.getInstance(pa.jcaSignature);
            v.initVerify(cert);
            v.update(challenge);
            assertTrue(v.verify(sig), "the card's signature verifies with its certificate");
        }
    }

    @Test
    void wrongPinShowsTriesLeftAndTheThirdBlocksTheCard() throws Exception {
        VirtualPivCard card = new VirtualPivCard(VirtualPivCard.KeyAlgorithm.RSA_2048, "123456", 3);
        insert(card, 0);
        try (SmartcardConnection conn = pcsc.connect(pcscd.readerName(0))) {
            PivClient piv = new PivClient(conn);
            piv.select();
            PivException first = assertThrows(PivException.class, () -> piv.verifyPin("654321".toCharArray()));
            assertEquals(PivException.Reason.WRONG_PIN, first.reason());
            assertEquals(2, first.triesLeft());
            assertEquals("wrong PIN: 2 tries left before the UKEY blocks", first.getMessage());
            assertEquals(1, assertThrows(PivException.class, () -> piv.verifyPin("654321".toCharArray())).triesLeft());
            assertEquals(PivException.Reason.PIN_BLOCKED,
                    assertThrows(PivException.class, () -> piv.verifyPin("654321".toCharArray())).reason());
        }
        // blocked survives a new connection (card reset) and refuses even the right PIN
        try (SmartcardConnection conn = pcsc.connect(pcscd.readerName(0))) {
            PivClient piv = new PivClient(conn);
            piv.select();
            assertEquals(0, piv.pinTriesLeft());
            PivException blocked = assertThrows(PivException.class, () -> piv.verifyPin("123456".toCharArray()));
            assertEquals(PivException.Reason.PIN_BLOCKED, blocked.reason());
            assertEquals(PivException.Reason.PIN_REQUIRED, assertThrows(PivException.class,
                    () -> piv.sign(PivSlot.AUTHENTICATION, PivAlgorithm.RSA_2048, new byte[] {1})).reason());
        }
        assertTrue(card.blocked());
    }

    @Test
    void aCardPulledDuringTheSignatureGivesACardRemovedError() throws Exception {
        VpcdCard vpcd = insert(new VirtualPivCard(VirtualPivCard.KeyAlgorithm.RSA_2048, "123456", 3), 0);
        try (SmartcardConnection conn = pcsc.connect(pcscd.readerName(0))) {
            PivClient piv = new PivClient(conn);
            piv.select();
            piv.verifyPin("123456".toCharArray());
            vpcd.pullOnNext(0x87);
            PivException e = assertThrows(PivException.class,
                    () -> piv.sign(PivSlot.AUTHENTICATION, PivAlgorithm.RSA_2048, new byte[] {1, 2, 3}));
            assertEquals(PivException.Reason.CARD_REMOVED, e.reason(), e.toString());
            assertTrue(e.getMessage().startsWith("the UKEY was removed while trying to sign"), e.getMessage());
        }
        awaitCard(0, false);
    }

    @Test
    void aCardWithoutPivIsNotASupportedUkey() throws Exception {
        insert(VirtualCard.withoutPiv(), 1);
        try (SmartcardConnection conn = pcsc.connect(pcscd.readerName(1))) {
            PivException e = assertThrows(PivException.class, () -> new PivClient(conn).select());
            assertEquals(PivException.Reason.NOT_SUPPORTED_UKEY, e.reason());
            assertTrue(e.getMessage().startsWith("this card is not a supported UKEY"), e.getMessage());
        }
    }

    @Test
    void theUkeyFacadeSignsAndDiagnosesEveryReader() throws Exception {
        VirtualPivCard card = new VirtualPivCard(VirtualPivCard.KeyAlgorithm.RSA_2048, "123456", 3);
        insert(card, 0);
        insert(VirtualCard.withoutPiv(), 1);
        org.thinspice.device.ukey.Ukey ukey = new org.thinspice.device.ukey.Ukey(pcsc);
        assertEquals(pcscd.readerName(0), ukey.firstReaderWithCard());
        byte[] challenge = "controller nonce 7".getBytes(StandardCharsets.UTF_8);
        org.thinspice.device.ukey.UkeySignature s = ukey.signChallenge(pcscd.readerName(0), "123456".toCharArray(), challenge);
        assertEquals(card.certificate(), s.certificate());
        Signature v = Signature.getInstance(s.algorithm().jcaSignature);
        v.initVerify(s.certificate());
        v.update(challenge);
        assertTrue(v.verify(s.signature()));
        List<org.thinspice.device.ukey.ReaderReport> reports = ukey.diagnose();
        assertEquals(2, reports.size(), reports.toString());
        org.thinspice.device.ukey.ReaderReport piv = reports.get(0);
        assertEquals(pcscd.readerName(0), piv.reader());
        assertEquals(java.util.HexFormat.of().withUpperCase().formatHex(VirtualPivCard.ATR), piv.atr());
        assertTrue(piv.piv());
        assertEquals(card.certificate().getSubjectX500Principal().getName(), piv.certificateSubject());
        assertEquals(3, piv.pinTriesLeft(), "diagnostics spend no PIN try (the connection reset the PIN state)");
        org.thinspice.device.ukey.ReaderReport other = reports.get(1);
        assertTrue(other.cardPresent());
        assertTrue(!other.piv() && other.problem().startsWith("this card is not a supported UKEY"), other.toString());
    }

    @Test
    void theUkeyCommandDiagnosesAndSigns() throws Exception {
        VirtualPivCard card = new VirtualPivCard(VirtualPivCard.KeyAlgorithm.EC_P256, "123456", 3);
        insert(card, 1);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int rc = org.thinspice.device.cli.UkeyCommandAccess.run(new String[] {"diagnose"}, out, err, "unused");
        assertEquals(0, rc, err.toString());
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains(pcscd.readerName(0) + ": no card"), text);
        assertTrue(text.contains(pcscd.readerName(1) + ": card, ATR " + java.util.HexFormat.of().withUpperCase()
                .formatHex(VirtualPivCard.ATR) + ", PIV, 9A certificate O=thinspice testbed,CN=thinspice virtual UKEY EC_P256"), text);
        assertTrue(text.contains("3 PIN tries left"), text);
        out.reset();
        rc = org.thinspice.device.cli.UkeyCommandAccess.run(new String[] {"sign", "00ff"}, out, err, "123456");
        assertEquals(0, rc, err.toString());
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals("algorithm SHA256withECDSA", lines[0]);
        Signature v = Signature.getInstance("SHA256withECDSA");
        v.initVerify(card.certificate());
        v.update(new byte[] {0, (byte) 0xFF});
        assertTrue(v.verify(java.util.Base64.getDecoder().decode(lines[2].substring("signature ".length()))));
        err.reset();
        rc = org.thinspice.device.cli.UkeyCommandAccess.run(new String[] {"sign", "00ff"}, out, err, "000000");
        assertEquals(1, rc);
        assertEquals("ukey: wrong PIN: 2 tries left before the UKEY blocks", err.toString(StandardCharsets.UTF_8).trim());
    }

    @Test
    void openscReadsTheVirtualCardsCertificateAsAPivCard() throws Exception {
        VirtualPivCard card = new VirtualPivCard(VirtualPivCard.KeyAlgorithm.EC_P256, "123456", 3);
        insert(card, 0);
        String name = run("opensc-tool", "--reader", "0", "--name");
        assertTrue(name.contains("Personal Identity Verification Card"), "opensc-tool --name: " + name);
        Path pem = Files.createTempFile("ukey-9a-", ".pem");
        try {
            String out = run("pkcs15-tool", "--reader", "0", "--read-certificate", "01", "--output", pem.toString());
            X509Certificate read = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(pem)));
            assertEquals(card.certificate(), read, "pkcs15-tool output: " + out);
        } finally {
            Files.deleteIfExists(pem);
        }
    }

    /** Runs an OpenSC tool against our pcscd; returns its output, fails on a non-zero exit or a timeout. */
    private static String run(String... cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("PCSCLITE_CSOCK_NAME", pcscd.socket().toString());
        Process p = pb.start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                throw new AssertionError(String.join(" ", cmd) + " did not finish within 60 s");
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), String.join(" ", cmd) + ":\n" + out);
            return out;
        } finally {
            org.thinspice.testbed.Processes.stop(p, Duration.ofSeconds(2));
        }
    }
}
