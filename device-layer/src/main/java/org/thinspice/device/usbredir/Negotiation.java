package org.thinspice.device.usbredir;

/**
 * The capabilities of both ends of one usbredir connection. Shared by a connection's parser and
 * writer: the parser records the peer's hello, and from then on both use the wire layout the two
 * capability sets agree on (header with 64-bit ids, 32-bit bulk lengths, and so on).
 */
public final class Negotiation {
    private final int ours;
    private volatile int peer = -1;

    public Negotiation(int ourCaps) {
        this.ours = UsbredirCaps.normalize(ourCaps);
    }

    public int ours() {
        return ours;
    }

    /** The peer's capabilities, or -1 before its hello arrived. */
    public int peer() {
        return peer;
    }

    public boolean peerHelloSeen() {
        return peer != -1;
    }

    void peerHello(int caps) {
        peer = UsbredirCaps.normalize(caps);
    }

    /** True when the peer announced {@code cap} (false before its hello). */
    public boolean peerHas(int cap) {
        return peer != -1 && UsbredirCaps.has(peer, cap);
    }

    /** True when both sides announced {@code cap}: only then does it change the wire. */
    public boolean both(int cap) {
        return UsbredirCaps.has(ours, cap) && peerHas(cap);
    }

    /** Header bytes of every packet but hello: 16 with 64-bit ids on both sides, else 12. */
    public int headerLength() {
        return both(UsbredirCaps.IDS_64BITS) ? 16 : 12;
    }

    /** Bytes of the type-specific header of {@code t} under the current capabilities. */
    public int typeHeaderLength(PacketType t) {
        return switch (t) {
            case HELLO -> 64;
            case DEVICE_CONNECT -> both(UsbredirCaps.CONNECT_DEVICE_VERSION) ? 10 : 8;
            case DEVICE_DISCONNECT, RESET, GET_CONFIGURATION, CANCEL_DATA_PACKET, FILTER_REJECT, FILTER_FILTER,
                    DEVICE_DISCONNECT_ACK -> 0;
            case INTERFACE_INFO -> 4 + 4 * UsbredirPacket.MAX_INTERFACES;
            case EP_INFO -> both(UsbredirCaps.BULK_STREAMS) ? 288
                    : both(UsbredirCaps.EP_INFO_MAX_PACKET_SIZE) ? 160 : 96;
            case SET_CONFIGURATION, GET_ALT_SETTING, STOP_ISO_STREAM, START_INTERRUPT_RECEIVING,
                    STOP_INTERRUPT_RECEIVING -> 1;
            case CONFIGURATION_STATUS, SET_ALT_SETTING, ISO_STREAM_STATUS, INTERRUPT_RECEIVING_STATUS -> 2;
            case ALT_SETTING_STATUS, START_ISO_STREAM -> 3;
            case ALLOC_BULK_STREAMS -> 8;
            case FREE_BULK_STREAMS -> 4;
            case BULK_STREAMS_STATUS -> 9;
            case START_BULK_RECEIVING -> 10;
            case STOP_BULK_RECEIVING -> 5;
            case BULK_RECEIVING_STATUS -> 6;
            case CONTROL_PACKET -> 10;
            case BULK_PACKET -> both(UsbredirCaps.BULK_LENGTH_32BITS) ? 10 : 8;
            case ISO_PACKET, INTERRUPT_PACKET -> 4;
            case BUFFERED_BULK_PACKET -> 10;
        };
    }

    /** Whether a packet of this type may carry bytes after its type header. */
    static boolean mayHavePayload(PacketType t) {
        return t == PacketType.HELLO || t == PacketType.FILTER_FILTER || t.isData();
    }
}
