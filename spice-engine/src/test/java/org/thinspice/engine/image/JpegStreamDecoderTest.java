package org.thinspice.engine.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.thinspice.engine.SpiceImageException;

/** A stream decoder keeps tables across frames, as spice-gtk's per-stream libjpeg decompressor does. */
class JpegStreamDecoderTest {

    @Test
    void abbreviatedFrameUsesTablesOfAnEarlierFrame() throws SpiceImageException {
        byte[] full = JpegFixtures.jpeg("text-420-q85-optimized");
        byte[] abbreviated = JpegTestStreams.without(full, 0xC4, 0xDB);
        assertTrue(abbreviated.length < full.length);
        int[] dims = new int[2];
        int[] expected = JpegFixtures.pnm("text-420-q85-optimized.ppm", dims);

        JpegStreamDecoder stream = new JpegStreamDecoder(true);
        stream.decode(full, 0, full.length, dims[0], dims[1]);
        int[] second = stream.decode(abbreviated, 0, abbreviated.length, dims[0], dims[1]).argb();
        assertArrayEquals(expected, second);
    }

    @Test
    void tablesOfADroppedFrameAreLearnedWithoutDecodingIt() throws SpiceImageException {
        byte[] full = JpegFixtures.jpeg("text-420-q85-optimized");
        byte[] abbreviated = JpegTestStreams.without(full, 0xC4, 0xDB);
        int[] dims = new int[2];
        int[] expected = JpegFixtures.pnm("text-420-q85-optimized.ppm", dims);
        JpegStreamDecoder stream = new JpegStreamDecoder(true);
        stream.learnTables(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xDB, 0x7F, 0x7F}, 0, 6);
        stream.learnTables(full, 0, full.length);
        assertArrayEquals(expected, stream.decode(abbreviated, 0, abbreviated.length, dims[0], dims[1]).argb());
    }

    @Test
    void abbreviatedFrameAloneIsRefused() {
        byte[] abbreviated = JpegTestStreams.without(JpegFixtures.jpeg("photo-420-q85"), 0xC4);
        SpiceImageException e = assertThrows(SpiceImageException.class,
                () -> new JpegStreamDecoder(false).decode(abbreviated, 0, abbreviated.length, -1, -1));
        assertTrue(e.getMessage().contains("undefined Huffman table"), e.getMessage());
    }

    @Test
    void laterTablesReplaceEarlierOnes() throws SpiceImageException {
        // the optimized fixture brings its own Huffman tables; the standard-table one after it must not use them
        byte[] custom = JpegFixtures.jpeg("text-420-q85-optimized");
        byte[] standard = JpegFixtures.jpeg("text-420-q95");
        JpegStreamDecoder stream = new JpegStreamDecoder(true);
        stream.decode(custom, 0, custom.length, -1, -1);
        int[] dims = new int[2];
        int[] expected = JpegFixtures.pnm("text-420-q95.ppm", dims);
        assertArrayEquals(expected, stream.decode(standard, 0, standard.length, dims[0], dims[1]).argb());
    }
}
