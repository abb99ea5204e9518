package org.thinspice.device.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.thinspice.device.backends.UsbDeviceInfo;
import org.thinspice.device.backends.sim.BulkLoopbackDevice;
import org.thinspice.device.backends.sim.MassStorageStick;
import org.thinspice.device.backends.sim.RamBlockStore;
import org.thinspice.device.host.HostEvents;
import org.thinspice.device.host.UsbredirChannelPort;
import org.thinspice.engine.SpiceConnectOptions;
import org.thinspice.engine.SpiceSession;
import org.thinspice.testbed.QemuSpiceServer;

/**
 * QEMU's usb-redir {@code filter=} denies mass storage: the stick is refused on this side before
 * anything reaches QEMU ({@code info usb} shows no device attached), while a device the filter allows,
 * on the other channel, is attached.
 */
class UsbPolicyIT {
    @Test
    void aDeviceTheDesktopsFilterDeniesNeverReachesQemu() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        HostEvents log = new HostEvents() {
            @Override
            public void onGuestFilter(String rules) {
                events.add("filter " + rules);
            }

            @Override
            public void onConnected(UsbDeviceInfo d) {
                events.add("connected " + d.id());
            }

            @Override
            public void onRefused(UsbDeviceInfo d, String reason) {
                events.add("refused " + d.id() + ": " + reason);
            }
        };
        MassStorageStick stick = new MassStorageStick(new RamBlockStore(2048), "DENIED");
        UsbredirChannelPort denied = new UsbredirChannelPort(0, null, log);
        UsbredirChannelPort allowed = new UsbredirChannelPort(1, null, log);
        try (QemuSpiceServer qemu = QemuSpiceServer.builder().noGuest().usbRedir(2)
                .usbRedirFilter("0x08:-1:-1:-1:0|-1:-1:-1:-1:1").start()) {
            String before = qemu.qmp().hmp("info usb");
            SpiceSession session = SpiceSession.connect(SpiceConnectOptions.builder().host(qemu.host())
                    .port(qemu.port()).usbredir(id -> id == 0 ? denied : id == 1 ? allowed : null).build(), null)
                    .get(30, TimeUnit.SECONDS);
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while ((denied.host() == null || denied.host().guestFilter() == null) && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertTrue(denied.host() != null && denied.host().guestFilter() != null, "QEMU sent its filter: "
                        + events);
                assertEquals("0x08,-1,-1,-1,0|-1,-1,-1,-1,1", denied.host().guestFilter().toString());
                denied.host().attach(stick);
                assertTrue(events.contains("refused 1209:0001: refused by the desktop's USB filter"), events.toString());
                assertFalse(stick.isOpen(), "the refused stick is released");
                allowed.host().attach(new BulkLoopbackDevice());
                String after = "";
                while (!after.contains("480 Mb/s") && System.nanoTime() < deadline + TimeUnit.SECONDS.toNanos(10)) {
                    Thread.sleep(100);
                    after = qemu.qmp().hmp("info usb");
                }
                assertTrue(events.contains("connected 1209:0002"), events.toString());
                String redir1 = line(after, "redir1");
                assertEquals(line(before, "redir1"), redir1, "redir1 is as before: nothing was attached there");
                assertTrue(line(after, "redir2").contains("480 Mb/s"), "the allowed device is attached:\n" + after);
            } finally {
                session.close();
            }
        }
    }

    private static String line(String infoUsb, String id) {
        return infoUsb.lines().filter(l -> l.contains("ID: " + id)).findFirst().orElse("(no " + id + ")").trim();
    }
}
