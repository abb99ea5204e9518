package org.thinspice.device.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.thinspice.device.backends.UsbDeviceInfo;
import org.thinspice.device.backends.sim.FatImage;
import org.thinspice.device.backends.sim.MassStorageStick;
import org.thinspice.device.host.HostEvents;
import org.thinspice.device.host.UsbredirChannelPort;
import org.thinspice.engine.ChannelType;
import org.thinspice.engine.SpiceConnectOptions;
import org.thinspice.engine.SpiceException;
import org.thinspice.engine.SpiceListener;
import org.thinspice.engine.SpiceSession;
import org.thinspice.testbed.GuestBlocks;
import org.thinspice.testbed.QemuSpiceServer;

/**
 * The simulated stick through a real SPICE usbredir channel into QEMU's usb-redir on xHCI and the tiny
 * guest's usb-storage: the guest's kernel is the oracle for size, reads and writes (a file the test put on
 * the stick's FAT file system, read through the guest's vfat mount); the backing file is the oracle for
 * what the guest wrote.
 */
class UsbStickIT {
    private static final int BLOCKS = 16384; // 8 MiB
    private static final long FILE_BLOCKS = 2048; // the test's file DATA.BIN: 1 MiB

    private static final long GUEST_AT = 8192; // the guest's pattern: 1 MiB at 4 MiB
    private static final Duration IO = Duration.ofSeconds(90);

