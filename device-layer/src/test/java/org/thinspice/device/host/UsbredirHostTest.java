package org.thinspice.device.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.thinspice.device.backends.UsbDeviceInfo;
import org.thinspice.device.backends.sim.MassStorageStick;
import org.thinspice.device.backends.sim.RamBlockStore;
import org.thinspice.device.usbredir.UsbStatus;
import org.thinspice.device.usbredir.UsbredirPacket.*;
import org.thinspice.device.usbredir.UsbredirProtocolException;

class UsbredirHostTest {
    private FakeGuest guest;
    private UsbredirHost host;
    private MassStorageStick stick;
    private final List<String> events = new ArrayList<>();

    @BeforeEach
    void setUp() {
        guest = new FakeGuest();
        host = new UsbredirHost("test", guest::fromHost, new HostEvents() {
            @Override
            public void onConnected(UsbDeviceInfo d) {
                events.add("connected " + d.id());
            }

            @Override
            public void onRefused(UsbDeviceInfo d, String reason) {
                events.add("refused " + d.id() + ": " + reason);
            }

            @Override
            public void onDisconnected(UsbDeviceInfo d, String reason) {
                events.add("disconnected " + d.id() + ": " + reason);
            }
        });
        guest.host = host;
        stick = new MassStorageStick(new RamBlockStore(2048), "TS0001");
    }

    private void connect() throws Exception {
        host.start();
        host.attach(stick);
        assertTrue(guest.got.size() == 1, "only hello before the guest's hello: " + guest.packets());
        guest.hello();
        assertEquals(List.of(Hello.class, InterfaceInfo.class, EpInfo.class, DeviceConnect.class),
                guest.packets().stream().map(Object::getClass).toList());
        guest.got.clear();
    }

    @Test
    void attachWaitsForTheGuestHelloThenAnnouncesTheDevice() throws Exception {
        host.start();
        host.attach(stick);
        guest.hello();
        DeviceConnect c = guest.last(DeviceConnect.class);
        assertEquals(MassStorageStick.VENDOR_ID, c.vendorId());
        assertEquals(2, c.speed());
        assertEquals(0x0100, c.deviceVersionBcd(), "connect_device_version negotiated");
        InterfaceInfo i = guest.last(InterfaceInfo.class);
        assertEquals(1, i.count());
        assertEquals(0x08, i.interfaceClass()[0]);
        EpInfo e = guest.last(EpInfo.class);
        assertEquals(EpInfo.TYPE_BULK, e.epType()[17], "bulk IN 0x81 at index 17");
        assertEquals(EpInfo.TYPE_BULK, e.epType()[2]);
        assertEquals(512, e.maxPacketSize()[17]);
        assertEquals(EpInfo.TYPE_INVALID, e.epType()[3]);
        assertEquals(List.of("connected 1209:0001"), events);
    }

    @Test
    void enumerationRequestsAreAnsweredWithTheirIds() throws Exception {
        connect();
        guest.send(11, new ControlPacket(0x80, 6, 0x80, 0, 0x0100, 0, 64, new byte[0]));
        ControlPacket dev = guest.last(ControlPacket.class);
        assertEquals(11, guest.got.get(0).id());
        assertEquals(18, dev.length());
        assertEquals(0x09, dev.data()[8] & 0xFF); // idVendor low byte 0x1209
        guest.send(12, new ControlPacket(0x80, 6, 0x80, 0, 0x0200, 0, 255, new byte[0]));
        assertEquals(32, guest.last(ControlPacket.class).length(), "config + interface + 2 endpoints");
        guest.send(13, new ControlPacket(0x80, 6, 0x80, 0, 0x0302, 0x0409, 255, new byte[0]));
        byte[] product = guest.last(ControlPacket.class).data();
        assertEquals("Simulated USB stick", new String(product, 2, product.length - 2,
                java.nio.charset.StandardCharsets.UTF_16LE));
        guest.send(14, new ControlPacket(0x80, 6, 0x80, 0, 0x0F00, 0, 5, new byte[0]));
        assertEquals(UsbStatus.STALL, guest.last(ControlPacket.class).status(), "no BOS descriptor: stall");
        guest.got.clear();
        guest.send(15, new SetConfiguration(1));
        assertEquals(List.of(InterfaceInfo.class, EpInfo.class, ConfigurationStatus.class),
                guest.packets().stream().map(Object::getClass).toList(), "ep and interface info before the status");
        assertEquals(new ConfigurationStatus(0, 1), guest.last(ConfigurationStatus.class));
        guest.send(16, new ControlPacket(0x80, 0xFE, 0xA1, 0, 0, 0, 1, new byte[0]));
        assertArrayEquals(new byte[] {0}, guest.last(ControlPacket.class).data(), "GET MAX LUN");
    }

