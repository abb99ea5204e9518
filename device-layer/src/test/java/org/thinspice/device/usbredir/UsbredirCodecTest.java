package org.thinspice.device.usbredir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.thinspice.device.usbredir.UsbredirPacket.*;

class UsbredirCodecTest {
    private static final int QEMU_CAPS = 0xF6; // bits 1,2,4,5,6,7 as QEMU 7.2 announces, its parser adds 3

    private static int[] filled(int seed) {
        int[] a = new int[32];
        for (int i = 0; i < 32; i++) {
            a[i] = (seed + i * 7) & 0xFF;
        }
        return a;
    }

    /** Every packet a host sends, with values that exercise every field. */
    static List<UsbredirPacket> hostPackets() {
        int[] mps = new int[32];
        for (int i = 0; i < 32; i++) {
            mps[i] = 64 + i * 16;
        }
        return List.of(
                new DeviceConnect(2, 0, 0, 0, 0x1d6b, 0x0104, 0x0123),
                new DeviceDisconnect(),
                new InterfaceInfo(2, filled(0), filled(1), filled(2), filled(3)),
                new EpInfo(filled(4), filled(5), filled(6), mps, new long[32]),
                new ConfigurationStatus(0, 1),
                new AltSettingStatus(4, 1, 2),
                new IsoStreamStatus(4, 0x81),
                new InterruptReceivingStatus(0, 0x83),
                new FilterFilter("0x03,-1,-1,-1,0|-1,-1,-1,-1,1"),
                new BulkReceivingStatus(7, 0x81, 0),
                new ControlPacket(0x80, 6, 0x80, 0, 0x0100, 0, 18, bytes(18)),
                new ControlPacket(0x00, 9, 0x00, 0, 1, 0, 0, new byte[0]),
                new BulkPacket(0x81, 0, 70000, 0, bytes(70000)),
                new BulkPacket(0x02, 0, 31, 0, new byte[0]),
                new IsoPacket(0x81, 0, 192, bytes(192)),
                new InterruptPacket(0x83, 0, 8, bytes(8)),
                new BufferedBulkPacket(3, 4096, 0x81, 0, bytes(4096)));
    }

    static List<UsbredirPacket> guestPackets() {
        return List.of(
                new Reset(), new SetConfiguration(1), new GetConfiguration(), new SetAltSetting(1, 2),
                new GetAltSetting(1), new StartIsoStream(0x81, 32, 16), new StopIsoStream(0x81),
                new StartInterruptReceiving(0x83), new StopInterruptReceiving(0x83), new CancelDataPacket(),
                new FilterReject(), new FilterFilter("-1,-1,-1,-1,1"), new DeviceDisconnectAck(),
                new StartBulkReceiving(5, 16384, 0x81, 8), new StopBulkReceiving(5, 0x81),
                new ControlPacket(0x80, 6, 0x80, 0, 0x0200, 0, 255, new byte[0]),
                new ControlPacket(0x00, 0xFF, 0x21, 0, 0, 0, 4, bytes(4)),
                new BulkPacket(0x02, 0, 65536 + 31, 0, bytes(65536 + 31)),
                new BulkPacket(0x81, 0, 131072, 0, new byte[0]),
                new IsoPacket(0x01, 0, 64, bytes(64)),
                new InterruptPacket(0x02, 0, 8, bytes(8)),
                new InterruptPacket(0x83, 0, 8, new byte[0]));
    }

