package org.thinspice.engine.smartcard;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.thinspice.engine.SpiceProtocolException;

/**
 * Cuts the bytes of SPICE_MSG_SMARTCARD_DATA bodies into whole VSC messages, sans-I/O. spice-server sends one
 * VSC message per SPICE message, but nothing in the protocol promises it, so a message split across SPICE
 * messages or several in one are put together here. Only the framing is read (the length at offset 8); the
 * message types are the reader's business. The announced length is checked against {@link #MAX_PAYLOAD} before
 * anything is allocated, and the first error is final.
 */
public final class VscFramer {
    /** The VSC header: u32 type, u32 reader id, u32 length. */
    public static final int HEADER = 12;
    /** Largest payload: QEMU's ccid-card-passthru reads VSC messages into a 64 KiB buffer, header included. */
    public static final int MAX_PAYLOAD = 64 * 1024 - HEADER;

    private byte[] pending = new byte[0];
    private int used;
    private String failed;

    /** The whole messages {@code data} completes, in order; bytes of an unfinished one are kept. */
    public List<byte[]> feed(byte[] data, int offset, int length) throws SpiceProtocolException {
        if (failed != null) {
            throw new SpiceProtocolException("smartcard channel: " + failed);
        }
        List<byte[]> out = new ArrayList<>();
        int at = offset;
        int end = offset + length;
        while (at < end) {
            int want = used < HEADER ? HEADER : HEADER + payloadLength();
            int n = Math.min(want - used, end - at);
            ensure(want);
            System.arraycopy(data, at, pending, used, n);
            used += n;
            at += n;
            if (used == HEADER) {
                checkLength();
            }
            if (used >= HEADER && used == HEADER + payloadLength()) {
                out.add(Arrays.copyOf(pending, used));
                used = 0;
            }
        }
        return out;
    }

    /** Bytes of an unfinished message held back. */
    public int pendingBytes() {
        return used;
    }

    /** Checks one message this client is about to send: a header, and exactly the payload it announces. */
    public static void checkWhole(byte[] m) {
        if (m.length < HEADER) {
            throw new IllegalArgumentException("a VSC message is at least " + HEADER + " bytes, not " + m.length);
        }
        long len = u32(m, 8);
        if (len > MAX_PAYLOAD || len != m.length - HEADER) {
            throw new IllegalArgumentException("a VSC message announcing " + len + " payload bytes carries "
                    + (m.length - HEADER) + " (at most " + MAX_PAYLOAD + ")");
        }
    }

    private void checkLength() throws SpiceProtocolException {
        long len = u32(pending, 8);
        if (len > MAX_PAYLOAD) {
            failed = "a VSC message announces " + len + " payload bytes, more than " + MAX_PAYLOAD;
            throw new SpiceProtocolException("smartcard channel: " + failed);
        }
    }

    private int payloadLength() {
        return (int) u32(pending, 8);
    }

    private void ensure(int size) {
        if (pending.length < size) {
            pending = Arrays.copyOf(pending, Math.max(size, Math.min(2 * pending.length, HEADER + MAX_PAYLOAD)));
        }
    }

    private static long u32(byte[] b, int at) {
        return (b[at] & 0xFFL) | (b[at + 1] & 0xFFL) << 8 | (b[at + 2] & 0xFFL) << 16 | (b[at + 3] & 0xFFL) << 24;
    }
}