    static byte[] cbw(int tag, int length, boolean in, byte... cdb) {
        ByteBuffer b = ByteBuffer.allocate(31).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x43425355).putInt(tag).putInt(length).put((byte) (in ? 0x80 : 0)).put((byte) 0)
                .put((byte) cdb.length).put(cdb);
        return b.array();
    }

    private byte[] bulkIn(long id, int length) throws UsbredirProtocolException {
        guest.send(id, new BulkPacket(0x81, 0, length, 0, new byte[0]));
        BulkPacket r = guest.last(BulkPacket.class);
        assertEquals(0, r.status());
        return r.data();
    }

    private void bulkOut(long id, byte[] data) throws UsbredirProtocolException {
        guest.send(id, new BulkPacket(0x02, 0, data.length, 0, data));
        assertEquals(UsbStatus.SUCCESS, guest.last(BulkPacket.class).status());
    }

    private int csw(long id, int tag) throws UsbredirProtocolException {
        ByteBuffer c = ByteBuffer.wrap(bulkIn(id, 13)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0x53425355, c.getInt());
        assertEquals(tag, c.getInt());
        c.getInt();
        return c.get();
    }

    @Test
    void scsiThroughBulkOnlyTransport() throws Exception {
        connect();
        guest.send(1, new SetConfiguration(1));
        bulkOut(2, cbw(1, 36, true, (byte) 0x12, (byte) 0, (byte) 0, (byte) 0, (byte) 36, (byte) 0));
        byte[] inquiry = bulkIn(3, 36);
        assertEquals("thinspic", new String(inquiry, 8, 8));
        assertEquals(0, csw(4, 1));

        bulkOut(5, cbw(2, 8, true, new byte[] {0x25, 0, 0, 0, 0, 0, 0, 0, 0, 0}));
        ByteBuffer cap = ByteBuffer.wrap(bulkIn(6, 8));
        assertEquals(2047, cap.getInt(), "last LBA of a 1 MiB disk");
        assertEquals(512, cap.getInt());
        assertEquals(0, csw(7, 2));

        byte[] pattern = new byte[8192];
        new Random(5).nextBytes(pattern);
        bulkOut(8, cbw(3, 8192, false, new byte[] {0x2A, 0, 0, 0, 0, 100, 0, 0, 16, 0}));
        bulkOut(9, java.util.Arrays.copyOfRange(pattern, 0, 5000));
        bulkOut(10, java.util.Arrays.copyOfRange(pattern, 5000, 8192));
        assertEquals(0, csw(11, 3));
        assertEquals(8192, stick.bytesWritten());

        bulkOut(12, cbw(4, 8192, true, new byte[] {0x28, 0, 0, 0, 0, 100, 0, 0, 16, 0}));
        byte[] back = new byte[8192];
        System.arraycopy(bulkIn(13, 4096), 0, back, 0, 4096);
        System.arraycopy(bulkIn(14, 4096), 0, back, 4096, 4096);
        assertArrayEquals(pattern, back);
        assertEquals(0, csw(15, 4));

        // Out of range: CHECK CONDITION, then REQUEST SENSE says ILLEGAL REQUEST / LBA out of range.
        bulkOut(16, cbw(5, 512, true, new byte[] {0x28, 0, 0, 0, 0x10, 0, 0, 0, 1, 0}));
        assertEquals(0, bulkIn(17, 512).length, "no data for a failed command");
        assertEquals(1, csw(18, 5));
        bulkOut(19, cbw(6, 18, true, new byte[] {0x03, 0, 0, 0, 18, 0}));
        byte[] sense = bulkIn(20, 18);
        assertEquals(0x05, sense[2]);
        assertEquals(0x21, sense[12]);
        assertEquals(0, csw(21, 6));
    }

    @Test
    void cancelAnswersAtOnceAndAFloodOfStrayCancelsIsFatal() throws Exception {
        connect();
        guest.send(1, new SetConfiguration(1));
        guest.send(50, new BulkPacket(0x81, 0, 13, 0, new byte[0])); // waits: no command yet
        assertEquals(1, host.inFlight());
        guest.got.clear();
        guest.send(50, new CancelDataPacket());
        BulkPacket r = guest.last(BulkPacket.class);
        assertEquals(50, guest.got.get(0).id());
        assertEquals(UsbStatus.CANCELLED, r.status());
        assertEquals(0, host.inFlight());
        for (int i = 0; i < UsbredirHost.MAX_STRAY_CANCELS; i++) {
            guest.send(1000 + i, new CancelDataPacket());
        }
        UsbredirProtocolException e = assertThrows(UsbredirProtocolException.class,
                () -> guest.send(99999, new CancelDataPacket()));
        assertTrue(e.getMessage().contains("flood"), e.getMessage());
    }

    @Test
    void detachSendsDisconnectAndTheNextDeviceWaitsForTheAck() throws Exception {
        connect();
        host.detach("user returned it");
        assertInstanceOf(DeviceDisconnect.class, guest.got.get(0).packet());
        assertFalse(stick.isOpen());
        guest.got.clear();
        MassStorageStick second = new MassStorageStick(new RamBlockStore(64), "TS0002");
        host.attach(second);
        assertTrue(guest.got.isEmpty(), "nothing before the guest acknowledged the disconnect");
        guest.send(0, new DeviceDisconnectAck());
        assertInstanceOf(DeviceConnect.class, guest.got.get(2).packet());
        assertEquals("disconnected 1209:0001: user returned it", events.get(1));
    }

    @Test
    void unplugDisconnectsAndDropsInFlightTransfers() throws Exception {
        connect();
        guest.send(1, new SetConfiguration(1));
        guest.send(2, new BulkPacket(0x81, 0, 13, 0, new byte[0]));
        guest.got.clear();
        stick.unplug();
        assertEquals(List.of(DeviceDisconnect.class), guest.packets().stream().map(Object::getClass).toList());
        assertEquals(0, host.inFlight());
        guest.send(3, new BulkPacket(0x81, 0, 13, 0, new byte[0]));
        assertEquals(UsbStatus.IOERROR, guest.last(BulkPacket.class).status(), "no device: I/O error");
    }

    @Test
    void guestFilterIsHonouredBeforeConnecting() throws Exception {
        host.start();
        guest.hello();
        guest.send(0, new FilterFilter("0x08,-1,-1,-1,0|-1,-1,-1,-1,1"));
        host.attach(stick);
        assertTrue(guest.packets().stream().noneMatch(p -> p instanceof DeviceConnect));
        assertTrue(events.get(0).startsWith("refused 1209:0001"), events.toString());
        assertFalse(stick.isOpen());
    }

    @Test
    void filterRejectFromTheGuestReleasesTheDevice() throws Exception {
        connect();
        guest.send(0, new FilterReject());
        assertFalse(host.connected());
        assertFalse(stick.isOpen());
        assertTrue(events.get(1).startsWith("refused"), events.toString());
    }
}
