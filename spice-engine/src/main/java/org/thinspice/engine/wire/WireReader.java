package org.thinspice.engine.wire;

import org.thinspice.engine.SpiceProtocolException;

import java.nio.charset.StandardCharsets;

/**
 * Bounds-checked little-endian reader over a message body. SPICE pointer fields are offsets from the
 * start of the body; {@link #at(long)} follows one. Every read past the end becomes a
 * {@link SpiceProtocolException}, never an {@code IndexOutOfBoundsException}.
 */
public final class WireReader {
    private final byte[] buf;
    private final int start;
    private final int end;
    private int pos;

    public WireReader(byte[] buf) {
        this(buf, 0, buf.length);
    }

    public WireReader(byte[] buf, int offset, int length) {
        if (offset < 0 || length < 0 || offset + length > buf.length) {
            throw new IllegalArgumentException("slice out of range");
        }
        this.buf = buf;
        this.start = offset;
        this.end = offset + length;
        this.pos = offset;
    }

    public byte[] array() {
        return buf;
    }

    /** Absolute index into {@link #array()} of the next byte. */
    public int arrayOffset() {
        return pos;
    }

    /** Position relative to the start of this reader's body. */
    public int position() {
        return pos - start;
    }

    public int length() {
        return end - start;
    }

    public int remaining() {
        return end - pos;
    }

    /** A new reader over the same body, positioned at body offset {@code ptr} (a SPICE pointer field). */
    public WireReader at(long ptr) throws SpiceProtocolException {
        if (ptr < 0 || ptr > end - start) {
            throw new SpiceProtocolException("pointer " + ptr + " outside a body of " + (end - start) + " bytes");
        }
        WireReader r = new WireReader(buf, start, end - start);
        r.pos = start + (int) ptr;
        return r;
    }

    private void need(long n) throws SpiceProtocolException {
        if (n < 0 || n > end - pos) {
            throw new SpiceProtocolException("message truncated: need " + n + " bytes at offset " + position()
                    + ", have " + (end - pos));
        }
    }

    public void skip(long n) throws SpiceProtocolException {
        need(n);
        pos += (int) n;
    }

    public int u8() throws SpiceProtocolException {
        need(1);
        return buf[pos++] & 0xFF;
    }

    public int u16() throws SpiceProtocolException {
        need(2);
        int v = (buf[pos] & 0xFF) | (buf[pos + 1] & 0xFF) << 8;
        pos += 2;
        return v;
    }

    public short i16() throws SpiceProtocolException {
        return (short) u16();
    }

    public int i32() throws SpiceProtocolException {
        need(4);
        int v = (buf[pos] & 0xFF) | (buf[pos + 1] & 0xFF) << 8 | (buf[pos + 2] & 0xFF) << 16 | (buf[pos + 3] & 0xFF) << 24;
        pos += 4;
        return v;
    }

    /** Unsigned 32-bit value as a long. */
    public long u32() throws SpiceProtocolException {
        return i32() & 0xFFFFFFFFL;
    }

    /**
     * Unsigned 32-bit value that must not exceed {@code max}; used for counts and sizes before
     * allocating.
     */
    public int u32Max(long max, String what) throws SpiceProtocolException {
        long v = u32();
        if (v > max) {
            throw new SpiceProtocolException(org.thinspice.engine.SpiceReason.LIMIT_EXCEEDED,
                    what + " " + v + " exceeds the limit " + max);
        }
        return (int) v;
    }

    public long i64() throws SpiceProtocolException {
        long lo = u32();
        long hi = u32();
        return lo | hi << 32;
    }

    /** Copies {@code n} bytes out; {@code n} is checked against what is left first. */
    public byte[] bytes(long n) throws SpiceProtocolException {
        need(n);
        byte[] out = new byte[(int) n];
        System.arraycopy(buf, pos, out, 0, (int) n);
        pos += (int) n;
        return out;
    }

    /** A reader over the next {@code n} bytes (no copy); this reader moves past them. */
    public WireReader slice(long n) throws SpiceProtocolException {
        need(n);
        WireReader r = new WireReader(buf, pos, (int) n);
        pos += (int) n;
        return r;
    }

    /** The rest of the body as a reader (no copy). */
    public WireReader rest() throws SpiceProtocolException {
        return slice(remaining());
    }

    /** UTF-8 string of {@code n} bytes, cut at the first NUL. */
    public String string(long n) throws SpiceProtocolException {
        need(n);
        int len = 0;
        while (len < n && buf[pos + len] != 0) {
            len++;
        }
        String s = new String(buf, pos, len, StandardCharsets.UTF_8);
        pos += (int) n;
        return s;
    }
}
