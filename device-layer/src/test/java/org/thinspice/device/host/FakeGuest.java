package org.thinspice.device.host;

import java.util.ArrayList;
import java.util.List;

import org.thinspice.device.usbredir.Negotiation;
import org.thinspice.device.usbredir.Role;
import org.thinspice.device.usbredir.UsbredirPacket;
import org.thinspice.device.usbredir.UsbredirParser;
import org.thinspice.device.usbredir.UsbredirProtocolException;
import org.thinspice.device.usbredir.UsbredirWriter;

/** The usb-guest side in memory, as QEMU would speak it: for host tests. */
final class FakeGuest {
    static final int QEMU_CAPS = 0xFE; // QEMU 7.2 with its parser's device_disconnect_ack

    record Got(long id, UsbredirPacket packet) {
    }

    final Negotiation n = new Negotiation(QEMU_CAPS);
    final UsbredirWriter writer = new UsbredirWriter(Role.GUEST, n);
    final List<Got> got = new ArrayList<>();
    final UsbredirParser parser = new UsbredirParser(Role.GUEST, n, (id, p) -> got.add(new Got(id, p)));
    UsbredirHost host;

    /** Bytes the host wrote, straight into the guest's parser. */
    void fromHost(byte[] b) {
        try {
            parser.feed(b);
        } catch (UsbredirProtocolException e) {
            throw new AssertionError("host sent something malformed: " + e.getMessage(), e);
        }
    }

    void send(long id, UsbredirPacket p) throws UsbredirProtocolException {
        byte[] b = writer.write(id, p);
        host.receive(b, 0, b.length);
    }

    void hello() throws UsbredirProtocolException {
        send(0, new UsbredirPacket.Hello("fake qemu", QEMU_CAPS));
    }

    @SuppressWarnings("unchecked")
    <T extends UsbredirPacket> T last(Class<T> type) {
        for (int i = got.size() - 1; i >= 0; i--) {
            if (type.isInstance(got.get(i).packet())) {
                return (T) got.get(i).packet();
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " among " + got);
    }

    List<UsbredirPacket> packets() {
        return got.stream().map(Got::packet).toList();
    }
}
