package org.thinspice.device.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.thinspice.device.cardshare.SharedCardReader;
import org.thinspice.device.piv.Tlv;
import org.thinspice.device.smartcard.Pcsc;
import org.thinspice.device.smartcard.PcscSocket;
import org.thinspice.device.vsc.VscType;
import org.thinspice.engine.ChannelType;
import org.thinspice.engine.SpiceConnectOptions;
import org.thinspice.engine.SpiceException;
import org.thinspice.engine.SpiceListener;
import org.thinspice.engine.SpiceSession;
import org.thinspice.engine.smartcard.SmartcardPolicy;
import org.thinspice.testbed.Pcscd;
import org.thinspice.testbed.QemuSpiceServer;
import org.thinspice.testbed.VirtualPivCard;
import org.thinspice.testbed.VpcdCard;

/**
 * The terminal's card inside the desktop, through the whole chain: VirtualPivCard → vpcd → pcscd → jnasmartcardio
 * → {@link SharedCardReader} → the SPICE smartcard channel → spice-server → QEMU's {@code ccid-card-passthru} behind
 * {@code usb-ccid} → the tiny guest, where {@code /tbccid} drives the CCID reader over usbfs. The guest's answers
 * are checked in Java: the signature verifies with the card's certificate, which the guest itself read through
 * {@code 61xx} + GET RESPONSE (the card's own status words reached it untouched).
 */
class SmartcardChannelIT {
    private static final String PIN = "123456";
    private static final String SELECT_PIV = "00a4040009a00000030800001000";
    private static final String GET_CERT_9A = "00cb3fff055c035fc10500";
    private static final Pattern ON = Pattern.compile("TB-CCID on status=(\\d+) error=(\\d+) atr=([0-9a-f]*)");
    private static final Pattern APDU = Pattern.compile("TB-CCID apdu status=(\\d+) error=(\\d+) answer=([0-9a-f]*)");
    private static final Pattern LONG = Pattern.compile("TB-CCID long rounds=(\\d+) first_sw=([0-9a-f]{4}) answer=([0-9a-f]*)");
    private static final Pattern ABSENT = Pattern.compile("TB-CCID absent notify=([0-9a-f]*) status=(\\d+)");
    private static final HexFormat HEX = HexFormat.of();

    private static Pcscd pcscd;
    private static Pcsc pcsc;

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

    /** Records the shared reader's events as words, for waiting on and for failure messages. */
    private static final class Recorder implements SharedCardReader.Events {
        final BlockingQueue<String> queue = new LinkedBlockingQueue<>();
        final List<String> all = new CopyOnWriteArrayList<>();

        private void add(String e) {
            all.add(e);
            queue.add(e);
        }

        @Override
        public void onAcknowledged(VscType what) {
            add("ack " + what);
        }

        @Override
        public void onRefused(VscType what, long code) {
            add("refused " + what + " " + code);
        }

        @Override
        public void onCardShared(String reader, byte[] atr) {
            add("shared " + HEX.formatHex(atr));
        }

        @Override
        public void onCardWithdrawn(String reader) {
            add("withdrawn");
        }

        @Override
        public void onProblem(String sentence) {
            add("problem " + sentence);
        }

