package org.thinspice.testbed;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServerMessageCounterTest {
    /** A link reply of {@code bodyLength} bytes, link result OK, then one mini-header message per type. */
    private static byte[] connection(int bodyLength, int... types) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] linkHeader = new byte[16];
        putU32(linkHeader, 12, bodyLength);
        out.writeBytes(linkHeader);
        out.writeBytes(new byte[bodyLength]);
        out.writeBytes(new byte[4]); // link result 0
        for (int i = 0; i < types.length; i++) {
            int size = i % 3; // bodies of 0, 1 and 2 bytes
            byte[] h = new byte[6];
            h[0] = (byte) types[i];
            h[1] = (byte) (types[i] >> 8);
            putU32(h, 2, size);
            out.writeBytes(h);
            out.writeBytes(new byte[size]);
        }
        return out.toByteArray();
    }

    private static void putU32(byte[] b, int p, int v) {
        for (int i = 0; i < 4; i++) {
            b[p + i] = (byte) (v >> (8 * i));
        }
    }

    @Test
    void countsDrawingMessagesAndStreamFramesOnADisplayChannelFedByteByByte() {
        // MARK 102, COPY_BITS 104, DRAW_FILL 302, DRAW_ALPHA_BLEND 313, SURFACE_CREATE 314, STREAM_DATA 123,
        // STREAM_DATA_SIZED 316, DRAW_COMPOSITE 318, MONITORS_CONFIG 317
        byte[] wire = connection(8, 102, 104, 302, 313, 314, 123, 316, 318, 317);
        ServerMessageCounter c = new ServerMessageCounter(true);
        for (byte b : wire) {
            c.feed(new byte[] {b}, 0, 1);
        }
        assertTrue(c.inStep());
        assertEquals(9, c.messages());
        assertEquals(2, c.streamFrames());
        assertEquals(6, c.draws());
    }

    @Test
    void countsNoDrawsOffTheDisplayChannel() {
        byte[] wire = connection(4, 104, 302, 123);
        ServerMessageCounter c = new ServerMessageCounter(false);
        c.feed(wire, 0, wire.length);
        assertEquals(3, c.messages());
        assertEquals(0, c.draws());
        assertEquals(0, c.streamFrames());
    }
}
