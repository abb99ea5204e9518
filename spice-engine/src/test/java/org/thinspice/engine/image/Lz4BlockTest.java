package org.thinspice.engine.image;

import org.junit.jupiter.api.Test;
import org.thinspice.engine.SpiceImageException;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Lz4BlockTest {

    private static byte[] b(int... v) {
        byte[] out = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (byte) v[i];
        }
        return out;
    }

    private static String decode(byte[] block, int capacity) throws SpiceImageException {
        byte[] out = new byte[capacity];
        int n = Lz4Block.decompress(block, 0, block.length, out, 0, capacity);
        return new String(out, 0, n, StandardCharsets.ISO_8859_1);
    }

    @Test
    void literalsOnly() throws Exception {
        assertEquals("abc", decode(b(0x30, 'a', 'b', 'c'), 10));
    }

    @Test
    void overlappingMatchRepeatsTheLastBytes() throws Exception {
        // 'x', then offset 1 length 4 (run), then final literal 'y'
        assertEquals("xxxxxy", decode(b(0x10, 'x', 0x01, 0x00, 0x10, 'y'), 10));
        // "ab" then offset 2 length 4+15+3 = 22 -> pattern doubles through several copies
        assertEquals("ab".repeat(12) + "!", decode(b(0x2F, 'a', 'b', 0x02, 0x00, 3, 0x10, '!'), 64));
    }

    @Test
    void lengthExtensionsAddUpTo255Runs() throws Exception {
        byte[] block = new byte[3 + 300];
        block[0] = (byte) 0xF0;
        block[1] = (byte) 255; // 15 + 255 + 30 = 300 literals
        block[2] = 30;
        Arrays.fill(block, 3, block.length, (byte) 'q');
        assertEquals("q".repeat(300), decode(block, 300));
    }

    @Test
    void matchesMayReachIntoEarlierOutput() throws Exception {
        byte[] out = new byte[9];
        System.arraycopy("hello".getBytes(StandardCharsets.US_ASCII), 0, out, 0, 5);
        int end = Lz4Block.decompress(b(0x00, 0x05, 0x00, 0x00), 0, 4, out, 5, out.length);
        assertEquals(9, end);
        assertArrayEquals("hellohell".getBytes(StandardCharsets.US_ASCII), out);
    }

    @Test
    void rejectsOffsetsBeforeTheStartOfOutput() {
        SpiceImageException e = assertThrows(SpiceImageException.class, () -> decode(b(0x10, 'x', 0x02, 0x00, 0x00), 10));
        assertTrue(e.getMessage().contains("offset 2"), e.getMessage());
        assertThrows(SpiceImageException.class, () -> decode(b(0x10, 'x', 0x00, 0x00, 0x00), 10));
    }

    @Test
    void rejectsOutputOverflow() {
        assertThrows(SpiceImageException.class, () -> decode(b(0x30, 'a', 'b', 'c'), 2));
        assertThrows(SpiceImageException.class, () -> decode(b(0x10, 'x', 0x01, 0x00, 0x00), 4));
        // a huge extended length is refused before it is summed to the end
        byte[] runaway = new byte[2 + 10_000];
        runaway[0] = (byte) 0xF0;
        Arrays.fill(runaway, 1, runaway.length, (byte) 255);
        assertThrows(SpiceImageException.class, () -> decode(runaway, 1000));
    }

    @Test
    void rejectsTruncatedBlocks() {
        assertThrows(SpiceImageException.class, () -> decode(b(0x30, 'a'), 10));        // literals missing
        assertThrows(SpiceImageException.class, () -> decode(b(0x10, 'x', 0x01), 10));  // half an offset
        assertThrows(SpiceImageException.class, () -> decode(b(0x10, 'x', 0x01, 0x00), 10)); // ends after a match
        assertThrows(SpiceImageException.class, () -> decode(b(0xF0), 10));            // length extension missing
        assertThrows(SpiceImageException.class, () -> decode(new byte[0], 10));
    }
}
