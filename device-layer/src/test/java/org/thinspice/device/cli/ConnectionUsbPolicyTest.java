package org.thinspice.device.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thinspice.device.backends.UsbDeviceInfo;
import org.thinspice.device.host.HostEvents;

/**
 * {@code session --vv FILE --usb-stick IMAGE}: the file's USB policy is applied to the stick before the
 * session connects (here to a port nobody listens on, so nothing else can happen).
 */
class ConnectionUsbPolicyTest {
    @TempDir
    Path dir;
    private Path image;
    private int closedPort;
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void setUp() throws Exception {
        image = dir.resolve("stick.img");
        try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "rw")) {
            f.setLength(1 << 20);
        }
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
    }

    private int run(String usbLines) throws Exception {
        Path vv = dir.resolve("desktop.vv");
        Files.writeString(vv, "[virt-viewer]\ntype=spice\nhost=127.0.0.1\nport=" + closedPort + "\n" + usbLines);
        return UsbSessionCommand.run(new String[] {"--vv", vv.toString(), "--duration-s", "1", "--usb-stick",
            image.toString()}, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8),
            new HostEvents() {
                @Override
                public void onRefused(UsbDeviceInfo d, String reason) {
                    events.add("refused " + d.id() + ": " + reason);
                }
            });
    }

    @Test
    void aStickTheFilesFilterDeniesIsRefusedByPolicy() throws Exception {
        run("enable-usbredir=1\nenable-usb-autoshare=1\nusb-filter=0x08,-1,-1,-1,0|-1,-1,-1,-1,1\n");
        assertEquals(List.of("refused 1209:0001: refused by policy: the USB policy refuses this device"), events);
        String e = err.toString(StandardCharsets.UTF_8);
        assertTrue(e.contains("usb-stick: not redirected: refused by policy: the USB policy refuses this device"), e);
        assertFalse(e.contains("offered no usbredir channel"), e);
    }

    @Test
    void redirectionTurnedOffRefusesEveryDevice() throws Exception {
        run("enable-usbredir=0\nusb-filter=-1,-1,-1,-1,1\n");
        assertEquals(List.of("refused 1209:0001: refused by policy: USB redirection is off for this desktop"), events);
    }

    @Test
    void aStickTheFilterAllowsGoesEvenWithoutAutoshareSinceNamingItIsByHand() throws Exception {
        int code = run("enable-usbredir=1\nenable-usb-autoshare=0\nusb-filter=0x08,-1,-1,-1,1\n");
        assertEquals(List.of(), events);
        assertEquals(1, code, "the policy let it through; then the session could not connect: " + err);
    }

    @Test
    void aBadFilterInTheFileIsAnErrorNamingTheRule() throws Exception {
        int code = run("usb-filter=0x08,-1,-1,-1,0|0x03,-1,-1\n");
        assertEquals(2, code);
        String e = err.toString(StandardCharsets.UTF_8);
        assertTrue(e.contains("the connection file's usb-filter: USB filter rule 2 '0x03,-1,-1' has 3 fields"), e);
    }
}
