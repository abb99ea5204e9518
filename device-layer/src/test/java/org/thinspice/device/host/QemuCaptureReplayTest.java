package org.thinspice.device.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.thinspice.device.backends.UsbDeviceInfo;
import org.thinspice.device.backends.sim.MassStorageStick;
import org.thinspice.device.backends.sim.RamBlockStore;

/**
 * Golden file: the bytes QEMU 7.2's usb-redir sent during UsbStickIT (hello, enumeration, configuration,
 * the guest's first SCSI commands and a write), replayed whole and one byte at a time into a host with
 * a fresh stick: no protocol error, and the same replies either way.
 */
class QemuCaptureReplayTest {
    private static byte[] capture() throws Exception {
        try (InputStream in = QemuCaptureReplayTest.class.getResourceAsStream(
                "/org/thinspice/device/fuzz/UsbredirHostFuzzTestInputs/guestStream/qemu-7.2-session")) {
            byte[] b = in.readAllBytes();
            return Arrays.copyOfRange(b, 1, b.length); // the first byte is the fuzz target's split choice
        }
    }

    private static List<byte[]> replay(byte[] stream, int split, MassStorageStick stick) throws Exception {
        List<byte[]> out = new ArrayList<>();
        List<String> connected = new ArrayList<>();
        UsbredirHost host = new UsbredirHost("replay", out::add, new HostEvents() {
            @Override
            public void onConnected(UsbDeviceInfo d) {
                connected.add(d.id());
            }
        });
        host.start();
        host.attach(stick);
        for (int at = 0; at < stream.length; at += split) {
            host.receive(stream, at, Math.min(split, stream.length - at));
        }
        assertEquals(List.of("1209:0001"), connected);
        host.close();
        return out;
    }

    @Test
    void qemuSessionReplaysWholeAndByteByByte() throws Exception {
        byte[] stream = capture();
        MassStorageStick a = new MassStorageStick(new RamBlockStore(16384), "A");
        List<byte[]> whole = replay(stream, stream.length, a);
        MassStorageStick b = new MassStorageStick(new RamBlockStore(16384), "A");
        List<byte[]> bytewise = replay(stream, 1, b);
        assertTrue(whole.size() > 100, "the host answered the guest's requests: " + whole.size());
        assertEquals(whole.size(), bytewise.size());
        for (int i = 0; i < whole.size(); i++) {
            assertTrue(Arrays.equals(whole.get(i), bytewise.get(i)), "reply " + i + " differs");
        }
        assertTrue(a.bytesRead() > 0, "the guest read blocks");
        assertEquals(a.bytesRead(), b.bytesRead());
        assertEquals(a.bytesWritten(), b.bytesWritten());
    }
}
