package org.thinspice.engine.smartcard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.thinspice.engine.SpiceException;
import org.thinspice.engine.SpiceProtocolException;
import org.thinspice.engine.SpiceReason;
import org.thinspice.engine.channel.OutgoingMessage;
import org.thinspice.engine.channel.SpiceMessage;
import org.thinspice.engine.link.Caps;
import org.thinspice.engine.link.LinkReply;
import org.thinspice.engine.vv.VvConnect;
import org.thinspice.engine.vv.VvFile;

class SmartcardChannelTest {
    /** A VSC message in SPICE's little-endian order. */
    static byte[] vsc(int type, int reader, byte[] payload) {
        return ByteBuffer.allocate(12 + payload.length).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(type).putInt(reader).putInt(payload.length).put(payload).array();
    }

    static final class Recorder implements SmartcardReader {
        final List<byte[]> got = new ArrayList<>();
        SmartcardOutput out;
        boolean closed;

        @Override
        public void onOpened(SmartcardOutput out) {
            this.out = out;
        }

        @Override
        public void onMessage(byte[] vscMessage) {
            got.add(vscMessage);
        }

        @Override
        public void onClosed() {
            closed = true;
        }
    }

    private static final LinkReply REPLY = new LinkReply(new byte[0], Caps.of(), Caps.of());

    @Test
    void wholeMessagesGoEachWayAsMessage101() throws Exception {
        Recorder rec = new Recorder();
        SmartcardChannel ch = new SmartcardChannel(0, rec);
        List<OutgoingMessage> sent = new ArrayList<>();
        ch.onLinked(REPLY, sent::add);
        byte[] readerAdd = vsc(3, -1, "Thinspice VPCD 00 00".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        rec.out.send(readerAdd);
        assertEquals(1, sent.size());
        assertEquals(101, sent.get(0).type());
        assertArrayEquals(readerAdd, sent.get(0).body(), "one VSC message is one SPICE message, untouched");
        byte[] ack = vsc(2, 0, new byte[4]);
        ch.onMessage(new SpiceMessage(101, ack), sent::add);
        ch.onMessage(new SpiceMessage(99, new byte[] {1, 2, 3}), sent::add);
        assertEquals(1, rec.got.size(), "only message 101 carries VSC");
        assertArrayEquals(ack, rec.got.get(0));
        assertEquals(1, ch.messagesIn());
        assertEquals(1, ch.messagesOut());
        ch.onClosed();
        assertTrue(rec.closed);
    }

    @Test
    void messagesSplitAcrossOrPackedIntoSpiceMessagesAreReassembled() throws Exception {
        List<byte[]> msgs = List.of(vsc(7, 0, new byte[] {0, (byte) 0xA4, 4, 0, 9}), vsc(6, 0, new byte[0]),
                vsc(7, 0, new byte[3000]), vsc(2, 0, new byte[4]));
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        msgs.forEach(all::writeBytes);
        byte[] stream = all.toByteArray();
        Random r = new Random(15);
        for (int round = 0; round < 200; round++) {
            Recorder rec = new Recorder();
            SmartcardChannel ch = new SmartcardChannel(0, rec);
            ch.onLinked(REPLY, m -> { });
            int at = 0;
            while (at < stream.length) {
                int n = round == 0 ? 1 : Math.min(stream.length - at, 1 + r.nextInt(round < 100 ? 16 : 4000));
                ch.onMessage(new SpiceMessage(101, java.util.Arrays.copyOfRange(stream, at, at + n)), m -> { });
                at += n;
            }
            assertEquals(msgs.size(), rec.got.size(), "round " + round);
            for (int i = 0; i < msgs.size(); i++) {
                assertArrayEquals(msgs.get(i), rec.got.get(i), "round " + round + " message " + i);
            }
        }
    }

    @Test
    void anOversizedLengthIsRefusedBeforeAllocationAndTheErrorIsFinal() throws Exception {
        VscFramer f = new VscFramer();
        byte[] head = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putInt(7).putInt(0)
                .putInt(VscFramer.MAX_PAYLOAD + 1).array();
        SpiceProtocolException e = assertThrows(SpiceProtocolException.class, () -> f.feed(head, 0, 12));
        assertTrue(e.getMessage().contains("65525"), e.getMessage());
        assertThrows(SpiceProtocolException.class, () -> f.feed(vsc(2, 0, new byte[4]), 0, 16), "first error is final");
        byte[] huge = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putInt(7).putInt(0).putInt(-1).array();
        assertThrows(SpiceProtocolException.class, () -> new VscFramer().feed(huge, 0, 12), "4 GiB - 1 announced");
        VscFramer max = new VscFramer();
        byte[] biggest = vsc(7, 0, new byte[VscFramer.MAX_PAYLOAD]);
        assertEquals(1, max.feed(biggest, 0, biggest.length).size(), "the cap itself passes");
    }

    @Test
    void whatTheReaderSendsMustBeOneWellFramedMessage() throws Exception {
        Recorder rec = new Recorder();
        SmartcardChannel ch = new SmartcardChannel(0, rec);
        List<OutgoingMessage> sent = new ArrayList<>();
        ch.onLinked(REPLY, sent::add);
        assertThrows(IllegalArgumentException.class, () -> rec.out.send(new byte[11]));
        byte[] two = new byte[32];
        System.arraycopy(vsc(6, 0, new byte[0]), 0, two, 0, 12);
        System.arraycopy(vsc(6, 0, new byte[0]), 0, two, 12, 12);
        assertThrows(IllegalArgumentException.class, () -> rec.out.send(two), "two messages in one");
        byte[] shortOne = java.util.Arrays.copyOf(vsc(7, 0, new byte[8]), 15);
        assertThrows(IllegalArgumentException.class, () -> rec.out.send(shortOne));
        assertThrows(IllegalArgumentException.class, () -> rec.out.send(vsc(7, 0, new byte[VscFramer.MAX_PAYLOAD + 1])));
        assertTrue(sent.isEmpty());
    }

    @Test
    void theVvThinspiceGroupSaysWhetherTheCardIsShared() throws Exception {
        String base = "[virt-viewer]\ntype=spice\nhost=127.0.0.1\nport=5900\n";
        assertEquals(SmartcardPolicy.NONE, VvConnect.options(VvFile.parse(new StringReader(base))).build()
                .smartcardPolicy(), "not shared unless the file says so");
        assertEquals(SmartcardPolicy.SHARE, VvConnect.options(VvFile.parse(new StringReader(
                base + "[thinspice]\nsmartcard=share\n"))).build().smartcardPolicy());
        assertEquals(SmartcardPolicy.NONE, VvConnect.options(VvFile.parse(new StringReader(
                base + "[thinspice]\nsmartcard=none\n"))).build().smartcardPolicy());
        SpiceException e = assertThrows(SpiceException.class, () -> VvConnect.options(VvFile.parse(new StringReader(
                base + "[thinspice]\nsmartcard=yes\n"))));
        assertEquals(SpiceReason.BAD_CONNECTION_FILE, e.reason());
        assertTrue(e.getMessage().contains("share or none"), e.getMessage());
    }
}
