package org.thinspice.device.it;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.thinspice.device.backends.sim.HidKeyboard;
import org.thinspice.device.host.HostEvents;
import org.thinspice.device.host.UsbredirChannelPort;
import org.thinspice.engine.SpiceConnectOptions;
import org.thinspice.engine.SpiceSession;
import org.thinspice.testbed.QemuSpiceServer;

/**
 * The simulated keyboard through interrupt receiving: the guest's usbhid binds it (an input device
 * named after its strings) and a key pressed here arrives as KEY_A press and release on its evdev node.
 */
class UsbKeyboardIT {
    @Test
    void keyPressReachesTheGuestsInputLayer() throws Exception {
        HidKeyboard kbd = new HidKeyboard();
        UsbredirChannelPort port = new UsbredirChannelPort(0, kbd, new HostEvents() { });
        try (QemuSpiceServer qemu = QemuSpiceServer.builder().tinyGuest("none").usbRedir(1)
                .startTimeout(Duration.ofSeconds(60)).start()) {
            qemu.awaitGuestReady(Duration.ofSeconds(150));
            SpiceSession session = SpiceSession.connect(SpiceConnectOptions.builder().host(qemu.host())
                    .port(qemu.port()).usbredir(id -> id == 0 ? port : null).build(), null).get(30, TimeUnit.SECONDS);
            try {
                GuestKeyboard guest = GuestKeyboard.await(qemu, "Simulated keyboard", () -> "");
                guest.startReading();
                Thread.sleep(500);
                kbd.press(0x04);
                Thread.sleep(100);
                kbd.release(0x04);
                guest.assertKeyA(() -> "");
            } finally {
                session.close();
            }
        }
    }
}
