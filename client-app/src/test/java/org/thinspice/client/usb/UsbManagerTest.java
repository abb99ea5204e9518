package org.thinspice.client.usb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thinspice.client.testing.MemoryUsbGuest;
import org.thinspice.device.backends.UsbDevice;
import org.thinspice.device.backends.UsbDeviceInfo;
import org.thinspice.device.backends.sim.BulkLoopbackDevice;
import org.thinspice.device.backends.sim.HidKeyboard;
import org.thinspice.device.backends.sim.MassStorageStick;
import org.thinspice.device.backends.sim.RamBlockStore;
import org.thinspice.device.policy.UsbPolicy;
import org.thinspice.device.usbredir.UsbredirPacket;
import org.thinspice.engine.SpiceException;
import org.thinspice.engine.SpiceReason;
import org.thinspice.engine.usbredir.UsbredirStreams;
import org.thinspice.engine.vv.VvFile;

/**
 * The manager between devices, the .vv's USB settings and usbredir channels, with the guest's side of
 * each channel played in memory (QEMU's hello and acknowledgements): what the guest is told is the oracle.
 */
class UsbManagerTest {
    @TempDir
    Path tmp;

    private final MassStorageStick stick = new MassStorageStick(new RamBlockStore(2048), "S1");
    private final HidKeyboard keyboard = new HidKeyboard();
    private final BulkLoopbackDevice loopback = new BulkLoopbackDevice();
    private final List<String> audit = new java.util.ArrayList<>();
    private final UsbAudit recorder = new UsbAudit() {
        @Override
        public void onRedirected(UsbDeviceInfo d) {
            audit.add("redirected " + d.id());
        }

        @Override
        public void onRefused(UsbDeviceInfo d, String reason) {
            audit.add("refused " + d.id() + ": " + reason);
        }

        @Override
        public void onReturned(UsbDeviceInfo d, String reason) {
            audit.add("returned " + d.id() + ": " + reason);
        }
    };

    private UsbManager manager() {
        Map<String, UsbDevice> devices = new LinkedHashMap<>();
        devices.put("sim:stick", stick);
        devices.put("sim:keyboard", keyboard);
        devices.put("sim:loopback", loopback);
        UsbSource source = new UsbSource() {
            @Override
            public Map<String, UsbDevice> scan() {
                return devices;
            }

            @Override
            public Problem problem() {
                return null;
            }

            @Override
            public boolean simulated() {
                return true;
            }

            @Override
            public void close() {
            }
        };
        return new UsbManager(List.of(source), recorder, Runnable::run);
    }

    private static UsbSettings settings(String vvLines) throws SpiceException {
        return UsbSettings.from(VvFile.parse("[virt-viewer]\ntype=spice\nhost=127.0.0.1\nport=5900\n" + vvLines));
    }

    private static UsbRow row(UsbManager m, String key) {
        return m.rows().stream().filter(r -> r.key().equals(key)).findFirst().orElseThrow();
    }

    @Test
    void matchingDevicesGoAtConnectOthersByHandReadersAndKeyboardsStay() throws Exception {
        UsbManager m = manager();
        String vendor = loopback.info().id();
        UsbredirStreams streams = m.beginSession(settings(
                "enable-usbredir=1\nenable-usb-autoshare=1\nusb-filter=0x08,-1,-1,-1,1|0xff,-1,-1,-1,0\n"));
        MemoryUsbGuest a = new MemoryUsbGuest(streams, 0);
        MemoryUsbGuest b = new MemoryUsbGuest(streams, 1);
        assertEquals(0, m.openChannels());
        a.open();
        b.open();
        assertEquals(2, m.openChannels());
        assertEquals("1209:0001", a.connected(), "the stick went in at connect");
        assertNull(b.connected(), "nothing else went: " + b.got);
        assertEquals(UsbRow.State.REDIRECTED, row(m, "sim:stick").state());
        assertEquals(UsbRow.State.REFUSED, row(m, "sim:loopback").state());
        assertEquals(UsbPolicy.Verdict.KEEP_LOCAL, row(m, "sim:keyboard").decision().verdict());
        assertEquals(UsbRow.State.LOCAL, row(m, "sim:keyboard").state());
        assertFalse(row(m, "sim:keyboard").canRedirect());
        assertTrue(row(m, "sim:stick").canReturn());
        assertEquals(List.of("refused " + vendor + ": the USB policy refuses this device", "redirected 1209:0001"), audit,
                "the refusal audited once, at connect");

        m.redirect("sim:loopback");
        assertNull(b.connected(), "a refused device never reaches the desktop");
        assertEquals("refused " + vendor + ": the USB policy refuses this device", audit.get(audit.size() - 1));
        m.redirect("sim:keyboard");
        assertNull(b.connected(), "the terminal's keyboard stays");

        m.giveBack("sim:stick");
        assertNull(a.connected(), "device_disconnect sent");
        a.send(new UsbredirPacket.DeviceDisconnectAck());
        assertEquals(UsbRow.State.LOCAL, row(m, "sim:stick").state());
        assertEquals("returned 1209:0001: returned to the terminal", audit.get(audit.size() - 1));

        m.redirect("sim:stick");
        assertTrue("1209:0001".equals(a.connected()) || "1209:0001".equals(b.connected()), "redirected by hand");
        assertEquals(UsbRow.State.REDIRECTED, row(m, "sim:stick").state());
        m.endSession();
        assertEquals(UsbRow.State.LOCAL, row(m, "sim:stick").state());
        assertEquals("returned 1209:0001: the usbredir channel closed", audit.get(audit.size() - 1));
    }

