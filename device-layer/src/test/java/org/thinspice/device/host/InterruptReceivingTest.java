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
}