        void await(String event) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                String e = queue.poll(200, TimeUnit.MILLISECONDS);
                if (event.equals(e)) {
                    return;
                }
            }
            throw new AssertionError("no '" + event + "' within 30 s; events: " + all);
        }
    }

    @Test
    void theGuestSelectsPivSignsAndSeesTheCardLeave() throws Exception {
        VirtualPivCard piv = new VirtualPivCard(VirtualPivCard.KeyAlgorithm.EC_P256, PIN, 3);
        Recorder events = new Recorder();
        List<String> closed = new CopyOnWriteArrayList<>();
        String reader = pcscd.readerName(0);
        try (VpcdCard card = VpcdCard.insert(piv, pcscd.slotPort(0));
             QemuSpiceServer qemu = QemuSpiceServer.builder().tinyGuest("none").smartcard()
                     .startTimeout(Duration.ofSeconds(60)).start()) {
            qemu.awaitGuestReady(Duration.ofSeconds(150));
            SpiceSession session = SpiceSession.connect(SpiceConnectOptions.builder().host(qemu.host()).port(qemu.port())
                    .smartcardPolicy(SmartcardPolicy.SHARE)
                    .smartcard(id -> new SharedCardReader(pcsc, reader::equals, events))
                    .build(), new SpiceListener() {
                        @Override
                        public void onChannelClosed(ChannelType type, int id, SpiceException cause) {
                            closed.add(type + " " + id + " " + cause);
                        }
                    }).get(30, TimeUnit.SECONDS);
            try {
                events.await("ack READER_ADD");
                events.await("ack ATR");
                assertTrue(smartcardChannelListed(qemu), "QMP query-spice lists our smartcard channel");

                byte[] challenge = new byte[32];
                new SecureRandom().nextBytes(challenge);
                byte[] hash = MessageDigest.getInstance("SHA-256").digest(challenge);
                String out = qemu.console().run("/tbccid present on apdu:" + SELECT_PIV + " apdu:" + verify(PIN)
                        + " apdu:" + generalAuthenticate(hash) + " long:" + GET_CERT_9A, Duration.ofSeconds(120));

                Matcher on = find(ON, out);
                assertEquals(HEX.formatHex(piv.atr()), on.group(3), "the guest powered the card on and got its ATR");
                List<String> apdus = answers(out);
                assertEquals(3, apdus.size(), out);
                byte[] select = HEX.parseHex(apdus.get(0));
                assertEquals("9000", sw(select), "SELECT PIV answered by the card");
                assertEquals(0x61, select[0] & 0xFF, "the PIV application property template");
                assertEquals("9000", sw(HEX.parseHex(apdus.get(1))), "VERIFY with the right PIN");
                byte[] auth = HEX.parseHex(apdus.get(2));
                assertEquals("9000", sw(auth), "GENERAL AUTHENTICATE");
                byte[] template = Tlv.only(java.util.Arrays.copyOf(auth, auth.length - 2), 0x7C);
                byte[] signature = Tlv.find(template, 0, template.length, 0x82);

                Matcher cert = find(LONG, out);
                assertTrue(cert.group(2).startsWith("61"), "the card's own 61xx reached the guest: " + cert.group(2));
                assertTrue(Integer.parseInt(cert.group(1)) >= 2, "the guest sent GET RESPONSE itself");
                byte[] object = HEX.parseHex(cert.group(3));
                assertEquals("9000", sw(object));
                byte[] container = Tlv.only(java.util.Arrays.copyOf(object, object.length - 2), 0x53);
                byte[] der = Tlv.find(container, 0, container.length, 0x70);
                X509Certificate x509 = (X509Certificate) CertificateFactory.getInstance("X.509")
                        .generateCertificate(new ByteArrayInputStream(der));
                assertEquals(piv.certificate(), x509, "the guest read the card's 9A certificate");
                Signature v = Signature.getInstance("SHA256withECDSA");
                v.initVerify(x509.getPublicKey());
                v.update(challenge);
                assertTrue(v.verify(signature), "the signature the guest got verifies with the card's certificate");

                // The card leaves the terminal's reader: the guest's CCID slot goes empty.
                Thread remover = new Thread(() -> {
                    sleep(3000);
                    card.remove();
                }, "card-remover");
                remover.start();
                String gone = qemu.console().run("/tbccid absent", Duration.ofSeconds(90));
                remover.join();
                Matcher absent = find(ABSENT, gone);
                assertEquals(2, Integer.parseInt(absent.group(2)) & 3, "GetSlotStatus: no card");
                assertTrue(absent.group(1).startsWith("50"), "RDR_to_PC_NotifySlotChange on the interrupt endpoint: "
                        + gone);
                events.await("ack CARD_REMOVE");

                // It goes in again: the guest powers it on and it answers.
                card.insert();
                events.await("ack ATR");
                assertEquals("9000", sw(HEX.parseHex(answers(qemu.console().run("/tbccid present on apdu:" + SELECT_PIV,
                        Duration.ofSeconds(90))).get(0))), "SELECT PIV after the card went in again");

                // pcscd restarts: the terminal's reader goes away (CardRemove, then ReaderRemove, each acknowledged by
                // QEMU) and comes back. QEMU 7.2 keeps its CCID reader on the guest's USB bus and shows an empty slot.
                pcscd.restart();
                events.await("ack READER_REMOVE");
                Matcher emptied = find(ABSENT, qemu.console().run("/tbccid absent", Duration.ofSeconds(90)));
                assertEquals(2, Integer.parseInt(emptied.group(2)) & 3, "no card while the reader is away");
                events.await("ack READER_ADD");
                card.remove(); // the old pcscd took the card's connection with it: the card goes in again
                card.insert();
                events.await("ack ATR");
                assertEquals("9000", sw(HEX.parseHex(answers(qemu.console().run("/tbccid present on apdu:" + SELECT_PIV,
                        Duration.ofSeconds(90))).get(0))), "SELECT PIV after pcscd restarted");
                assertTrue(closed.isEmpty(), "no channel closed: " + closed);
                assertTrue(events.all.stream().noneMatch(e -> e.startsWith("problem")), events.all.toString());
                System.out.printf("SmartcardChannelIT: VSC messages in %d, out %d; the certificate took %s exchanges"
                        + " (GET DATA answered 61xx, then GET RESPONSE)%n",
                        session.smartcard(0).messagesIn(), session.smartcard(0).messagesOut(), cert.group(1));
            } finally {
                session.close();
            }
        }
    }

    @Test
    void theTransparentTransportHandsTheCardsOwnStatusWordsThrough() throws Exception {
        VirtualPivCard piv = new VirtualPivCard(VirtualPivCard.KeyAlgorithm.RSA_2048, PIN, 3);
        try (VpcdCard card = VpcdCard.insert(piv, pcscd.slotPort(1))) {
            awaitCard(pcscd.readerName(1));
            try (org.thinspice.device.smartcard.SmartcardConnection c = pcsc.connect(pcscd.readerName(1))) {
                byte[] select = HEX.parseHex(SELECT_PIV);
                assertEquals("9000", sw(c.transparent().transmit(select)));
                byte[] first = c.transparent().transmit(HEX.parseHex(GET_CERT_9A));
                assertEquals(258, first.length, "256 bytes and 61xx, as the card gave them");
                assertEquals(0x61, first[256] & 0xFF);
                byte[] rest = c.transparent().transmit(HEX.parseHex("00c00000" + HEX.toHexDigits(first[257])));
                assertTrue(rest.length >= 2);
                byte[] assembled = c.transmit(HEX.parseHex(GET_CERT_9A));
                assertEquals("9000", sw(assembled), "the ordinary transmit still assembles the answer");
                assertTrue(assembled.length > 258, "assembled: " + assembled.length + " bytes");
                assertEquals(HEX.formatHex(assembled, 0, 256), HEX.formatHex(first, 0, 256));
                byte[] leOne = c.transparent().transmit(HEX.parseHex("00cb3fff055c035fc10501"));
                assertEquals(3, leOne.length, "Le 1: one byte and 61xx: " + HEX.formatHex(leOne));
                assertEquals(0x61, leOne[1] & 0xFF);
            }
        }
    }

    private static void awaitCard(String reader) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (pcsc.readers().stream().anyMatch(r -> r.name().equals(reader) && r.cardPresent())) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no card in " + reader + " within 20 s: " + pcsc.readers());
    }

    @Test
    void withoutTheSharePolicyNoSmartcardChannelIsOpened() throws Exception {
        Recorder events = new Recorder();
        List<ChannelType> opened = new CopyOnWriteArrayList<>();
        try (QemuSpiceServer qemu = QemuSpiceServer.builder().noGuest().smartcard().start()) {
            SpiceSession session = SpiceSession.connect(SpiceConnectOptions.builder().host(qemu.host()).port(qemu.port())
                    .smartcard(id -> new SharedCardReader(pcsc, name -> true, events))
                    .build(), new SpiceListener() {
                        @Override
                        public void onChannelOpened(ChannelType type, int id) {
                            opened.add(type);
                        }
                    }).get(30, TimeUnit.SECONDS);
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (!opened.contains(ChannelType.DISPLAY) && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                assertTrue(opened.contains(ChannelType.DISPLAY), "the session came up: " + opened);
                Thread.sleep(2000); // a smartcard channel, had it been opened, would have linked by now
                assertTrue(session.mainChannel() != null);
                assertNull(session.smartcard(0), "policy none: the engine opened no smartcard channel");
                assertTrue(!opened.contains(ChannelType.SMARTCARD), opened.toString());
                assertTrue(!smartcardChannelListed(qemu), "QMP query-spice lists no smartcard channel: "
                        + qemu.qmp().querySpice());
                assertTrue(events.all.isEmpty(), "the reader was never asked: " + events.all);
            } finally {
                session.close();
            }
        }
    }

    /** Whether spice-server lists a client channel of type 8 (QMP query-spice), an oracle from outside. */
    private static boolean smartcardChannelListed(QemuSpiceServer qemu) throws Exception {
        for (JsonElement c : qemu.qmp().querySpice().getAsJsonArray("channels")) {
            if (c.getAsJsonObject().get("channel-type").getAsInt() == 8) {
                return true;
            }
        }
        return false;
    }

    private static String verify(String pin) {
        byte[] padded = new byte[8];
        java.util.Arrays.fill(padded, (byte) 0xFF);
        byte[] p = pin.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(p, 0, padded, 0, p.length);
        return "0020008008" + HEX.formatHex(padded);
    }

    /** GENERAL AUTHENTICATE, ECC P-256 (11), slot 9A: 7C { 82 00, 81 hash }, Le 00. */
    private static String generalAuthenticate(byte[] hash) {
        return "0087119a267c24820081" + "20" + HEX.formatHex(hash) + "00";
    }

    private static String sw(byte[] answer) {
        return HEX.formatHex(answer, answer.length - 2, answer.length);
    }

    private static Matcher find(Pattern p, String out) {
        Matcher m = p.matcher(out);
        assertTrue(m.find(), "the guest printed: " + out);
        return m;
    }

    /** The answers of the guest's {@code apdu:} steps, each checked to have gone through (bStatus 0, no error). */
    private static List<String> answers(String out) {
        List<String> list = new java.util.ArrayList<>();
        Matcher m = APDU.matcher(out);
        while (m.find()) {
            assertEquals("0 0", m.group(1) + " " + m.group(2), "CCID bStatus and bError: " + m.group());
            list.add(m.group(3));
        }
        return list;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
