package org.thinspice.device.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.thinspice.device.cli.UsbSessionCommand;
import org.thinspice.testbed.GuestBlocks;
import org.thinspice.testbed.QemuSpiceServer;

/** {@code thinspice session --uri … --usb-stick IMAGE}: the guest sees the stick while the session runs. */
class UsbSessionCommandIT {
    @Test
    void sessionWithUsbStickRedirectsItForTheSessionsLength() throws Exception {
        Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "it")), "usbsession-");
        Path image = dir.resolve("stick.img");
        try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "rw")) {
            f.setLength(4L << 20);
            f.seek(0);
            f.write("thinspice stick".getBytes(StandardCharsets.US_ASCII));
        }
        try (QemuSpiceServer qemu = QemuSpiceServer.builder().tinyGuest("none").usbRedir(2)
                .startTimeout(Duration.ofSeconds(60)).start()) {
            qemu.awaitGuestReady(Duration.ofSeconds(150));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            CompletableFuture<Integer> code = CompletableFuture.supplyAsync(() -> UsbSessionCommand.run(
                    new String[] {"--uri", "spice://" + qemu.host() + ":" + qemu.port(), "--duration-s", "20",
                        "--usb-stick", image.toString()},
                    new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)));
            GuestBlocks blocks = new GuestBlocks(qemu.console());
            assertTrue(blocks.awaitPresent("sda", Duration.ofSeconds(60)), "no sda; stderr: " + err);
            assertEquals(8192, blocks.list().get(0).blocks());
            String head = qemu.console().run("dd if=/dev/sda bs=512 count=1 iflag=direct 2>/dev/null | head -c 15",
                    Duration.ofSeconds(30));
            assertEquals("thinspice stick", head.trim());
            assertEquals(0, code.get(90, TimeUnit.SECONDS), "stderr: " + err);
            String e = err.toString(StandardCharsets.UTF_8);
            assertTrue(e.contains("usb-stick: redirected 1209:0001"), e);
            assertTrue(e.contains("usb-stick: returned"), "the stick is given back when the session ends: " + e);
            assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("{\"profile\""), out.toString());
            assertTrue(blocks.awaitGone("sda", Duration.ofSeconds(60)), "the guest saw the stick go");
            assertEquals(List.of(), blocks.list());
        }
    }
}
