package org.thinspice.device.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thinspice.device.backends.UsbDeviceInfo;
import org.thinspice.device.backends.usb4java.FakeLibUsb;
import org.thinspice.device.backends.usb4java.LibUsbCalls;
import org.thinspice.device.backends.usb4java.Usb4JavaBackend;

class UsbSessionCommandTest {
    @Test
    void theStickOptionIsTakenOutAndTheRestGoesToTheSession() {
        UsbSessionCommand.Split s = UsbSessionCommand.split(new String[] {"--uri", "spice://h:1", "--usb-stick",
            "a.img", "--duration-s", "5"});
        assertEquals(Path.of("a.img"), s.image());
        assertEquals(List.of("--uri", "spice://h:1", "--duration-s", "5"), s.rest());
        assertEquals(Path.of("b.img"), UsbSessionCommand.split(new String[] {"--usb-stick=b.img"}).image());
        assertEquals("0781:5567", UsbSessionCommand.split(new String[] {"--usb", "0781:5567"}).usbId());
        assertEquals("abcd:00ef", UsbSessionCommand.split(new String[] {"--usb=ABCD:00EF"}).usbId());
        assertThrows(IllegalArgumentException.class, () -> UsbSessionCommand.split(new String[] {"--usb", "1:2"}));
        assertThrows(IllegalArgumentException.class, () -> UsbSessionCommand.split(new String[] {"--usb", "0781:5567",
            "--usb-stick", "a.img"}));
        assertThrows(IllegalArgumentException.class, () -> UsbSessionCommand.split(new String[] {"--uri", "x"}));
        assertThrows(IllegalArgumentException.class, () -> UsbSessionCommand.split(new String[] {"--usb-stick"}));
    }

    @Test
    void aMissingImageIsAnErrorInWords() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = UsbSessionCommand.run(new String[] {"--uri", "spice://127.0.0.1:1", "--usb-stick",
            "/nonexistent/stick.img"}, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true));
        assertEquals(2, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("no such file: /nonexistent/stick.img"));
    }

    @TempDir
    Path tmp;

    private static String[] usb(String id) {
        return new String[] {"--uri", "spice://127.0.0.1:1", "--usb", id};
    }

    private static String runWith(String[] args, UsbSessionCommand.BackendOpener opener, int expectedCode) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = UsbSessionCommand.run(args, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true),
                opener);
        String text = err.toString(StandardCharsets.UTF_8);
        assertEquals(expectedCode, code, text);
        return text;
    }

    @Test
    void aRealDeviceWithoutAUsbSubsystemIsRefusedInWords() {
        String err = runWith(usb("0781:5567"), () -> Usb4JavaBackend.open(tmp.resolve("no-sys-bus-usb"), FakeLibUsb::new), 2);
        assertTrue(err.startsWith("session: --usb 0781:5567: This computer has no USB subsystem ("), err);
        assertTrue(err.contains("no USB device can be redirected"), err);
    }

    @Test
    void aRealDeviceThatIsNotConnectedIsRefusedInWords() throws Exception {
        FakeLibUsb none = new FakeLibUsb();
        assertEquals("session: --usb 0781:5567: no such device: no USB device 0781:5567 is connected to this computer "
                + "(none is).\n", runWith(usb("0781:5567"), () -> Usb4JavaBackend.open(tmp, () -> none), 2));
        assertTrue(none.calls().contains("exit"), "libusb is closed again: " + none.calls());
        FakeLibUsb other = new FakeLibUsb();
        other.bus.add(new LibUsbCalls.Found(5, 1, 4, new UsbDeviceInfo(2, 0, 0, 0, 0x046d, 0xc52b, 0x1201, "receiver",
                List.of(), List.of())));
        assertTrue(runWith(usb("0781:5567"), () -> Usb4JavaBackend.open(tmp, () -> other), 2)
                .contains("no such device: no USB device 0781:5567 is connected to this computer (connected: 046d:c52b)."));
    }

    /** This computer's own USB, through the real usb4java: without a USB bus (as here) or without that device. */
    @Test
    void thisComputersUsbAnswersInWordsNotACrash() {
        String err = runWith(usb("1d6b:0002"), Usb4JavaBackend::open, 2); // a root hub: never offered
        boolean noBus = !java.nio.file.Files.isDirectory(Path.of("/sys/bus/usb"));
        assertTrue(err.contains(noBus ? "This computer has no USB subsystem" : "no such device: no USB device 1d6b:0002"),
                err);
    }
}
