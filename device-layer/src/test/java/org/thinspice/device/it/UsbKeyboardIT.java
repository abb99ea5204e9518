package org.thinspice.device.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
                String handlers = qemu.console().run("i=0; while ! grep -q 'Simulated keyboard' /proc/bus/input/devices "
                        + "&& [ $i -lt 300 ]; do sleep 0.2; i=$((i+1)); done; "
                        + "grep -A5 'Simulated keyboard' /proc/bus/input/devices | grep Handlers", Duration.ofSeconds(90));
                Matcher m = Pattern.compile("event(\\d+)").matcher(handlers);
                if (!m.find()) {
                    throw new AssertionError("the guest has no input device for the keyboard: " + handlers + "\n"
                            + qemu.console().run("cat /proc/bus/input/devices; cat /proc/modules | cut -d' ' -f1 | "
                                    + "tr '\\n' ' '; dmesg | tail -n 25", Duration.ofSeconds(20))
                            + "\ninfo usb: " + qemu.qmp().hmp("info usb"));
                }
                String node = "/dev/input/event" + m.group(1);
                // Six events: MSC_SCAN, KEY_A 1, SYN for the press, the same for the release (24 bytes each).
                qemu.console().run("dd if=" + node + " bs=24 count=6 2>/dev/null | od -An -tx1 -v > /tmp/ev &",
                        Duration.ofSeconds(20));
                Thread.sleep(500);
                kbd.press(0x04);
                Thread.sleep(100);
                kbd.release(0x04);
                String ev = "";
                for (int i = 0; i < 50 && !ev.contains("00"); i++) {
                    Thread.sleep(200);
                    ev = qemu.console().run("cat /tmp/ev", Duration.ofSeconds(20));
                }
                String flat = ev.replaceAll("\\s+", " ");
                assertTrue(flat.contains("01 00 1e 00 01 00 00 00"), "KEY_A (30) pressed: " + ev);
                assertTrue(flat.contains("01 00 1e 00 00 00 00 00"), "KEY_A released: " + ev);
            } finally {
                session.close();
            }
        }
    }
}
