package org.thinspice.device.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.thinspice.testbed.QemuSpiceServer;

/**
 * The tiny guest's side of a redirected keyboard: its evdev node, a reader started on it, and the KEY_A
 * press and release that reader must see.
 */
final class GuestKeyboard {
    private final QemuSpiceServer qemu;
    private final String node;

    private GuestKeyboard(QemuSpiceServer qemu, String node) {
        this.qemu = qemu;
        this.node = node;
    }

    /** Waits up to 60 s for the guest's input device named {@code name}; {@code more} adds to a failure's report. */
    static GuestKeyboard await(QemuSpiceServer qemu, String name, Supplier<String> more) throws Exception {
        String handlers = qemu.console().run("i=0; while ! grep -q '" + name + "' /proc/bus/input/devices "
                + "&& [ $i -lt 300 ]; do sleep 0.2; i=$((i+1)); done; "
                + "grep -A5 '" + name + "' /proc/bus/input/devices | grep Handlers", Duration.ofSeconds(90));
        Matcher m = Pattern.compile("event(\\d+)").matcher(handlers);
        if (!m.find()) {
            throw new AssertionError("the guest has no input device for the keyboard: " + handlers + "\n"
                    + qemu.console().run("cat /proc/bus/input/devices; cat /proc/modules | cut -d' ' -f1 | "
                            + "tr '\\n' ' '; dmesg | tail -n 25", Duration.ofSeconds(20))
                    + "\ninfo usb: " + qemu.qmp().hmp("info usb") + "\n" + more.get());
        }
        return new GuestKeyboard(qemu, "/dev/input/event" + m.group(1));
    }

    /** Starts reading six events (MSC_SCAN, KEY_A, SYN for the press, the same for the release; 24 bytes each). */
    void startReading() throws Exception {
        qemu.console().run("dd if=" + node + " bs=24 count=6 2>/dev/null | od -An -tx1 -v > /tmp/ev &",
                Duration.ofSeconds(20));
    }

    /** Waits up to 10 s for what the reader got; asserts KEY_A (30) pressed and released, {@code more} in the message. */
    void assertKeyA(Supplier<String> more) throws Exception {
        String ev = "";
        for (int i = 0; i < 50 && !ev.contains("00"); i++) {
            Thread.sleep(200);
            ev = qemu.console().run("cat /tmp/ev", Duration.ofSeconds(20));
        }
        String flat = ev.replaceAll("\\s+", " ");
        if (!flat.contains("01 00 1e 00 01 00 00 00") || !flat.contains("01 00 1e 00 00 00 00 00")) {
            assertTrue(false, "KEY_A (30) pressed and released on " + node + ": " + ev + more.get());
        }
    }
}