    @Test
    void stickAppearsReadsWritesAndSurvivesReplug() throws Exception {
        Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "it")), "usbstick-");
        Path image = dir.resolve("stick.img");
        byte[] payload = new byte[(int) (FILE_BLOCKS * 512)];
        new Random(20261206).nextBytes(payload);
        byte[] readme = "Written by UsbStickIT.\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("README.TXT", readme);
        files.put("DATA.BIN", payload);
        FatImage.write(image, BLOCKS * 512L, "USBSTICKIT", files);
        long fileAt = blockOf(image, payload);
        List<String> events = new CopyOnWriteArrayList<>();
        List<String> closedChannels = new CopyOnWriteArrayList<>();
        HostEvents log = new HostEvents() {
            @Override
            public void onConnected(UsbDeviceInfo d) {
                events.add("connected " + d.id());
            }

            @Override
            public void onRefused(UsbDeviceInfo d, String reason) {
                events.add("refused " + d.id() + " " + reason);
            }

            @Override
            public void onDisconnected(UsbDeviceInfo d, String reason) {
                events.add("disconnected " + d.id() + " " + reason);
            }
        };
        MassStorageStick stick = MassStorageStick.ofImage(image, false);
        UsbredirChannelPort port = new UsbredirChannelPort(0, stick, log);
        // What QEMU sends is kept: the seed corpus of UsbredirHostFuzzTest comes from here.
        CapturingStream capture = new CapturingStream(port, dir.resolve("usbredir-from-qemu.bin"), 256 << 10);
        try (QemuSpiceServer qemu = QemuSpiceServer.builder().tinyGuest("none").usbRedir(1).startTimeout(
                Duration.ofSeconds(60)).start()) {
            qemu.awaitGuestReady(Duration.ofSeconds(150));
            SpiceConnectOptions options = SpiceConnectOptions.builder().host(qemu.host()).port(qemu.port())
                    .usbredir(id -> id == 0 ? capture : null).build();
            SpiceSession session = SpiceSession.connect(options, new SpiceListener() {
                @Override
                public void onChannelClosed(ChannelType type, int id, SpiceException cause) {
                    closedChannels.add(type + " " + id + " " + cause);
                }
            }).get(30, TimeUnit.SECONDS);
            try {
                GuestBlocks blocks = new GuestBlocks(qemu.console());
                long t0 = System.nanoTime();
                assertTrue(blocks.awaitPresent("sda", Duration.ofSeconds(60)),
                        "no /dev/sda; events " + events + ", closed " + closedChannels + ", usb:\n"
                                + qemu.qmp().hmp("info usb"));
                System.out.printf("usbstick: /dev/sda after %.1f s%n", (System.nanoTime() - t0) / 1e9);
                assertEquals(List.of(new GuestBlocks.Disk("sda", BLOCKS, "thinspic", "Simulated_Stick")),
                        blocks.list(), "the guest's view of the disk");
                String usb = qemu.qmp().hmp("info usb");
                assertTrue(usb.contains("480 Mb/s"), "QEMU attached a high-speed device:\n" + usb);

                long r0 = System.nanoTime();
                assertEquals(sha256(payload), blocks.fileSha256("sda", "DATA.BIN", IO),
                        "the guest mounts the stick's FAT file system and reads the file the test wrote");
                assertEquals(sha256(readme), blocks.fileSha256("sda", "README.TXT", IO));
                System.out.printf("usbstick: guest mounted the stick and read DATA.BIN (1 MiB) in %.2f s%n",
                        (System.nanoTime() - r0) / 1e9);
                r0 = System.nanoTime();
                assertEquals(sha256(payload), blocks.sha256("sda", fileAt, FILE_BLOCKS, IO),
                        "the guest reads the file's blocks with O_DIRECT");
                System.out.printf("usbstick: guest read 1 MiB (O_DIRECT) in %.2f s%n", (System.nanoTime() - r0) / 1e9);

                // Sequential read of the whole stick with O_DIRECT in 1 MiB requests, timed by the guest's clock.
                String[] up = qemu.console().run("a=$(cut -d' ' -f1 /proc/uptime); dd if=/dev/sda of=/dev/null bs=1M "
                        + "iflag=direct 2>/dev/null; echo $a $(cut -d' ' -f1 /proc/uptime)", IO).trim().split(" ");
                double secs = Double.parseDouble(up[up.length - 1]) - Double.parseDouble(up[up.length - 2]);
                System.out.printf("usbstick: guest sequential read of 8 MiB (O_DIRECT, 1 MiB requests) in %.2f s: "
                        + "%.1f MiB/s%n", secs, 8 / Math.max(secs, 0.01));

                long w0 = System.nanoTime();
                String written = blocks.fillRandom("sda", GUEST_AT, FILE_BLOCKS, IO);
                System.out.printf("usbstick: guest wrote 1 MiB (O_DIRECT) in %.2f s%n", (System.nanoTime() - w0) / 1e9);
                assertEquals(written, sha256(region(image, GUEST_AT, FILE_BLOCKS)),
                        "what the guest wrote is in the backing file");

                // Re-plug: take the stick back, the guest loses sda; offer it again, the data is intact.
                port.host().detach("test re-plug");
                assertTrue(blocks.awaitGone("sda", Duration.ofSeconds(60)), "the guest saw the unplug");
                MassStorageStick again = MassStorageStick.ofImage(image, false);
                port.host().attach(again);
                assertTrue(blocks.awaitPresent("sda", Duration.ofSeconds(60)), "re-plugged stick: " + events);
                assertEquals(written, blocks.sha256("sda", GUEST_AT, FILE_BLOCKS, IO), "intact after re-plug");
                assertEquals(sha256(payload), blocks.fileSha256("sda", "DATA.BIN", IO),
                        "the file system is intact too (the guest wrote into free clusters)");
                assertTrue(closedChannels.isEmpty(), "no channel closed: " + closedChannels);
                assertEquals(List.of("connected 1209:0001", "disconnected 1209:0001 test re-plug",
                        "connected 1209:0001"), events);
                again.store().close();
            } finally {
                session.close();
                stick.store().close();
            }
        }
    }

    /** The block where {@code data} starts in the image (FatImage lays files out contiguously). */
    private static long blockOf(Path image, byte[] data) throws Exception {
        byte[] all = Files.readAllBytes(image);
        for (int b = 0; b + data.length <= all.length; b += 512) {
            if (java.util.Arrays.equals(all, b, b + data.length, data, 0, data.length)) {
                return b / 512;
            }
        }
        throw new AssertionError("DATA.BIN is not contiguous in the image");
    }

    private static byte[] region(Path image, long block, long count) throws Exception {
        byte[] all = Files.readAllBytes(image);
        return java.util.Arrays.copyOfRange(all, (int) (block * 512), (int) ((block + count) * 512));
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }
}
