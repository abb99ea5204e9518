package org.thinspice.device.vsc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class VscCodecTest {
    private static final HexFormat HEX = HexFormat.of();

    private static List<VscMessage> all() {
        return List.of(VscMessage.init(0), VscMessage.readerAdd("Thinspice VPCD 00 00"), VscMessage.error(0, VscMessage.SUCCESS),
                VscMessage.error(VscMessage.UNDEFINED_READER, VscMessage.CANNOT_ADD_MORE_READERS),
                VscMessage.atr(0, HEX.parseHex("3b858001545350495620")), VscMessage.apdu(0, HEX.parseHex("00a4040005a000000308")),
                VscMessage.apdu(0, new byte[5000]), VscMessage.cardRemove(0), VscMessage.readerRemove(0),
                new VscMessage(VscType.FLUSH, 0, new byte[0]), VscMessage.flushComplete(0));
    }

    @Test
    void spiceOrderIsLittleEndianAndChardevOrderIsNetworkOrder() {
        assertEquals("03000000ffffffff0100000072", HEX.formatHex(VscCodec.spice().encode(VscMessage.readerAdd("r"))));
        assertEquals("000000020000000000000004" + "00000000",
                HEX.formatHex(new VscCodec(ByteOrder.BIG_ENDIAN).encode(VscMessage.error(0, 0))));
        assertEquals("02000000010000000400000002000000", HEX.formatHex(VscCodec.spice().encode(VscMessage.error(1, 2))));
        // Init: "VSCD" read as a little-endian u32, so the bytes are VSCD on SPICE and DCSV in network order
        byte[] le = VscCodec.spice().encode(VscMessage.init(0));
        byte[] be = new VscCodec(ByteOrder.BIG_ENDIAN).encode(VscMessage.init(0));
        assertEquals("VSCD", new String(le, 12, 4, java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals("DCSV", new String(be, 12, 4, java.nio.charset.StandardCharsets.US_ASCII));
    }

    @Test
    void everyTypeRoundTripsInBothOrdersWholeAndInRandomPieces() throws Exception {
        Random rnd = new Random(15);
        for (ByteOrder order : List.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN)) {
            ByteArrayOutputStream stream = new ByteArrayOutputStream();
            VscCodec enc = new VscCodec(order);
            for (VscMessage m : all()) {
                stream.writeBytes(enc.encode(m));
            }
            byte[] bytes = stream.toByteArray();
            VscCodec whole = new VscCodec(order);
            List<VscMessage> got = whole.decode(bytes, 0, bytes.length);
            assertRoundTrip(enc, got);
            for (int round = 0; round < 20; round++) {
                VscCodec pieces = new VscCodec(order);
                List<VscMessage> out = new ArrayList<>();
                for (int at = 0; at < bytes.length; ) {
                    int n = Math.min(bytes.length - at, round == 0 ? 1 : 1 + rnd.nextInt(40));
                    out.addAll(pieces.decode(bytes, at, n));
                    at += n;
                }
                assertEquals(got, out);
            }
        }
    }

    private static void assertRoundTrip(VscCodec enc, List<VscMessage> got) {
        List<VscMessage> want = all();
        assertEquals(want.size(), got.size());
        for (int i = 0; i < want.size(); i++) {
            if (want.get(i).type() == VscType.INIT) {
                assertArrayEquals(enc.encode(want.get(i)), enc.encode(got.get(i)));
                assertEquals(12, got.get(i).payload().length);
            } else {
                assertEquals(want.get(i), got.get(i));
            }
        }
        assertEquals(VscMessage.CANNOT_ADD_MORE_READERS, got.get(3).errorCode());
        assertEquals("Thinspice VPCD 00 00", got.get(1).readerName());
    }

    @Test
    void malformedStreamsAreRefusedBeforeAllocationAndTheFirstErrorIsFinal() {
        List<String> bad = List.of(
                "0a000000000000000000000000", // type 10
                "07000000000000000100010000", // APDU announcing 65537 bytes
                "02000000000000000300000000000000", // Error with 3 bytes
                "05000000000000000200000011 22", // ATR not starting 3B/3F
                "070000000000000000000000", // empty APDU
                "06000000000000000100000000", // CardRemove with a payload
                "010000000000000008000000 00000000 02000000"); // Init without magic
        for (String h : bad) {
            byte[] b = HEX.parseHex(h.replace(" ", ""));
            VscCodec c = VscCodec.spice();
            VscProtocolException e = assertThrows(VscProtocolException.class, () -> c.decode(b, 0, b.length), h);
            assertTrue(e.getMessage().contains("VSC"), e.getMessage());
            VscProtocolException again = assertThrows(VscProtocolException.class,
                    () -> c.decode(VscCodec.spice().encode(VscMessage.cardRemove(0)), 0, 12));
            assertSame(e, again);
        }
    }

    @Test
    void toStringNeverShowsThePayload() {
        String s = VscMessage.apdu(0, HEX.parseHex("0020008008313233343536ffff")).toString();
        assertEquals("VscMessage[APDU, reader 0, 13 bytes]", s);
    }
}
