package org.thinspice.device.vsc;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One VSC message: type, reader id and payload. Factories build the messages a card owner (our terminal) sends;
 * accessors read the ones it receives. The payload is never printed ({@link #toString()} gives its length only):
 * APDUs carry PINs.
 */
public record VscMessage(VscType type, long readerId, byte[] payload) {
    /** "No reader yet": the id a ReaderAdd goes out with. */
    public static final long UNDEFINED_READER = 0xFFFFFFFFL;
    /** {@code VSCARD_MAGIC}: the bytes "VSCD" read as a little-endian u32. */
    public static final long MAGIC = 0x44435356L;
    /** {@code MAKE_VERSION(0,0,2)}. */
    public static final long VERSION = 2;

    /** VSC error codes; {@code Error} with {@link #SUCCESS} is the acknowledgement of control messages. */
    public static final int SUCCESS = 0;
    public static final int GENERAL_ERROR = 1;
    public static final int CANNOT_ADD_MORE_READERS = 2;
    public static final int CARD_ALREADY_INSERTED = 3;

    public VscMessage {
        payload = payload.clone();
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    public static VscMessage init(long readerId) {
        return new VscMessage(VscType.INIT, readerId, new byte[0]); // magic/version filled by the encoder
    }

    public static VscMessage readerAdd(String name) {
        return new VscMessage(VscType.READER_ADD, UNDEFINED_READER, name.getBytes(StandardCharsets.UTF_8));
    }

    public static VscMessage readerRemove(long readerId) {
        return new VscMessage(VscType.READER_REMOVE, readerId, new byte[0]);
    }

    public static VscMessage atr(long readerId, byte[] atr) {
        return new VscMessage(VscType.ATR, readerId, atr);
    }

    public static VscMessage cardRemove(long readerId) {
        return new VscMessage(VscType.CARD_REMOVE, readerId, new byte[0]);
    }

    public static VscMessage apdu(long readerId, byte[] apdu) {
        return new VscMessage(VscType.APDU, readerId, apdu);
    }

    public static VscMessage flushComplete(long readerId) {
        return new VscMessage(VscType.FLUSH_COMPLETE, readerId, new byte[0]);
    }

    /** An {@code Error} message with {@code code} (0 = success acknowledgement). */
    public static VscMessage error(long readerId, int code) {
        return new VscMessage(VscType.ERROR, readerId, new byte[] {(byte) code, (byte) (code >> 8),
            (byte) (code >> 16), (byte) (code >> 24)}); // re-encoded in the wire order by the encoder
    }

    /** The code of an {@code Error} message (the decoder checked it has 4 bytes). */
    public long errorCode() {
        if (type != VscType.ERROR) {
            throw new IllegalStateException(type + " has no error code");
        }
        return (payload[0] & 0xFFL) | (payload[1] & 0xFFL) << 8 | (payload[2] & 0xFFL) << 16 | (payload[3] & 0xFFL) << 24;
    }

    /** The reader name of a {@code ReaderAdd}. */
    public String readerName() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VscMessage m && m.type == type && m.readerId == readerId && Arrays.equals(m.payload, payload);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * type.hashCode() + Long.hashCode(readerId)) + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "VscMessage[" + type + ", reader " + readerId + ", " + payload.length + " bytes]";
    }
}