    static byte[] bytes(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    @Test
    void everyHostPacketRoundTripsWholeAndByteByByte() throws Exception {
        UsbredirPairs pair = new UsbredirPairs(UsbredirCaps.HOST_DEFAULT, QEMU_CAPS | UsbredirCaps.bit(3));
        assertEquals(16, pair.hostN.headerLength(), "both have 64-bit ids");
        List<UsbredirPacket> sent = hostPackets();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        long id = 1L << 40; // needs the 64-bit header
        for (UsbredirPacket p : sent) {
            all.writeBytes(pair.hostWriter.write(id++, p));
        }
        byte[] stream = all.toByteArray();
        for (int i = 0; i < stream.length; i++) {
            pair.guestParser.feed(stream, i, 1);
        }
        assertSame(sent, pair.atGuest, 1L << 40);
    }

    @Test
    void everyGuestPacketRoundTripsUnderRandomSplits() throws Exception {
        Random r = new Random(42);
        for (int round = 0; round < 20; round++) {
            UsbredirPairs pair = new UsbredirPairs(UsbredirCaps.HOST_DEFAULT, QEMU_CAPS);
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            List<UsbredirPacket> sent = guestPackets();
            long id = 7;
            for (UsbredirPacket p : sent) {
                all.writeBytes(pair.guestWriter.write(id++, p));
            }
            byte[] stream = all.toByteArray();
            int at = 0;
            while (at < stream.length) {
                int n = Math.min(stream.length - at, 1 + r.nextInt(r.nextBoolean() ? 20 : 70000));
                pair.hostParser.feed(stream, at, n);
                at += n;
            }
            assertSame(sent, pair.atHost, 7);
        }
    }

    @Test
    void withoutOptionalCapsTheOldLayoutsAreUsed() throws Exception {
        // A guest with no capabilities: 12-byte headers, 8-byte device_connect, 96-byte ep_info, 16-bit bulk.
        UsbredirPairs pair = new UsbredirPairs(UsbredirCaps.HOST_DEFAULT, 0);
        assertEquals(12, pair.hostN.headerLength());
        assertEquals(8, pair.hostN.typeHeaderLength(PacketType.DEVICE_CONNECT));
        assertEquals(96, pair.hostN.typeHeaderLength(PacketType.EP_INFO));
        assertEquals(8, pair.hostN.typeHeaderLength(PacketType.BULK_PACKET));
        byte[] connect = pair.hostWriter.write(0, new DeviceConnect(1, 8, 6, 80, 0x1234, 0x5678, 0x0100));
        assertEquals(12 + 8, connect.length);
        pair.guestParser.feed(connect);
        DeviceConnect c = (DeviceConnect) pair.atGuest.get(0).packet();
        assertEquals(0x5678, c.productId());
        assertEquals(0, c.deviceVersionBcd(), "no version without connect_device_version");
        byte[] bulk = pair.hostWriter.write(3, new BulkPacket(0x81, 0, 512, 0, bytes(512)));
        assertEquals(12 + 8 + 512, bulk.length);
    }

    @Test
    void helloCarriesVersionAndCaps() throws Exception {
        Negotiation n = new Negotiation(UsbredirCaps.HOST_DEFAULT);
        byte[] hello = new UsbredirWriter(Role.GUEST, new Negotiation(QEMU_CAPS))
                .write(0, new Hello("qemu usb-redir guest 7.2.22", QEMU_CAPS));
        assertEquals(12 + 64 + 4, hello.length);
        List<UsbredirPacket> got = new ArrayList<>();
        new UsbredirParser(Role.HOST, n, (id, p) -> got.add(p)).feed(hello);
        Hello h = (Hello) got.get(0);
        assertEquals("qemu usb-redir guest 7.2.22", h.version());
        assertEquals(QEMU_CAPS, h.caps());
        assertTrue(n.both(UsbredirCaps.IDS_64BITS));
        assertEquals(QEMU_CAPS, n.peer());
    }

    @Test
    void secondHelloIsIgnored() throws Exception {
        UsbredirPairs pair = new UsbredirPairs(UsbredirCaps.HOST_DEFAULT, QEMU_CAPS);
        pair.hostParser.feed(pair.guestWriter.write(0, new Hello("again", 0)));
        assertTrue(pair.atHost.isEmpty(), "a second hello is not delivered");
        assertEquals(QEMU_CAPS, pair.hostN.peer());
    }

    @Test
    void bulkStreamsCapNeedsEpInfoMaxPacketSize() {
        assertEquals(0x02, UsbredirCaps.normalize(0x03));
        assertEquals(0x11, UsbredirCaps.normalize(0x11));
    }

    static void assertSame(List<UsbredirPacket> sent, List<UsbredirPairs.Received> got, long firstId) {
        assertEquals(sent.size(), got.size());
        for (int i = 0; i < sent.size(); i++) {
            UsbredirPacket a = sent.get(i);
            UsbredirPacket b = got.get(i).packet();
            assertEquals(firstId + i, got.get(i).id(), "id of " + a.type());
            assertInstanceOf(a.getClass(), b);
            assertEquals(describe(a), describe(b), a.type().toString());
        }
    }

    /** Records with arrays compare by identity; compare their rendered fields instead. */
    static String describe(UsbredirPacket p) {
        StringBuilder s = new StringBuilder(p.type().toString());
        for (var c : p.getClass().getRecordComponents()) {
            try {
                Object v = c.getAccessor().invoke(p);
                s.append(' ').append(c.getName()).append('=');
                if (v instanceof int[] a) {
                    s.append(java.util.Arrays.toString(a));
                } else if (v instanceof long[] a) {
                    s.append(java.util.Arrays.toString(a));
                } else if (v instanceof byte[] a) {
                    s.append(a.length).append(':').append(java.util.Arrays.hashCode(a));
                } else {
                    s.append(v);
                }
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
        }
        return s.toString();
    }

    @Test
    void writerRefusesWhatTheRoleMayNotSend() throws Exception {
        UsbredirPairs pair = new UsbredirPairs(UsbredirCaps.HOST_DEFAULT, QEMU_CAPS);
        assertThrows(IllegalArgumentException.class, () -> pair.hostWriter.write(1, new Reset()));
        UsbredirWriter early = new UsbredirWriter(Role.HOST, new Negotiation(UsbredirCaps.HOST_DEFAULT));
        assertThrows(IllegalStateException.class, () -> early.write(1, new DeviceDisconnect()));
    }
}
