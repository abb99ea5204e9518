package org.thinspice.device.vsc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.thinspice.device.piv.PivClient;
import org.thinspice.device.smartcard.SmartcardException;
import org.thinspice.testbed.VirtualPivCard;

/** The bridge against a scripted host playing QEMU's passthru (acks, APDUs, flush), with the in-memory PIV card. */
class VscReaderBridgeTest {
    private static final HexFormat HEX = HexFormat.of();
    private final List<VscMessage> sent = new ArrayList<>();
    private final VscCodec hostSide = VscCodec.spice();
    private final List<String> events = new ArrayList<>();
    private final VscReaderBridge bridge = new VscReaderBridge("Thinspice VPCD 00 00", VscCodec.spice(), bytes -> {
        try {
            sent.addAll(hostSide.decode(bytes, 0, bytes.length));
        } catch (VscProtocolException e) {
            throw new AssertionError(e);
        }
    }, new VscReaderBridge.Events() {
        @Override
        public void onRefused(VscType what, long code) {
            events.add("refused " + what + " " + code);
        }

        @Override
        public void onReaderAdded(long readerId) {
            events.add("reader " + readerId);
        }
    });

    private void host(VscMessage m) throws VscProtocolException {
        byte[] b = VscCodec.spice().encode(m);
        bridge.receive(b, 0, b.length);
    }

    private VscMessage last() {
        return sent.get(sent.size() - 1);
    }

    @Test
    void controlMessagesWaitForTheirAckAndApdusReachTheCard() throws Exception {
        VirtualPivCard card = new VirtualPivCard(VirtualPivCard.KeyAlgorithm.EC_P256, "123456", 3);
        bridge.start();
        bridge.cardInserted(card.atr(), card::process); // queued behind ReaderAdd
        assertEquals(List.of(VscMessage.readerAdd("Thinspice VPCD 00 00")), sent);
        host(VscMessage.error(3, VscMessage.SUCCESS)); // the server assigned id 3
        assertEquals(List.of("reader 3"), events);
        assertEquals(VscMessage.atr(3, card.atr()), last());
        host(VscMessage.error(3, VscMessage.SUCCESS));
        // the guest's SELECT PIV
        host(VscMessage.apdu(3, HEX.parseHex("00a404000ba000000308000010000100" + "00")));
        VscMessage r = last();
        assertEquals(VscType.APDU, r.type());
        byte[] resp = r.payload();
        assertEquals("9000", HEX.formatHex(resp, resp.length - 2, resp.length));
        host(new VscMessage(VscType.FLUSH, 3, new byte[0]));
        assertEquals(VscMessage.flushComplete(3), last());
        bridge.cardRemoved();
        assertEquals(VscMessage.cardRemove(3), last());
        host(VscMessage.error(3, VscMessage.SUCCESS));
        host(VscMessage.apdu(3, HEX.parseHex("00a4040005a000000308")));
        assertEquals(VscMessage.error(3, VscMessage.GENERAL_ERROR), last());
        bridge.stop();
        assertEquals(VscMessage.readerRemove(3), last());
        host(VscMessage.error(3, VscMessage.SUCCESS));
    }

    @Test
    void aFailingCardBecomesAnErrorAndARefusalIsReported() throws Exception {
        bridge.start();
        host(VscMessage.error(VscMessage.UNDEFINED_READER, VscMessage.CANNOT_ADD_MORE_READERS));
        assertEquals(List.of("refused READER_ADD 2"), events);
        bridge.cardInserted(VirtualPivCard.ATR, cmd -> {
            throw new SmartcardException(SmartcardException.Kind.CARD_REMOVED, "gone");
        });
        host(VscMessage.error(0, VscMessage.SUCCESS));
        host(VscMessage.apdu(0, new byte[] {0, (byte) 0xA4, 4, 0}));
        assertEquals(VscMessage.error(VscMessage.UNDEFINED_READER, VscMessage.GENERAL_ERROR), last());
    }

    @Test
    void theHostCannotSendCardOwnerMessagesOrUnaskedAcks() {
        assertThrows(VscProtocolException.class, () -> host(VscMessage.error(0, 0)));
        VscReaderBridge other = new VscReaderBridge("r", VscCodec.spice(), b -> { }, new VscReaderBridge.Events() { });
        byte[] atr = VscCodec.spice().encode(VscMessage.atr(0, VirtualPivCard.ATR));
        assertThrows(VscProtocolException.class, () -> other.receive(atr, 0, atr.length));
    }

    @Test
    void aPivClientOnTheGuestSideSignsThroughTheBridge() throws Exception {
        // the guest's view: APDUs wrapped in VSC, through the bridge, to the card, and back
        VirtualPivCard card = new VirtualPivCard(VirtualPivCard.KeyAlgorithm.RSA_2048, "123456", 3);
        bridge.start();
        host(VscMessage.error(0, 0));
        bridge.cardInserted(card.atr(), card::process);
        host(VscMessage.error(0, 0));
        PivClient guest = new PivClient(cmd -> {
            try {
                host(VscMessage.apdu(0, cmd));
            } catch (VscProtocolException e) {
                throw new AssertionError(e);
            }
            return last().payload();
        });
        guest.select();
        guest.verifyPin("123456".toCharArray());
        byte[] sig = guest.sign(org.thinspice.device.piv.PivSlot.AUTHENTICATION,
                org.thinspice.device.piv.PivAlgorithm.RSA_2048, new byte[] {4, 2});
        java.security.Signature v = java.security.Signature.getInstance("SHA256withRSA");
        v.initVerify(card.certificate());
        v.update(new byte[] {4, 2});
        assertTrue(v.verify(sig));
        assertArrayEquals(card.certificate().getEncoded(),
                guest.readCertificate(org.thinspice.device.piv.PivSlot.AUTHENTICATION).getEncoded());
    }
}
