package org.thinspice.testbed;

/**
 * Follows the server→client half of one plaintext SPICE connection (link header and reply, link result,
 * then mini-header messages) and counts the video frames it carries (DISPLAY STREAM_DATA and
 * STREAM_DATA_SIZED) and the drawing messages (COPY_BITS, DRAW_FILL … DRAW_ALPHA_BLEND, DRAW_COMPOSITE and the
 * stream frames). Sans-I/O: feed it the bytes as they pass.
 */
final class ServerMessageCounter {
    private static final int STREAM_DATA = 123;
    private static final int STREAM_DATA_SIZED = 316;
    private static final int COPY_BITS = 104;
    private static final int DRAW_FIRST = 302;
    private static final int DRAW_LAST = 313;
    private static final int DRAW_COMPOSITE = 318;
    private static final int LINK_HEADER = 16;
    private static final int MAX_MESSAGE = 64 << 20;

    private enum Phase { LINK_HEADER, LINK_BODY, LINK_RESULT, HEADER, BODY, LOST }

    private final byte[] header = new byte[LINK_HEADER];
    private Phase phase = Phase.LINK_HEADER;
    private int have;
    private long left;
    private long streamFrames;
    private long draws;
    private long messages;
    private final boolean display;

    /** @param display whether this connection is a display channel (frames are counted only there) */
    ServerMessageCounter(boolean display) {
        this.display = display;
    }

    void feed(byte[] b, int off, int len) {
        int p = off;
        int end = off + len;
        while (p < end && phase != Phase.LOST) {
            switch (phase) {
                case LINK_HEADER, LINK_RESULT, HEADER -> {
                    int need = phase == Phase.LINK_HEADER ? LINK_HEADER : phase == Phase.LINK_RESULT ? 4 : 6;
                    int n = Math.min(need - have, end - p);
                    System.arraycopy(b, p, header, have, n);
                    have += n;
                    p += n;
                    if (have == need) {
                        have = 0;
                        complete();
                    }
                }
                case LINK_BODY, BODY -> {
                    int n = (int) Math.min(left, end - p);
                    left -= n;
                    p += n;
                    if (left == 0) {
                        phase = phase == Phase.LINK_BODY ? Phase.LINK_RESULT : Phase.HEADER;
                    }
                }
                default -> {
                    return;
                }
            }
        }
    }

    private void complete() {
        switch (phase) {
            case LINK_HEADER -> {
                left = u32(header, 12);
                phase = left > 4096 ? Phase.LOST : Phase.LINK_BODY;
            }
            case LINK_RESULT -> phase = u32(header, 0) == 0 ? Phase.HEADER : Phase.LOST;
            case HEADER -> {
                int type = (header[0] & 0xFF) | (header[1] & 0xFF) << 8;
                left = u32(header, 2);
                messages++;
                if (display && (type == STREAM_DATA || type == STREAM_DATA_SIZED)) {
                    streamFrames++;
                }
                if (display && (type == STREAM_DATA || type == STREAM_DATA_SIZED || type == COPY_BITS
                        || type >= DRAW_FIRST && type <= DRAW_LAST || type == DRAW_COMPOSITE)) {
                    draws++;
                }
                phase = left > MAX_MESSAGE ? Phase.LOST : left == 0 ? Phase.HEADER : Phase.BODY;
            }
            default -> {
            }
        }
        if (phase == Phase.LINK_BODY && left == 0) {
            phase = Phase.LINK_RESULT;
        }
    }

    long streamFrames() {
        return streamFrames;
    }

    long draws() {
        return draws;
    }

    long messages() {
        return messages;
    }

    /** False once the stream stopped looking like SPICE with mini headers. */
    boolean inStep() {
        return phase != Phase.LOST;
    }

    private static long u32(byte[] b, int p) {
        return (b[p] & 0xFFL) | (b[p + 1] & 0xFFL) << 8 | (b[p + 2] & 0xFFL) << 16 | (b[p + 3] & 0xFFL) << 24;
    }
}
