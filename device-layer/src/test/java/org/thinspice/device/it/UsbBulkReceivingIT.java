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
 * usbredir bulk receiving against QEMU: the loopback device under an id from QEMU's USB-serial quirk
 * table ({@link BulkLoopbackDevice#serialLike()}), so QEMU asks this host to poll its bulk IN endpoint
 * (start_bulk_receiving) and answers the guest's reads from the buffered_bulk_packets. The guest's
 * {@code /tbloop} (usbfs) writes pseudo-random chunks and reads each back; the CRC-32s must equal the
 * device's, and the host must have sent buffered bulk packets (not plain bulk replies).
 */
class UsbBulkReceivingIT {
    private static final int MIB = 8;
    private static final int CHUNK = 16 * 1024;
    private static final Pattern RESULT = Pattern.compile(
            "TB-LOOP mib=(\\d+) chunk=(\\d+) out_crc=([0-9a-f]{8}) in_crc=([0-9a-f]{8}) mismatches=(\\d+) ms=(\\d+)");

    @Test
    void theGuestReadsBackThroughBufferedBulkPackets() throws Exception {
        BulkLoopbackDevice loop = BulkLoopbackDevice.serialLike();
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
                String out = qemu.console().run("/tbloop 10c4 8044 " + MIB + " " + CHUNK, Duration.ofSeconds(170));
                Matcher m = RESULT.matcher(out);
                assertTrue(m.find(), "tbloop printed: " + out + "; closed " + closed);
                assertEquals("0", m.group(5), "the guest read back exactly what it wrote");
                assertEquals((long) MIB << 20, loop.received());
                assertEquals((long) MIB << 20, loop.sent());
                assertEquals(m.group(3), loop.receivedCrc(), "what the guest sent is what the device got");
                assertEquals(m.group(4), loop.sentCrc(), "what the device sent is what the guest got");
                long buffered = port.host().bufferedBulkPacketsSent();
                assertTrue(buffered >= ((long) MIB << 20) / (1 << 20),
                        "QEMU used bulk receiving: buffered_bulk_packets sent " + buffered);
                double seconds = Long.parseLong(m.group(6)) / 1000.0;
                System.out.printf("usb bulk receiving: %d MiB each way in %.1f s: %.1f MiB/s each way, "
                        + "%d buffered_bulk_packets%n", MIB, seconds, MIB / seconds, buffered);
                assertTrue(closed.isEmpty(), "no channel closed: " + closed);
            } finally {
                session.close();
            }
        }
    }
}
