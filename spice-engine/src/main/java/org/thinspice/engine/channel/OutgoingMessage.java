package org.thinspice.engine.channel;

/**
 * A client message to send: type and body; the encoder adds the header. The body is either one array
 * or, for bulk data ({@link #gathered}), slices of several arrays that the encoder writes one after the
 * other straight into the connection's buffer, so they are not first copied into a body of their own.
 */
public final class OutgoingMessage {
    private final int type;
    private byte[] body;
    private final byte[][] parts;
    private final int[] offsets;
    private final int size;

    public OutgoingMessage(int type, byte[] body) {
        this.type = type;
        this.body = body;
        this.parts = null;
        this.offsets = null;
        this.size = body.length;
    }

    private OutgoingMessage(int type, byte[][] parts, int[] offsetsAndLengths, int size) {
        this.type = type;
        this.parts = parts;
        this.offsets = offsetsAndLengths;
        this.size = size;
    }

    public static OutgoingMessage empty(int type) {
        return new OutgoingMessage(type, new byte[0]);
    }

    /**
     * A message whose body is {@code parts[i][offsets[2i] .. offsets[2i] + offsets[2i+1])} for each i in
     * turn. The arrays must not change until the message is written.
     */
    public static OutgoingMessage gathered(int type, byte[][] parts, int[] offsetsAndLengths) {
        if (offsetsAndLengths.length != 2 * parts.length) {
            throw new IllegalArgumentException(parts.length + " parts need " + 2 * parts.length
                    + " offsets and lengths, not " + offsetsAndLengths.length);
        }
        long size = 0;
        for (int i = 0; i < parts.length; i++) {
            int off = offsetsAndLengths[2 * i];
            int len = offsetsAndLengths[2 * i + 1];
            if (off < 0 || len < 0 || off + (long) len > parts[i].length) {
                throw new IllegalArgumentException("part " + i + " [" + off + ", +" + len + ") outside its "
                        + parts[i].length + " bytes");
            }
            size += len;
        }
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("body of " + size + " bytes");
        }
        return new OutgoingMessage(type, parts, offsetsAndLengths, (int) size);
    }

    public int type() {
        return type;
    }

    /** The body's length in bytes. */
    public int size() {
        return size;
    }

    /** Receives the body in pieces. */
    @FunctionalInterface
    public interface BodySink {
        void write(byte[] array, int offset, int length);
    }

    /** Hands the body to {@code sink} in order, without copying it. */
    public void writeBody(BodySink sink) {
        if (parts == null) {
            sink.write(body, 0, body.length);
            return;
        }
        for (int i = 0; i < parts.length; i++) {
            sink.write(parts[i], offsets[2 * i], offsets[2 * i + 1]);
        }
    }

    /** The body as one array (a gathered body is copied into one on first use; tests and logs). */
    public byte[] body() {
        byte[] b = body;
        if (b == null) {
            byte[] whole = new byte[size];
            int[] at = {0};
            writeBody((a, off, len) -> {
                System.arraycopy(a, off, whole, at[0], len);
                at[0] += len;
            });
            body = b = whole;
        }
        return b;
    }

    @Override
    public String toString() {
        return "OutgoingMessage[type=" + type + ", size=" + size + (parts == null ? "" : ", parts=" + parts.length)
                + "]";
    }

    @Override
    public boolean equals(Object o) {
        // As the record this class replaces: same type and the same body array.
        return o instanceof OutgoingMessage m && m.type == type && m.body() == body();
    }

    @Override
    public int hashCode() {
        return 31 * type + System.identityHashCode(body());
    }
}
