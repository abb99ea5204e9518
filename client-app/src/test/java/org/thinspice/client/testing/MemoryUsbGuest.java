package org.thinspice.client.testing;

import java.util.ArrayList;
import java.util.List;
import org.thinspice.device.usbredir.Negotiation;
import org.thinspice.device.usbredir.Role;
import org.thinspice.device.usbredir.UsbredirPacket;
import org.thinspice.device.usbredir.UsbredirParser;
import org.thinspice.device.usbredir.UsbredirWriter;
import org.thinspice.engine.usbredir.UsbredirOutput;
import org.thinspice.engine.usbredir.UsbredirStream;
import org.thinspice.engine.usbredir.UsbredirStreams;

/** The usb-guest end of one usbredir channel, in memory, as QEMU 7.2 speaks it (hello, acknowledgements). */
public final class MemoryUsbGuest implements UsbredirOutput {
    public static final int QEMU_CAPS = 0xFE;
    private final Negotiation n = new Negotiation(QEMU_CAPS);
    private final UsbredirWriter writer = new UsbredirWriter(Role.GUEST, n);
    public final List<UsbredirPacket> got = new ArrayList<>();
    private final UsbredirParser parser = new UsbredirParser(Role.GUEST, n, (id, p) -> got.add(p));
    public final UsbredirStream stream;

    public MemoryUsbGuest(UsbredirStreams streams, int channelId) {
        stream = streams.forChannel(channelId);
    }

    /** The channel opens and the guest says hello. */
    public MemoryUsbGuest open() throws Exception {
        stream.onOpened(this);
        send(new UsbredirPacket.Hello("qemu in memory", QEMU_CAPS));
        return this;
    }

    public void send(UsbredirPacket p) throws Exception {
        byte[] b = writer.write(0, p);
        stream.onData(b, 0, b.length);
    }

    @Override
    public void write(byte[] data) {
        try {
            parser.feed(data);
        } catch (Exception e) {
            throw new AssertionError("the host sent something malformed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
    }

    /** The device the guest was last told about (its VID:PID), or null when it was disconnected. */
    public String connected() {
        String id = null;
        for (UsbredirPacket p : got) {
            if (p instanceof UsbredirPacket.DeviceConnect c) {
                id = String.format("%04x:%04x", c.vendorId(), c.productId());
            } else if (p instanceof UsbredirPacket.DeviceDisconnect) {
                id = null;
            }
        }
        return id;
    }
}
