package org.thinspice.device.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.thinspice.device.backends.sim.HidKeyboard;
import org.thinspice.device.usbredir.UsbStatus;
import org.thinspice.device.usbredir.UsbredirPacket.*;

/** Interrupt receiving with the simulated keyboard: host-numbered report packets, stop, detach. */
class InterruptReceivingTest {
    @Test
    void keyReportsFlowWhileReceivingAndStopAfter() throws Exception {
        FakeGuest guest = new FakeGuest();
        UsbredirHost host = new UsbredirHost("kbd", guest::fromHost, new HostEvents() { });
        guest.host = host;
        HidKeyboard kbd = new HidKeyboard();
        host.start();
        host.attach(kbd);
        guest.hello();
        assertEquals(1, guest.last(DeviceConnect.class).speed(), "full speed");
        assertEquals(EpInfo.TYPE_INTERRUPT, guest.last(EpInfo.class).epType()[17]);

        guest.send(5, new ControlPacket(0x80, 6, 0x80, 0, 0x0200, 0, 255, new byte[0]));
        byte[] config = guest.last(ControlPacket.class).data();
        assertEquals(9 + 9 + 9 + 7, config.length, "configuration with its HID descriptor");
        assertEquals(0x21, config[19], "HID descriptor after the interface");
        guest.send(6, new ControlPacket(0x80, 6, 0x81, 0, 0x2200, 0, 255, new byte[0]));
        assertEquals(63, guest.last(ControlPacket.class).data().length, "boot keyboard report descriptor");
        guest.send(7, new ControlPacket(0x00, 0x09, 0x21, 0, 0x0200, 0, 1, new byte[] {2}));
        assertEquals(2, kbd.leds(), "caps lock LED from SET_REPORT");

        guest.got.clear();
        guest.send(8, new StartInterruptReceiving(0x81));
        assertEquals(new InterruptReceivingStatus(UsbStatus.SUCCESS, 0x81), guest.last(InterruptReceivingStatus.class));
        assertEquals(8, guest.got.get(0).id());
        kbd.press(0x04);
        kbd.release(0x04);
        List<FakeGuest.Got> reports = guest.got.stream().filter(g -> g.packet() instanceof InterruptPacket).toList();
        assertEquals(2, reports.size());
        assertEquals(0, reports.get(0).id(), "the host numbers its own ids from 0");
        assertEquals(1, reports.get(1).id());
        assertArrayEquals(new byte[] {0, 0, 4, 0, 0, 0, 0, 0}, ((InterruptPacket) reports.get(0).packet()).data());
        assertArrayEquals(new byte[8], ((InterruptPacket) reports.get(1).packet()).data());

        guest.send(9, new StopInterruptReceiving(0x81));
        guest.got.clear();
        kbd.press(0x05);
        assertTrue(guest.got.isEmpty(), "nothing after stop: " + guest.got);

        guest.send(10, new StartInterruptReceiving(0x83));
        assertEquals(UsbStatus.INVAL, guest.last(InterruptReceivingStatus.class).status(), "no such endpoint");
        guest.send(11, new StartInterruptReceiving(0x81));
        host.detach("test");
        guest.got.clear();
        kbd.release(0x05);
        assertTrue(guest.got.isEmpty(), "nothing after detach");
    }

    /** A keyboard whose endpoint stalls, as a real device's can: the host is told through its sink. */
    private static final class StallingKeyboard implements org.thinspice.device.backends.UsbDevice {
        final HidKeyboard kbd = new HidKeyboard();
        volatile InterruptSink sink;

        @Override
        public int startInterruptReceiving(int endpoint, InterruptSink s) {
            sink = s;
            return kbd.startInterruptReceiving(endpoint, s);
        }

        @Override
        public void stopInterruptReceiving(int endpoint) {
            kbd.stopInterruptReceiving(endpoint);
        }

        @Override
        public org.thinspice.device.backends.UsbDeviceInfo info() {
            return kbd.info();
        }

        @Override
        public void open(org.thinspice.device.backends.UsbDeviceListener l)
                throws org.thinspice.device.backends.UsbBackendException {
            kbd.open(l);
        }

        @Override
        public void reset() throws org.thinspice.device.backends.UsbBackendException {
            kbd.reset();
        }

        @Override
        public int setConfiguration(int c) {
            return kbd.setConfiguration(c);
        }

        @Override
        public int configuration() {
            return kbd.configuration();
        }

        @Override
        public int setAltSetting(int i, int alt) {
            return kbd.setAltSetting(i, alt);
        }

        @Override
        public int altSetting(int i) {
            return kbd.altSetting(i);
        }

        @Override
        public void submit(org.thinspice.device.backends.UsbTransfer t, TransferDone done) {
            kbd.submit(t, done);
        }

        @Override
        public void cancel(long id) {
            kbd.cancel(id);
        }

        @Override
        public void close() {
            kbd.close();
        }
    }

    @Test
    void aDeviceThatStopsReceivingOnItsOwnTellsTheGuestUnasked() throws Exception {
        FakeGuest guest = new FakeGuest();
        UsbredirHost host = new UsbredirHost("kbd", guest::fromHost, new HostEvents() { });
        guest.host = host;
        StallingKeyboard kbd = new StallingKeyboard();
        host.start();
        host.attach(kbd);
        guest.hello();
        guest.send(8, new StartInterruptReceiving(0x81));
        kbd.kbd.press(0x04);
        guest.got.clear();
        kbd.sink.stopped(UsbStatus.STALL);
        assertEquals(new InterruptReceivingStatus(UsbStatus.STALL, 0x81), guest.last(InterruptReceivingStatus.class),
                "QEMU marks the endpoint stopped on a stall and starts it again after the guest clears the halt");
        assertEquals(0, guest.got.get(0).id(), "unsolicited: id 0");
        guest.got.clear();
        kbd.sink.stopped(UsbStatus.STALL);
        assertTrue(guest.got.isEmpty(), "said once: the endpoint is no longer being received");
        guest.send(9, new StartInterruptReceiving(0x81));
        guest.got.clear();
        kbd.kbd.release(0x04);
        List<FakeGuest.Got> reports = guest.got.stream().filter(g -> g.packet() instanceof InterruptPacket).toList();
        assertEquals(1, reports.size(), "received again once restarted");
        assertEquals(0, reports.get(0).id(), "ids start again at 0");
    }
}
