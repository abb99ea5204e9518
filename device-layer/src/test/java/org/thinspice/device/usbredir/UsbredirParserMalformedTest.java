package org.thinspice.device.usbredir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.junit.jupiter.api.Test;

/** Hostile guest input: every case is a typed error with a sentence naming the problem, before any big allocation. */
class UsbredirParserMalformedTest {
    private static byte[] header(int type, long length, long id) {
        return ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putInt(type).putInt((int) length)
                .putLong(id).array();
    }

    private static UsbredirParser helloDone() throws UsbredirProtocolException {
        Negotiation n = new Negotiation(UsbredirCaps.HOST_DEFAULT);
        UsbredirParser p = new UsbredirParser(Role.HOST, n, 1 << 20, (id, x) -> { });
        p.feed(new UsbredirWriter(Role.GUEST, new Negotiation(0xFE)).write(0, new UsbredirPacket.Hello("g", 0xFE)));
        return p;
    }

    private static String fails(UsbredirParser p, byte[] bytes) {
        return assertThrows(UsbredirProtocolException.class, () -> p.feed(bytes)).getMessage();
    }

    @Test
    void packetBeforeHello() {
        UsbredirParser p = new UsbredirParser(Role.HOST, new Negotiation(UsbredirCaps.HOST_DEFAULT), (id, x) -> { });
        byte[] reset = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putInt(3).putInt(0).putInt(1).array();
        assertTrue(fails(p, reset).contains("RESET before hello"));
    }

    @Test
    void unknownType() throws Exception {
        assertTrue(fails(helloDone(), header(55, 0, 1)).contains("unknown usbredir packet type 55"));
        assertTrue(fails(helloDone(), header(0x7FFFFFFF, 0, 1)).contains("unknown"));
    }

    @Test
    void oversizedLengthFailsAtTheHeaderWithoutAllocating() throws Exception {
        // 4 GiB - 1 claimed: rejected from the 16 header bytes alone.
        String m = fails(helloDone(), header(101, 0xFFFFFFFFL, 1));
        assertTrue(m.contains("exceeds the 1048576-byte limit"), m);
    }

    @Test
    void lengthShorterThanTypeHeader() throws Exception {
        String m = fails(helloDone(), header(100, 3, 1));
        assertTrue(m.contains("shorter than its 10-byte header"), m);
    }

    @Test
    void payloadWhereNoneIsAllowed() throws Exception {
        String m = fails(helloDone(), header(6, 5, 1));
        assertTrue(m.contains("SET_CONFIGURATION carries 4 unexpected bytes"), m);
    }

    @Test
    void packetTheGuestMayNotSend() throws Exception {
        String m = fails(helloDone(), header(1, 10, 1));
        assertTrue(m.contains("DEVICE_CONNECT may not be sent by the usb-guest"), m);
    }

    @Test
    void dataAgainstTheDirection() throws Exception {
        // An IN bulk request from the guest must not carry data.
        ByteBuffer b = ByteBuffer.allocate(16 + 10 + 4).order(ByteOrder.LITTLE_ENDIAN);
        b.put(header(101, 14, 9)).put((byte) 0x81).put((byte) 0).putShort((short) 4).putInt(0).putShort((short) 0)
                .putInt(0);
        String m = fails(helloDone(), b.array());
        assertTrue(m.contains("against the data direction"), m);
    }

    @Test
    void dataLengthDisagreesWithHeader() throws Exception {
        ByteBuffer b = ByteBuffer.allocate(16 + 10 + 4).order(ByteOrder.LITTLE_ENDIAN);
        b.put(header(101, 14, 9)).put((byte) 0x02).put((byte) 0).putShort((short) 8).putInt(0).putShort((short) 0)
                .putInt(0);
        String m = fails(helloDone(), b.array());
        assertTrue(m.contains("says 8 bytes but carries 4"), m);
    }

    @Test
    void interfaceCountOverLimit() throws Exception {
        Negotiation n = new Negotiation(UsbredirCaps.HOST_DEFAULT);
        UsbredirParser guestSide = new UsbredirParser(Role.GUEST, new Negotiation(0xFE), (id, x) -> { });
        guestSide.feed(new UsbredirWriter(Role.HOST, n).write(0, new UsbredirPacket.Hello("h", UsbredirCaps.HOST_DEFAULT)));
        ByteBuffer b = ByteBuffer.allocate(16 + 132).order(ByteOrder.LITTLE_ENDIAN);
        b.put(header(4, 132, 0)).putInt(33);
        String m = assertThrows(UsbredirProtocolException.class, () -> guestSide.feed(b.array())).getMessage();
        assertTrue(m.contains("33 interfaces"), m);
    }

    @Test
    void helloWithBrokenCapsOrHugeCapsArray() {
        UsbredirParser p = new UsbredirParser(Role.HOST, new Negotiation(UsbredirCaps.HOST_DEFAULT), (id, x) -> { });
        byte[] h = ByteBuffer.allocate(12 + 66).order(ByteOrder.LITTLE_ENDIAN).putInt(0).putInt(66).putInt(0).array();
        assertTrue(fails(p, h).contains("not whole words"));
        UsbredirParser q = new UsbredirParser(Role.HOST, new Negotiation(UsbredirCaps.HOST_DEFAULT), (id, x) -> { });
        byte[] big = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putInt(0).putInt(64 + 4096).putInt(0)
                .array();
        assertTrue(fails(q, big).contains("exceeds"));
    }

    @Test
    void filterMustBeNulTerminatedAndBounded() throws Exception {
        ByteBuffer b = ByteBuffer.allocate(16 + 3).order(ByteOrder.LITTLE_ENDIAN).put(header(23, 3, 0)).put("abc".getBytes());
        assertTrue(fails(helloDone(), b.array()).contains("not NUL-terminated"));
        assertTrue(fails(helloDone(), header(23, 1 << 20, 0)).contains("exceeds"));
    }

    @Test
    void packetNeedingACapabilityThisSideLacks() throws Exception {
        // bulk streams (cap 0) are not announced by this host.
        String m = fails(helloDone(), ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN)
                .put(header(18, 8, 0)).putLong(0).array());
        assertTrue(m.contains("without capability 0"), m);
    }

    @Test
    void firstErrorIsFinal() throws Exception {
        UsbredirParser p = helloDone();
        fails(p, header(55, 0, 1));
        assertTrue(fails(p, new byte[] {0}).contains("unknown"));
        assertEquals(1, p.packets(), "only the hello was delivered");
    }
}
