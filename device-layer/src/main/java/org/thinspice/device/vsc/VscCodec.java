package org.thinspice.device.vsc;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * VSC messages to and from bytes, sans-I/O: header {@code type u32, reader_id u32, length u32} then
 * {@code length} bytes. On the SPICE smartcard channel (message 101) the integers are little-endian; between
 * spice-server and QEMU's {@code ccid-card-passthru}, and in libcacard's vscclient, network order — hence the
 * {@link ByteOrder}. Integers inside payloads (Init's magic, version and capabilities; Error's code) follow the
 * same order. The decoder takes arbitrary chunks; every length is bounded ({@link #MAX_PAYLOAD}, QEMU's own
 * 64 KiB input buffer) before anything is allocated, and each type's payload is checked:
 * Error exactly 4 bytes, Init 8 + 4·n with the magic, ATR 1–40 bytes starting TS 3B/3F, APDU 1 byte or more,
 * the others empty. The first error is final.
 */
public final class VscCodec {
    public static final int HEADER = 12;
    /** QEMU's passthru buffer ({@code VSCARD_IN_SIZE}) is 64 KiB including the header. */
    public static final int MAX_PAYLOAD = 65536 - HEADER;
    /** ISO 7816-3: an ATR has at most 33 bytes; QEMU accepts up to 40 ({@code MAX_ATR_SIZE}). */
    public static final int MAX_ATR = 40;

    private final ByteOrder order;
    private final byte[] header = new byte[HEADER];
    private int fill;
    private VscType current;
    private long reader;
    private byte[] body;
    private VscProtocolException failed;

    public VscCodec(ByteOrder order) {
        this.order = order;
    }

    /** The byte order of the SPICE smartcard channel. */
    public static VscCodec spice() {
        return new VscCodec(ByteOrder.LITTLE_ENDIAN);
    }

    /** One message as bytes. */
    public byte[] encode(VscMessage m) {
        byte[] body = m.payload();
        if (m.type() == VscType.INIT && body.length == 0) {
            body = ByteBuffer.allocate(12).order(order).putInt((int) VscMessage.MAGIC).putInt((int) VscMessage.VERSION)
                    .putInt(0).array();
        } else if (m.type() == VscType.ERROR) {
            body = ByteBuffer.allocate(4).order(order).putInt((int) m.errorCode()).array();
        }
        if (body.length > MAX_PAYLOAD) {
            throw new IllegalArgumentException("a VSC payload of " + body.length + " bytes is over " + MAX_PAYLOAD);
        }
        return ByteBuffer.allocate(HEADER + body.length).order(order).putInt(m.type().code).putInt((int) m.readerId())
                .putInt(body.length).put(body).array();
    }

    /** Feeds bytes; returns the messages they complete (possibly none). Linear in the bytes fed, however split. */
    public List<VscMessage> decode(byte[] b, int off, int len) throws VscProtocolException {
        if (failed != null) {
            throw failed;
        }
        List<VscMessage> out = new ArrayList<>();
        int end = off + len;
        try {
            while (off < end) {
                if (fill < HEADER) {
                    int n = Math.min(HEADER - fill, end - off);
                    System.arraycopy(b, off, header, fill, n);
                    fill += n;
                    off += n;
                    if (fill < HEADER) {
                        break;
                    }
                    ByteBuffer h = ByteBuffer.wrap(header).order(order);
                    long type = h.getInt() & 0xFFFFFFFFL;
                    reader = h.getInt() & 0xFFFFFFFFL;
                    long length = h.getInt() & 0xFFFFFFFFL;
                    current = VscType.of(type);
                    if (current == null) {
                        throw new VscProtocolException("unknown VSC message type " + type);
                    }
                    if (length > MAX_PAYLOAD) {
                        throw new VscProtocolException("a VSC " + current + " announces " + length + " bytes, over " + MAX_PAYLOAD);
                    }
                    body = new byte[(int) length];
                }
                int have = fill - HEADER;
                int n = Math.min(body.length - have, end - off);
                System.arraycopy(b, off, body, have, n);
                fill += n;
                off += n;
                if (fill - HEADER == body.length) {
                    out.add(check(current, reader, body));
                    fill = 0;
                    body = null;
                }
            }
        } catch (VscProtocolException e) {
            failed = e;
            throw e;
        }
        return out;
    }

    private VscMessage check(VscType t, long reader, byte[] p) throws VscProtocolException {
        switch (t) {
            case ERROR -> {
                if (p.length != 4) {
                    throw new VscProtocolException("a VSC Error carries 4 bytes, not " + p.length);
                }
                long code = ByteBuffer.wrap(p).order(order).getInt() & 0xFFFFFFFFL;
                return VscMessage.error(reader, (int) code);
            }
            case INIT -> {
                if (p.length < 8 || (p.length - 8) % 4 != 0) {
                    throw new VscProtocolException("a VSC Init of " + p.length + " bytes");
                }
                long magic = ByteBuffer.wrap(p).order(order).getInt() & 0xFFFFFFFFL;
                if (magic != VscMessage.MAGIC) {
                    throw new VscProtocolException(String.format("a VSC Init without the VSCD magic (%08X)", magic));
                }
                return new VscMessage(t, reader, p);
            }
            case ATR -> {
                if (p.length == 0 || p.length > MAX_ATR || (p[0] != 0x3B && p[0] != 0x3F)) {
                    throw new VscProtocolException("a VSC ATR of " + p.length + " bytes is not an ATR");
                }
                return new VscMessage(t, reader, p);
            }
            case APDU -> {
                if (p.length == 0) {
                    throw new VscProtocolException("an empty VSC APDU");
                }
                return new VscMessage(t, reader, p);
            }
            case READER_ADD -> {
                return new VscMessage(t, reader, p);
            }
            default -> {
                if (p.length != 0) {
                    throw new VscProtocolException("a VSC " + t + " carries no payload, got " + p.length + " bytes");
                }
                return new VscMessage(t, reader, p);
            }
        }
    }
}
