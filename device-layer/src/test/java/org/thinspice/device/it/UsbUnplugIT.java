package org.thinspice.device.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.thinspice.device.backends.UsbDeviceInfo;
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
 * Pulling the simulated stick out while the guest reads from it: the guest loses the disk, the session
 * and channel stay up, nothing is left in flight, and re-plugging works, cycle after cycle, without
 * threads, file descriptors or heap piling up.
 */
class UsbUnplugIT {
    private static final int CYCLES = 50;
    private static final Pattern DD_END = Pattern.compile("TB-DD-END (\\d+)");
    private static final Pattern DD_RECORDS_IN = Pattern.compile("(\\d+)\\+\\d+ records in");

    @Test
    void unplugMidTransferThenReplugCycles() throws Exception {
        Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "it")), "usbunplug-");
        Path image = dir.resolve("stick.img");
        try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "rw")) {
            f.setLength(64L << 20);
        }
        List<String> closed = new CopyOnWriteArrayList<>();
        List<String> ended = new CopyOnWriteArrayList<>();
        List<String> events = new CopyOnWriteArrayList<>();
        MassStorageStick stick = MassStorageStick.ofImage(image, false);
        UsbredirChannelPort port = new UsbredirChannelPort(0, stick, new HostEvents() {
            @Override
            public void onConnected(UsbDeviceInfo d) {
                events.add("connected");
            }

            @Override
            public void onDisconnected(UsbDeviceInfo d, String reason) {
                events.add("disconnected: " + reason);
            }
        });
        try (QemuSpiceServer qemu = QemuSpiceServer.builder().tinyGuest("none").usbRedir(1)
                .startTimeout(Duration.ofSeconds(60)).start()) {
            qemu.awaitGuestReady(Duration.ofSeconds(150));
            SpiceSession session = SpiceSession.connect(SpiceConnectOptions.builder().host(qemu.host())
                    .port(qemu.port()).usbredir(id -> id == 0 ? port : null).build(), new SpiceListener() {
                        @Override
                        public void onChannelClosed(ChannelType type, int id, SpiceException cause) {
                            closed.add(type + " " + id + " " + cause);
                        }

                        @Override
                        public void onDisconnected(SpiceException cause) {
                            ended.add(String.valueOf(cause));
                        }
                    }).get(30, TimeUnit.SECONDS);
            try {
                GuestBlocks blocks = new GuestBlocks(qemu.console());
                assertTrue(blocks.awaitPresent("sda", Duration.ofSeconds(60)), "stick never appeared: " + events);

                // Unplug while a 64 MiB O_DIRECT read is running in the guest.
                qemu.console().run("(dd if=/dev/sda of=/dev/null bs=64k iflag=direct; echo TB-DD-END $?) "
                        + "> /tmp/dd.log 2>&1 &", Duration.ofSeconds(20));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (stick.bytesRead() < (2 << 20) && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                long readBefore = stick.bytesRead();
                assertTrue(readBefore >= (2 << 20), "the guest's read got going: " + readBefore);
                stick.unplug();
                assertTrue(blocks.awaitGone("sda", Duration.ofSeconds(60)), "the guest saw the unplug");
                String dd = qemu.console().run("sleep 1; cat /tmp/dd.log", Duration.ofSeconds(30));
                // The read ends early either way: with an I/O error when the request in flight fails, or with a
                // short count and status 0 when the kernel already set the vanished disk's size to 0 (end of file).
                Matcher end = DD_END.matcher(dd);
                assertTrue(end.find(), "dd ended in the guest when the stick went: " + dd);
                Matcher records = DD_RECORDS_IN.matcher(dd);
                long fullRecords = records.find() ? Long.parseLong(records.group(1)) : 0;
                assertTrue(end.group(1).equals("1") || fullRecords < 1024,
                        "dd read less than the whole 64 MiB (1024 records) or failed: " + dd);
                assertTrue(stick.bytesRead() < (64L << 20), "the read did not finish: " + stick.bytesRead());
                System.out.printf("usbunplug: unplugged after %d KiB of the guest's 64 MiB read%n", readBefore >> 10);
                assertEquals(0, port.host().inFlight(), "no transfer left in flight");
                assertTrue(closed.isEmpty() && ended.isEmpty(), "session and channel up: " + closed + ended);

                int threads0 = 0;
                long fds0 = 0;
                long heap0 = 0;
                for (int i = 0; i < CYCLES; i++) {
                    port.host().attach(stick);
                    assertTrue(blocks.awaitPresent("sda", Duration.ofSeconds(60)), "cycle " + i + ": " + events);
                    port.host().detach("cycle " + i);
                    assertTrue(blocks.awaitGone("sda", Duration.ofSeconds(60)), "cycle " + i);
                    if (i == 0) {
                        threads0 = Thread.activeCount();
                        fds0 = openFds();
                        heap0 = usedHeap();
                    }
                }
                int threads = Thread.activeCount();
                long fds = openFds();
                long heap = usedHeap();
                System.out.printf("usbunplug: after %d re-plugs: threads %d -> %d, fds %d -> %d, heap %d -> %d KiB%n",
                        CYCLES, threads0, threads, fds0, fds, heap0 >> 10, heap >> 10);
                assertTrue(threads <= threads0 + 1, "threads grew: " + threads0 + " -> " + threads);
                assertTrue(fds <= fds0 + 2, "file descriptors grew: " + fds0 + " -> " + fds);
                assertTrue(heap < heap0 + (16L << 20), "heap grew by more than 16 MiB: " + heap0 + " -> " + heap);
                assertTrue(closed.isEmpty() && ended.isEmpty(), "session and channel up: " + closed + ended);
                assertEquals(0, port.host().inFlight());
            } finally {
                session.close();
                stick.store().close();
            }
        }
    }

    private static long openFds() throws Exception {
        try (var s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }

    private static long usedHeap() throws InterruptedException {
        Runtime r = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return r.totalMemory() - r.freeMemory();
    }
}
