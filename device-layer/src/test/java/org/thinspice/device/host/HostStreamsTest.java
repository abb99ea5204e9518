package org.thinspice.device.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.thinspice.device.backends.UsbDevice;
import org.thinspice.device.backends.sim.BulkLoopbackDevice;
import org.thinspice.device.backends.sim.IsoLoopbackDevice;
import org.thinspice.device.usbredir.UsbStatus;
import org.thinspice.device.usbredir.UsbredirPacket;
import org.thinspice.device.usbredir.UsbredirPacket.*;
import org.thinspice.device.usbredir.UsbredirProtocolException;

/** Bulk receiving and isochronous streams in the host, with the loopback devices behind it. */
class HostStreamsTest {
    private final FakeGuest guest = new FakeGuest();
    private UsbredirHost host;

    private void connect(UsbDevice d) throws Exception {
        host = new UsbredirHost("test", guest::fromHost, new HostEvents() { });
        guest.host = host;
        host.start();
        host.attach(d);
        guest.hello();
        guest.send(1, new SetConfiguration(1));
        guest.got.clear();
    }

    private static byte[] pattern(int n, int seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private <T extends UsbredirPacket> List<FakeGuest.Got> all(Class<T> type) {
        return guest.got.stream().filter(g -> type.isInstance(g.packet())).toList();
    }

    @Test
    void bulkReceivingSendsBufferedPacketsNumberedFromZeroUntilStopped() throws Exception {
        BulkLoopbackDevice loop = BulkLoopbackDevice.serialLike();
        connect(loop);
        guest.send(7, new StartBulkReceiving(0, 2048, 0x81, 3));
        assertEquals(new BulkReceivingStatus(0, 0x81, UsbStatus.SUCCESS), guest.last(BulkReceivingStatus.class));
        assertEquals(7, guest.got.get(0).id(), "the status answers the request's id");
        assertEquals(1, host.streamsRunning());
        byte[] data = pattern(5000, 1);
        guest.send(8, new BulkPacket(0x01, 0, data.length, 0, data));
        List<FakeGuest.Got> got = all(BufferedBulkPacket.class);
        assertEquals(List.of(0L, 1L, 2L), got.stream().map(FakeGuest.Got::id).toList());
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        for (FakeGuest.Got g : got) {
            BufferedBulkPacket p = (BufferedBulkPacket) g.packet();
            assertEquals(0x81, p.endpoint());
            assertEquals(UsbStatus.SUCCESS, p.status());
            assertEquals(p.data().length, p.length());
            in.writeBytes(p.data());
        }
        assertArrayEquals(data, in.toByteArray(), "2048 + 2048 + 904 bytes, in order");
        assertEquals(3, host.bufferedBulkPacketsSent());

        guest.got.clear();
        guest.send(9, new StopBulkReceiving(0, 0x81));
        assertEquals(new BulkReceivingStatus(0, 0x81, UsbStatus.SUCCESS), guest.last(BulkReceivingStatus.class));
        assertEquals(0, host.streamsRunning());
        guest.send(10, new BulkPacket(0x01, 0, 100, 0, pattern(100, 2)));
        assertTrue(all(BufferedBulkPacket.class).isEmpty(), "nothing after stop: " + guest.packets());
        guest.send(11, new BulkPacket(0x81, 0, 512, 0, new byte[0]));
        assertEquals(100, guest.last(BulkPacket.class).length(), "the endpoint works as plain bulk again");
    }

    @Test
    void badBulkReceivingRequestsAreRefusedWithInval() throws Exception {
        connect(BulkLoopbackDevice.serialLike());
        guest.send(1, new StartBulkReceiving(0, 1000, 0x81, 3)); // not a multiple of 512
        guest.send(2, new StartBulkReceiving(0, 128 * 1024 + 512, 0x81, 3)); // over 128 KiB
        guest.send(3, new StartBulkReceiving(0, 512, 0x81, 0));
        guest.send(4, new StartBulkReceiving(0, 512, 0x81, 17));
        guest.send(5, new StartBulkReceiving(0, 512, 0x83, 1)); // no such endpoint
        guest.send(6, new StartBulkReceiving(0, 512, 0x81, 1));
        guest.send(7, new StartBulkReceiving(0, 512, 0x81, 1)); // already receiving
        assertEquals(List.of(2, 2, 2, 2, 2, 0, 2), all(BulkReceivingStatus.class).stream()
                .map(g -> ((BulkReceivingStatus) g.packet()).status()).toList());
        assertEquals(1, host.streamsRunning());
    }

    @Test
    void aStalledBulkReceivingTransferEndsTheStreamWithAStatus() throws Exception {
        BulkLoopbackDevice loop = BulkLoopbackDevice.serialLike();
        connect(loop);
        guest.send(2, new StartBulkReceiving(5, 512, 0x81, 1));
        // SET_FEATURE(ENDPOINT_HALT) on 0x81: the transfer already waiting still completes, the next stalls.
        guest.send(3, new ControlPacket(0x00, 3, 0x02, 0, 0, 0x81, 0, new byte[0]));
        guest.send(4, new BulkPacket(0x01, 0, 10, 0, pattern(10, 3)));
        assertEquals(10, guest.last(BufferedBulkPacket.class).length());
        assertEquals(new BulkReceivingStatus(5, 0x81, UsbStatus.STALL), guest.last(BulkReceivingStatus.class));
        assertEquals(0, host.streamsRunning());
    }

    @Test
    void isoStreamsCarryTheGuestsPacketsToTheDeviceAndFramesBack() throws Exception {
        IsoLoopbackDevice iso = new IsoLoopbackDevice();
        connect(iso);
        guest.send(20, new StartIsoStream(0x02, 4, 2));
        guest.send(21, new StartIsoStream(0x81, 4, 2));
        assertEquals(List.of(new IsoStreamStatus(0, 0x02), new IsoStreamStatus(0, 0x81)), guest.packets());
        assertEquals(List.of(20L, 21L), guest.got.stream().map(FakeGuest.Got::id).toList());
        assertEquals(8, iso.waitingIn(), "4 packets x 2 URBs in flight");
        byte[] out = pattern(3 * IsoLoopbackDevice.PACKET, 4);
        for (int i = 0; i < 3; i++) {
            byte[] pkt = Arrays.copyOfRange(out, i * IsoLoopbackDevice.PACKET, (i + 1) * IsoLoopbackDevice.PACKET);
            guest.send(30 + i, new IsoPacket(0x02, 0, pkt.length, pkt));
        }
        assertEquals(2, guest.got.size(), "iso OUT packets are not answered");
        assertEquals(out.length, iso.received());
        guest.got.clear();
        for (int i = 0; i < 4; i++) {
            iso.frame();
        }
        List<FakeGuest.Got> got = all(IsoPacket.class);
        assertEquals(List.of(0L, 1L, 2L, 3L), got.stream().map(FakeGuest.Got::id).toList());
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        got.forEach(g -> in.writeBytes(((IsoPacket) g.packet()).data()));
        assertArrayEquals(out, in.toByteArray(), "three full packets, then an empty frame");
        assertEquals(0, ((IsoPacket) got.get(3).packet()).length());
        assertEquals(8, iso.waitingIn(), "each completion was resubmitted");
        assertEquals(iso.receivedCrc(), iso.sentCrc());

        guest.got.clear();
        guest.send(40, new StopIsoStream(0x81));
        assertEquals(new IsoStreamStatus(0, 0x81), guest.last(IsoStreamStatus.class));
        assertEquals(0, iso.waitingIn());
        iso.frame();
        assertTrue(all(IsoPacket.class).isEmpty());
        assertEquals(1, host.streamsRunning(), "the OUT stream still runs");
        guest.send(41, new Reset());
        assertEquals(0, host.streamsRunning(), "a reset ends every stream");
    }

    @Test
    void badIsoRequestsAreRefusedWithInval() throws Exception {
        IsoLoopbackDevice iso = new IsoLoopbackDevice();
        connect(iso);
        guest.send(1, new StartIsoStream(0x81, 0, 2));
        guest.send(2, new StartIsoStream(0x81, 33, 2));
        guest.send(3, new StartIsoStream(0x81, 4, 0));
        guest.send(4, new StartIsoStream(0x81, 4, 17));
        guest.send(5, new StartIsoStream(0x83, 4, 2));
        guest.send(6, new StartIsoStream(0x81, 32, 16));
        guest.send(7, new StartIsoStream(0x81, 1, 1));
        assertEquals(List.of(2, 2, 2, 2, 2, 0, 2), all(IsoStreamStatus.class).stream()
                .map(g -> ((IsoStreamStatus) g.packet()).status()).toList());
        assertEquals(512, iso.waitingIn(), "32 x 16 is the most one stream holds");
        guest.send(8, new IsoPacket(0x02, 0, 4, new byte[4]));
        assertEquals(0, iso.received(), "iso OUT without a stream is dropped");
        host.detach("test");
        assertEquals(0, iso.waitingIn(), "detach cancels the stream's transfers");
    }

    @Test
    void bulkReceivingOnAStickWithoutTheDeviceConnectedIsInval() throws Exception {
        host = new UsbredirHost("test", guest::fromHost, new HostEvents() { });
        guest.host = host;
        host.start();
        guest.hello();
        guest.send(1, new StartBulkReceiving(0, 512, 0x81, 1));
        guest.send(2, new StartIsoStream(0x81, 1, 1));
        assertEquals(UsbStatus.INVAL, guest.last(BulkReceivingStatus.class).status());
        assertEquals(UsbStatus.INVAL, guest.last(IsoStreamStatus.class).status());
    }

    @Test
    void idsAboveTwoToTheSixtyThreeAreTheHostsOwn() throws Exception {
        connect(BulkLoopbackDevice.serialLike());
        UsbredirProtocolException e = assertThrows(UsbredirProtocolException.class,
                () -> guest.send(-5, new BulkPacket(0x81, 0, 512, 0, new byte[0])));
        assertTrue(e.getMessage().contains("2^63"), e.getMessage());
    }

    @Test
    void lz4IsOffOnTheChannelWhileAnIsoDeviceIsConnected() throws Exception {
        List<Boolean> compress = new ArrayList<>();
        UsbredirChannelPort port = new UsbredirChannelPort(0, new IsoLoopbackDevice(), new HostEvents() { });
        port.onOpened(new org.thinspice.engine.usbredir.UsbredirOutput() {
            @Override
            public void write(byte[] data) {
                guest.fromHost(data);
            }

            @Override
            public void compress(boolean allowed) {
                compress.add(allowed);
            }

            @Override
            public void close() {
            }
        });
        byte[] hello = guest.writer.write(0, new Hello("fake qemu", FakeGuest.QEMU_CAPS));
        port.onData(hello, 0, hello.length);
        assertEquals(List.of(false), compress, "off once the iso device is connected");
        port.host().detach("test");
        assertEquals(List.of(false, true), compress, "on again when it is gone");
    }

    /** The same guest stream fed whole, byte by byte and in random pieces gives the same host output. */
    @Test
    void anySplitOfTheGuestsBytesGivesTheSameAnswers() throws Exception {
        byte[] script = streamsScript();
        byte[] whole = run(script, new int[] {script.length});
        int[] ones = new int[script.length];
        Arrays.fill(ones, 1);
        assertArrayEquals(whole, run(script, ones), "byte by byte");
        Random r = new Random(9);
        for (int round = 0; round < 20; round++) {
            List<Integer> cuts = new ArrayList<>();
            for (int left = script.length; left > 0; ) {
                int n = Math.min(left, 1 + r.nextInt(300));
                cuts.add(n);
                left -= n;
            }
            assertArrayEquals(whole, run(script, cuts.stream().mapToInt(Integer::intValue).toArray()),
                    "split " + cuts);
        }
        assertTrue(whole.length > 5000, "the script made the host send data: " + whole.length);
    }

    /** Guest bytes: hello, configuration, bulk receiving on, 5000 bytes out, stop, iso not possible here. */
    private static byte[] streamsScript() throws Exception {
        FakeGuest g = new FakeGuest();
        ByteArrayOutputStream s = new ByteArrayOutputStream();
        s.writeBytes(g.writer.write(0, new Hello("fake qemu", FakeGuest.QEMU_CAPS)));
        int hostCaps = org.thinspice.device.usbredir.UsbredirCaps.HOST_DEFAULT;
        g.fromHost(new org.thinspice.device.usbredir.UsbredirWriter(org.thinspice.device.usbredir.Role.HOST,
                new org.thinspice.device.usbredir.Negotiation(hostCaps)).write(0, new Hello("host", hostCaps)));
        s.writeBytes(g.writer.write(1, new SetConfiguration(1)));
        s.writeBytes(g.writer.write(2, new StartBulkReceiving(0, 1024, 0x81, 4)));
        byte[] d = pattern(5000, 7);
        s.writeBytes(g.writer.write(3, new BulkPacket(0x01, 0, d.length, 0, d)));
        s.writeBytes(g.writer.write(4, new StartIsoStream(0x81, 4, 2)));
        s.writeBytes(g.writer.write(5, new StopBulkReceiving(0, 0x81)));
        s.writeBytes(g.writer.write(6, new BulkPacket(0x01, 0, 10, 0, new byte[10])));
        s.writeBytes(g.writer.write(7, new BulkPacket(0x81, 0, 512, 0, new byte[0])));
        return s.toByteArray();
    }

    private static byte[] run(byte[] script, int[] pieces) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        UsbredirHost h = new UsbredirHost("split", out::writeBytes, new HostEvents() { });
        h.start();
        h.attach(BulkLoopbackDevice.serialLike());
        int at = 0;
        for (int n : pieces) {
            h.receive(script, at, n);
            at += n;
        }
        h.close();
        return out.toByteArray();
    }
}