    @Test
    void withoutAutoshareNothingGoesOnItsOwnButTheUserMayRedirect() throws Exception {
        UsbManager m = manager();
        UsbredirStreams streams = m.beginSession(settings("enable-usbredir=1\nenable-usb-autoshare=0\n"));
        MemoryUsbGuest a = new MemoryUsbGuest(streams, 0);
        a.open();
        assertNull(a.connected());
        assertEquals(UsbPolicy.Verdict.REDIRECT, row(m, "sim:stick").decision().verdict());
        assertTrue(row(m, "sim:stick").canRedirect());
        m.redirect("sim:stick");
        assertEquals("1209:0001", a.connected());
        m.redirect("sim:loopback");
        assertEquals(UsbRow.State.LOCAL, row(m, "sim:loopback").state(), "one device per channel: no slot left");
        assertTrue(row(m, "sim:loopback").note().contains("every USB slot of the desktop is taken"));
    }

    @Test
    void theDesktopsOwnFilterRefusesToo() throws Exception {
        UsbManager m = manager();
        UsbredirStreams streams = m.beginSession(settings("enable-usbredir=1\nenable-usb-autoshare=0\n"));
        MemoryUsbGuest a = new MemoryUsbGuest(streams, 0);
        a.stream.onOpened(a);
        a.send(new UsbredirPacket.Hello("qemu in memory", MemoryUsbGuest.QEMU_CAPS));
        a.send(new UsbredirPacket.FilterFilter("0x08,-1,-1,-1,0|-1,-1,-1,-1,1"));
        assertEquals(UsbPolicy.Verdict.REFUSED, row(m, "sim:stick").decision().verdict());
        assertEquals(UsbRow.State.REFUSED, row(m, "sim:stick").state());
        assertEquals("the desktop's USB filter refuses this device", row(m, "sim:stick").decision().reason());
    }

    @Test
    void redirectionOffInTheFileOpensNoChannel() throws Exception {
        UsbManager m = manager();
        UsbredirStreams streams = m.beginSession(settings("enable-usbredir=0\n"));
        assertNull(streams.forChannel(0));
        assertEquals(UsbRow.State.REFUSED, row(m, "sim:stick").state());
        assertEquals("USB redirection is off for this desktop", row(m, "sim:stick").decision().reason());
    }

    @Test
    void aBadFilterInTheFileIsABadFileNamingTheRule() {
        SpiceException e = assertThrows(SpiceException.class, () -> settings("usb-filter=0x08,-1,-1,1\n"));
        assertEquals(SpiceReason.BAD_CONNECTION_FILE, e.reason());
        assertTrue(e.getMessage().contains("0x08,-1,-1,1"), e.getMessage());
    }

    @Test
    void noUsbSubsystemIsAProblemInWordsNotACrash() {
        Usb4JavaSource none = new Usb4JavaSource(tmp.resolve("no-sys-bus-usb"), () -> {
            throw new AssertionError("libusb is not touched without a USB subsystem");
        });
        UsbManager m = new UsbManager(List.of(none), recorder, Runnable::run);
        assertEquals(List.of(), m.rows());
        assertEquals(1, m.problems().size());
        assertEquals("usb.problem.noSubsystem", m.problems().get(0).key());
        assertTrue(m.problems().get(0).detail().contains("This computer has no USB subsystem"));
        m.close();
        // the real one on this computer: a sentence or devices, never an exception
        try (UsbManager real = new UsbManager(List.of(new Usb4JavaSource()), recorder, Runnable::run)) {
            if (!java.nio.file.Files.isDirectory(Path.of("/sys/bus/usb"))) {
                assertEquals("usb.problem.noSubsystem", real.problems().get(0).key());
            } else {
                assertTrue(real.problems().stream().noneMatch(p -> p.key().equals("usb.problem.noSubsystem")));
            }
        }
    }

    @Test
    void pluggedDevicesAreFoundOnRescanAndUnpluggedOnesReturned() throws Exception {
        Map<String, UsbDevice> devices = new LinkedHashMap<>();
        UsbSource source = new UsbSource() {
            @Override
            public Map<String, UsbDevice> scan() {
                return new LinkedHashMap<>(devices);
            }

            @Override
            public Problem problem() {
                return null;
            }

            @Override
            public boolean simulated() {
                return false;
            }

            @Override
            public void close() {
            }
        };
        UsbManager m = new UsbManager(List.of(source), recorder, Runnable::run);
        MemoryUsbGuest a = new MemoryUsbGuest(m.beginSession(settings("enable-usbredir=1\n")), 0);
        a.open();
        devices.put("usb:1-4", stick);
        m.rescan();
        assertEquals("1209:0001", a.connected(), "plugged in and redirected (default filter: all but HID)");
        devices.clear();
        m.rescan();
        assertNull(a.connected(), "unplugged: the desktop is told");
        assertEquals(List.of(), m.rows());
        assertEquals("returned 1209:0001: the device was unplugged", audit.get(audit.size() - 1));
    }
}
