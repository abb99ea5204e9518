package org.thinspice.device.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.thinspice.device.backends.sim.BulkLoopbackDevice;
import org.thinspice.device.backends.sim.IsoLoopbackDevice;
import org.thinspice.device.backends.sim.MassStorageStick;
import org.thinspice.device.backends.sim.RamBlockStore;
import org.thinspice.device.host.HostEvents;
import org.thinspice.device.host.UsbredirHost;
import org.thinspice.device.usbredir.UsbredirProtocolException;

/**
 * Jazzer target for everything a guest's bytes reach: the usbredir parser, the host state machine and
 * the simulated stick (BOT + SCSI). Input: the first byte picks how the rest is split into reads, the
 * rest is the guest's stream. The only allowed failure is {@link UsbredirProtocolException}. Seeds:
 * {@code UsbredirHostFuzzTestInputs/guestStream/} — QEMU 7.2's side of a real session (captured by
 * UsbStickIT: hello, enumeration, configuration, SCSI traffic) and hand-made hostile ones.
 * {@link #streams}: the same with bulk receiving and iso streams reachable (seeds in {@code streams/}).
 */
class UsbredirHostFuzzTest {
    @FuzzTest(maxDuration = "30s")
    void guestStream(byte[] in) throws Exception {
        if (in.length == 0) {
            return;
        }
        int split = 1 + (in[0] & 0xFF) * 67;
        UsbredirHost host = new UsbredirHost("fuzz", b -> { }, new HostEvents() { }, 1 << 20);
        host.start();
        MassStorageStick stick = new MassStorageStick(new RamBlockStore(256), "FUZZ");
        host.attach(stick);
        try {
            for (int at = 1; at < in.length; at += split) {
                host.receive(in, at, Math.min(split, in.length - at));
            }
        } catch (UsbredirProtocolException rejected) {
            // the channel would be closed here
        } finally {
            host.close();
        }
    }

    /**
     * Bulk receiving and iso streams: the first byte picks the device (stick, serial-like bulk loopback,
     * iso loopback), the second the split; the iso device runs a frame after every read.
     */
    @FuzzTest(maxDuration = "30s")
    void streams(byte[] in) throws Exception {
        if (in.length < 2) {
            return;
        }
        int split = 1 + (in[1] & 0xFF) * 13;
        IsoLoopbackDevice iso = new IsoLoopbackDevice();
        org.thinspice.device.backends.UsbDevice device = switch ((in[0] & 0xFF) % 3) {
            case 0 -> new MassStorageStick(new RamBlockStore(256), "FUZZ");
            case 1 -> BulkLoopbackDevice.serialLike();
            default -> iso;
        };
        UsbredirHost host = new UsbredirHost("fuzz", b -> { }, new HostEvents() { }, 1 << 20);
        host.start();
        host.attach(device);
        try {
            for (int at = 2; at < in.length; at += split) {
                host.receive(in, at, Math.min(split, in.length - at));
                iso.frame();
            }
        } catch (UsbredirProtocolException rejected) {
            // the channel would be closed here
        } finally {
            host.close();
        }
        assertEquals(0, host.streamsRunning(), "streams left running after close");
        assertEquals(0, iso.waitingIn(), "iso packets left waiting after close");
    }
}
