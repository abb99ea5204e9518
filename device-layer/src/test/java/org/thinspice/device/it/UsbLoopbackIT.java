package org.thinspice.device.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.thinspice.device.backends.sim.BulkLoopbackDevice;
import org.thinspice.device.host.HostEvents;
import org.thinspice.device.host.UsbredirChannelPort;
import org.thinspice.engine.ChannelType;
import org.thinspice.engine.SpiceConnectOptions;
import org.thinspice.engine.SpiceException;
import org.thinspice.engine.SpiceListener;
import org.thinspice.engine.SpiceSession;
import org.thinspice.testbed.QemuSpiceServer;

/**
 * 64 MiB each way through the simulated bulk loopback device: the guest's {@code /tbloop} (usbfs) writes
 * pseudo-random chunks and reads each back, comparing them; the CRC-32s it prints must equal what the
 * device saw. Throughput is printed, not asserted.
 */
class UsbLoopbackIT {
    private static final int MIB = 64;
    private static final int CHUNK = 64 * 1024;
    private static final Pattern RESULT = Pattern.compile(
            "TB-LOOP mib=(\\d+) chunk=(\\d+) out_crc=([0-9a-f]{8}) in_crc=([0-9a-f]{8}) mismatches=(\\d+) ms=(\\d+)");

    @Test
    void sixtyFourMebibytesEachWayWithChecksums() throws Exception {
        BulkLoopbackDevice loop = new BulkLoopbackDevice();
        List<String> closed = new CopyOnWriteArrayList<>();
        UsbredirChannelPort port = new UsbredirChannelPort(0, loop, new HostEvents() { });
        try (QemuSpiceServer qemu = QemuSpiceServer.builder().tinyGuest("none").usbRedir(1)
                .startTimeout(Duration.ofSeconds(60)).start()) {
            qemu.awaitGuestReady(Duration.ofSeconds(150));
            SpiceSession session = SpiceSession.connect(SpiceConnectOptions.builder().host(qemu.host())
                    .port(qemu.port()).usbredir(id -> id == 0 ? port : null).build(), new SpiceListener() {
                        @Override
                        public void onChannelClosed(ChannelType type, int id, SpiceException cause) {
                            closed.add(type + " " + id + " " + cause);
                        }
                    }).get(30, TimeUnit.SECONDS);
            try {
                String out = qemu.console().run("/tbloop 1209 0002 " + MIB + " " + CHUNK,
                        Duration.ofSeconds(170));
                Matcher m = RESULT.matcher(out);
                assertTrue(m.find(), "tbloop printed: " + out + "; closed " + closed);
                assertEquals("0", m.group(5), "the guest read back exactly what it wrote");
                assertEquals((long) MIB << 20, loop.received());
                assertEquals((long) MIB << 20, loop.sent());
                assertEquals(m.group(3), loop.receivedCrc(), "what the guest sent is what the device got");
                assertEquals(m.group(4), loop.sentCrc(), "what the device sent is what the guest got");
                double seconds = Long.parseLong(m.group(6)) / 1000.0;
                System.out.printf("usbloop: %d MiB each way in %.1f s: %.1f MiB/s each way (%d KiB transfers, "
                        + "usbredir bytes in %d, out %d, LZ4 %s)%n", MIB, seconds, MIB / seconds, CHUNK / 1024,
                        session.usbredir(0).bytesIn(), session.usbredir(0).bytesOut(),
                        session.usbredir(0).compressing() ? "on" : "off");
                assertTrue(closed.isEmpty(), "no channel closed: " + closed);
            } finally {
                session.close();
            }
        }
    }
}
