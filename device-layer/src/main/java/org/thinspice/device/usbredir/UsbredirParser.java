package org.thinspice.device.usbredir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Sans-I/O usbredir reader: bytes in (split anywhere), packets out. It accepts only what the peer of
 * {@code role} may send, hello first; every length is checked against the type's header size, the
 * payload rules and {@link #maxPayload} before a buffer is allocated. The first error is final: the
 * parser throws it again on every later call, and the caller closes the connection.
 */
public final class UsbredirParser {
    /** Longest version string plus capability words a hello may carry (usbredir sends 1 word today). */
    public static final int MAX_HELLO_CAP_WORDS = 16;
    /** Longest filter_filter string, NUL included. */
    public static final int MAX_FILTER_LENGTH = 16 * 1024;
    /** Default cap on the payload of one data packet. */
    public static final int DEFAULT_MAX_PAYLOAD = 16 << 20;

    /** Receives each complete packet with its header id. */
    @FunctionalInterface
    public interface Handler {
        void onPacket(long id, UsbredirPacket packet) throws UsbredirProtocolException;
    }

    private final Role role;
    private final Negotiation negotiation;
    private final int maxPayload;
    private final Handler handler;
    private final byte[] header = new byte[16];
    private int headerFill;
    private PacketType type;
    private long id;
    private byte[] body;
    private int bodyFill;
    private UsbredirProtocolException failure;
    private long packets;

    /**
     * @param role the side this parser runs on (a HOST parser reads what a guest sends)
     * @param maxPayload the largest payload of one packet accepted, in bytes
     */
    public UsbredirParser(Role role, Negotiation negotiation, int maxPayload, Handler handler) {
        this.role = role;
        this.negotiation = negotiation;
        this.maxPayload = maxPayload;
        this.handler = handler;
    }

    public UsbredirParser(Role role, Negotiation negotiation, Handler handler) {
        this(role, negotiation, DEFAULT_MAX_PAYLOAD, handler);
    }

    /** Packets delivered so far. */
    public long packets() {
        return packets;
    }

    /** Consumes {@code len} bytes; delivers every packet they complete. */
    public void feed(byte[] b, int off, int len) throws UsbredirProtocolException {
        if (failure != null) {
            throw failure;
        }
        try {
            int end = off + len;
            while (off < end) {
                if (type == null) {
                    int want = currentHeaderLength() - headerFill;
                    int n = Math.min(want, end - off);
                    System.arraycopy(b, off, header, headerFill, n);
                    headerFill += n;
                    off += n;
                    if (headerFill == currentHeaderLength()) {
                        startPacket();
                    }
                } else {
                    int n = Math.min(body.length - bodyFill, end - off);
                    System.arraycopy(b, off, body, bodyFill, n);
                    bodyFill += n;
                    off += n;
                }
                if (type != null && bodyFill == body.length) {
                    finishPacket();
                }
            }
        } catch (UsbredirProtocolException e) {
            failure = e;
            throw e;
        }
    }

    public void feed(byte[] b) throws UsbredirProtocolException {
        feed(b, 0, b.length);
    }

    private int currentHeaderLength() {
        // Hello always has the 12-byte header: until both hellos are known ids are 32 bits.
        return negotiation.peerHelloSeen() ? negotiation.headerLength() : 12;
    }

    private void startPacket() throws UsbredirProtocolException {
        ByteBuffer h = ByteBuffer.wrap(header, 0, headerFill).order(ByteOrder.LITTLE_ENDIAN);
        long wireType = h.getInt() & 0xFFFFFFFFL;
        long length = h.getInt() & 0xFFFFFFFFL;
        long packetId = headerFill == 16 ? h.getLong() : h.getInt() & 0xFFFFFFFFL;
        PacketType t = PacketType.of(wireType);
        if (t == null) {
            throw new UsbredirProtocolException("unknown usbredir packet type " + wireType + " (length " + length + ")");
        }
        if (!t.sentBy(role.peer())) {
            throw new UsbredirProtocolException("usbredir " + t + " may not be sent by the usb-" + role.peer()
                    .name().toLowerCase(java.util.Locale.ROOT));
        }
        if (!negotiation.peerHelloSeen() && t != PacketType.HELLO) {
            throw new UsbredirProtocolException("usbredir " + t + " before hello");
        }
        checkCapability(t);
        int typeHeader = negotiation.typeHeaderLength(t);
        if (length < typeHeader) {
            throw new UsbredirProtocolException("usbredir " + t + " of " + length + " bytes is shorter than its "
                    + typeHeader + "-byte header");
        }
        long payload = length - typeHeader;
        if (payload > 0 && !Negotiation.mayHavePayload(t)) {
            throw new UsbredirProtocolException("usbredir " + t + " carries " + payload + " unexpected bytes");
        }
        long cap = t == PacketType.HELLO ? 4L * MAX_HELLO_CAP_WORDS
                : t == PacketType.FILTER_FILTER ? MAX_FILTER_LENGTH : maxPayload;
        if (payload > cap) {
            throw new UsbredirProtocolException("usbredir " + t + " payload of " + payload + " bytes exceeds the "
                    + cap + "-byte limit");
        }
        type = t;
        id = packetId;
        body = new byte[(int) length];
        bodyFill = 0;
    }

    private void checkCapability(PacketType t) throws UsbredirProtocolException {
        int needed = switch (t) {
            case FILTER_REJECT, FILTER_FILTER -> UsbredirCaps.FILTER;
            case DEVICE_DISCONNECT_ACK -> UsbredirCaps.DEVICE_DISCONNECT_ACK;
            case START_BULK_RECEIVING, STOP_BULK_RECEIVING, BULK_RECEIVING_STATUS, BUFFERED_BULK_PACKET ->
                    UsbredirCaps.BULK_RECEIVING;
            case ALLOC_BULK_STREAMS, FREE_BULK_STREAMS, BULK_STREAMS_STATUS -> UsbredirCaps.BULK_STREAMS;
            default -> -1;
        };
        if (needed >= 0 && !UsbredirCaps.has(negotiation.ours(), needed)) {
            throw new UsbredirProtocolException("usbredir " + t + " without capability " + needed
                    + " announced by this side");
        }
    }

    private void finishPacket() throws UsbredirProtocolException {
        PacketType t = type;
        byte[] b = body;
        long packetId = id;
        type = null;
        body = null;
        headerFill = 0;
        UsbredirPacket p = PacketDecoder.decode(t, b, negotiation, role.peer());
        if (p instanceof UsbredirPacket.Hello hello) {
            if (negotiation.peerHelloSeen()) {
                return; // as usbredirparser: a second hello is ignored
            }
            negotiation.peerHello(hello.caps());
        }
        packets++;
        handler.onPacket(packetId, p);
    }

    /** Reads a NUL-terminated string of at most {@code max} bytes. */
    static String cString(byte[] b, int off, int max) {
        int end = off;
        while (end < off + max && end < b.length && b[end] != 0) {
            end++;
        }
        return new String(b, off, end - off, StandardCharsets.UTF_8);
    }
}
