package org.thinspice.device.usbredir;

import java.util.ArrayList;
import java.util.List;

/** A host and a guest end wired back to back in memory, hellos exchanged: for codec tests. */
final class UsbredirPairs {
    record Received(long id, UsbredirPacket packet) {
    }

    final Negotiation hostN;
    final Negotiation guestN;
    final UsbredirWriter hostWriter;
    final UsbredirWriter guestWriter;
    final List<Received> atHost = new ArrayList<>();
    final List<Received> atGuest = new ArrayList<>();
    final UsbredirParser hostParser;
    final UsbredirParser guestParser;

    UsbredirPairs(int hostCaps, int guestCaps) throws UsbredirProtocolException {
        hostN = new Negotiation(hostCaps);
        guestN = new Negotiation(guestCaps);
        hostWriter = new UsbredirWriter(Role.HOST, hostN);
        guestWriter = new UsbredirWriter(Role.GUEST, guestN);
        hostParser = new UsbredirParser(Role.HOST, hostN, (id, p) -> atHost.add(new Received(id, p)));
        guestParser = new UsbredirParser(Role.GUEST, guestN, (id, p) -> atGuest.add(new Received(id, p)));
        guestParser.feed(hostWriter.write(0, new UsbredirPacket.Hello("test host", hostCaps)));
        hostParser.feed(guestWriter.write(0, new UsbredirPacket.Hello("test guest", guestCaps)));
        atHost.clear();
        atGuest.clear();
    }
}
