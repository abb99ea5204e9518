package org.thinspice.engine.image;

import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import org.junit.jupiter.api.Test;
import org.thinspice.engine.SpiceImageException;
import org.thinspice.engine.SpiceProtocolException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class Lz4DecoderTest {
    private static final LZ4Compressor LZ4 = LZ4Factory.safeInstance().highCompressor();

    /** Bytes of a desktop-like picture: flat panels, a few gradients, some noisy "text". */
    static byte[] desktopPicture(int width, int height, int bytesPerPixel, long seed) {
        Random rnd = new Random(seed);
        byte[] out = new byte[width * height * bytesPerPixel];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int p = (y * width + x) * bytesPerPixel;
                int v = (x / 24 + y / 16) % 3 == 0 ? 0x40 + (x & 0x3F) : 0xC0;
                boolean text = y % 16 < 9 && x % 7 < 4 && rnd.nextInt(3) == 0;
                for (int c = 0; c < bytesPerPixel; c++) {
                    out[p + c] = (byte) (text ? 0x10 * c : v + 17 * c);
                }
            }
        }
        return out;
    }

    /** Compresses {@code raw} as independent LZ4 blocks of {@code chunk} input bytes and frames them for SPICE. */
    static byte[] spiceLz4(boolean topDown, BitmapFormat format, byte[] raw, int chunk) {
        List<byte[]> blocks = new ArrayList<>();
        for (int pos = 0; pos < raw.length; pos += chunk) {
            int n = Math.min(chunk, raw.length - pos);
            byte[] dst = new byte[LZ4.maxCompressedLength(n)];
            int len = LZ4.compress(raw, pos, n, dst, 0, dst.length);
            blocks.add(Arrays.copyOf(dst, len));
        }
        return frame(topDown, format, blocks);
    }

    static byte[] frame(boolean topDown, BitmapFormat format, List<byte[]> blocks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(topDown ? 1 : 0);
        out.write(format.code());
        for (byte[] block : blocks) {
            out.writeBytes(ByteBuffer.allocate(4).putInt(block.length).array()); // big-endian length
            out.writeBytes(block);
        }
        return out.toByteArray();
    }

    private static int[] expected(BitmapFormat format, boolean topDown, int w, int h, byte[] raw) throws Exception {
        int stride = w * format.bitsPerPixel() / 8;
        return BitmapDecoder.decode(format.code(), topDown, w, h, stride, raw, 0, raw.length, null);
    }

    @Test
    void decodesEveryLz4FormatBothRowOrders() throws Exception {
        int w = 37;
        int h = 23;
        for (BitmapFormat format : List.of(BitmapFormat.SIXTEEN_BIT, BitmapFormat.TWENTY_FOUR_BIT,
                BitmapFormat.THIRTY_TWO_BIT, BitmapFormat.RGBA)) {
            byte[] raw = desktopPicture(w, h, format.bitsPerPixel() / 8, format.code());
            for (boolean topDown : new boolean[] {true, false}) {
                byte[] stream = spiceLz4(topDown, format, raw, raw.length);
                int[] px = Lz4Decoder.decode(stream, 0, stream.length, w, h);
                assertArrayEquals(expected(format, topDown, w, h, raw), px, format + " topDown=" + topDown);
            }
        }
    }

    @Test
    void bottomUpStreamsStartWithTheBottomRow() throws Exception {
        byte[] raw = new byte[2 * 4];
        raw[0] = 1; // first stored row, blue 1
        raw[4] = 2; // second stored row, blue 2
        byte[] stream = spiceLz4(false, BitmapFormat.THIRTY_TWO_BIT, raw, raw.length);
        assertArrayEquals(new int[] {0xFF000002, 0xFF000001}, Lz4Decoder.decode(stream, 0, stream.length, 1, 2));
    }

    @Test
    void decodesManyBlocksIntoOneImage() throws Exception {
        int w = 200;
        int h = 150;
        byte[] raw = desktopPicture(w, h, 4, 3);
        byte[] stream = spiceLz4(true, BitmapFormat.THIRTY_TWO_BIT, raw, 4099); // odd size: blocks split pixels
        assertArrayEquals(expected(BitmapFormat.THIRTY_TWO_BIT, true, w, h, raw), Lz4Decoder.decode(stream, 0, stream.length, w, h));
    }

    @Test
    void decodesLinkedBlocksFromTheReferenceLz4Tool() throws Exception {
        List<byte[]> blocks = linkedFixtureBlocks();
        assertTrue(blocks.size() >= 2, "the fixture must have several blocks");
        // block 2 alone cannot decode: it copies bytes block 1 produced
        byte[] alone = new byte[1 << 16];
        assertThrows(SpiceImageException.class,
                () -> Lz4Block.decompress(blocks.get(1), 0, blocks.get(1).length, alone, 0, alone.length));

        byte[] stream = frame(true, BitmapFormat.THIRTY_TWO_BIT, blocks);
        int[] px = Lz4Decoder.decode(stream, 0, stream.length, 160, 120);
        assertArrayEquals(expected(BitmapFormat.THIRTY_TWO_BIT, true, 160, 120, fixturePicture()), px);
        assertEquals(0xFF000000, px[0], "x=0,y=0 is a black 'glyph' pixel by the fixture formula");
    }

    @Test
    void readsFromAnOffsetIntoTheArray() throws Exception {
        byte[] raw = desktopPicture(8, 8, 3, 9);
        byte[] stream = spiceLz4(true, BitmapFormat.TWENTY_FOUR_BIT, raw, 50);
        byte[] padded = new byte[stream.length + 10];
        System.arraycopy(stream, 0, padded, 7, stream.length);
        assertArrayEquals(expected(BitmapFormat.TWENTY_FOUR_BIT, true, 8, 8, raw), Lz4Decoder.decode(padded, 7, stream.length, 8, 8));
    }

    @Test
    void rejectsStreamsThatDoNotFillTheImageExactly() {
        byte[] raw = desktopPicture(10, 10, 4, 1);
        byte[] stream = spiceLz4(true, BitmapFormat.RGBA, raw, raw.length);
        SpiceImageException tooFew = assertThrows(SpiceImageException.class, () -> Lz4Decoder.decode(stream, 0, stream.length, 10, 11));
        assertTrue(tooFew.getMessage().contains("decoded to 400 bytes"), tooFew.getMessage());
        assertThrows(SpiceImageException.class, () -> Lz4Decoder.decode(stream, 0, stream.length, 10, 9));
        byte[] twice = frame(true, BitmapFormat.RGBA, List.of(Arrays.copyOfRange(stream, 6, stream.length),
                Arrays.copyOfRange(stream, 6, stream.length)));
        assertThrows(SpiceImageException.class, () -> Lz4Decoder.decode(twice, 0, twice.length, 10, 10));
    }

    @Test
    void rejectsBadHeadersAndBlockLengths() {
        byte[] raw = desktopPicture(4, 4, 4, 1);
        byte[] good = spiceLz4(true, BitmapFormat.THIRTY_TWO_BIT, raw, raw.length);
        for (int format : new int[] {0, 1, 5, 10, 200}) { // none of 16BIT, 24BIT, 32BIT, RGBA
            byte[] bad = good.clone();
            bad[1] = (byte) format;
            assertThrows(SpiceImageException.class, () -> Lz4Decoder.decode(bad, 0, bad.length, 4, 4), "format " + format);
        }
        byte[] zeroLength = frame(true, BitmapFormat.THIRTY_TWO_BIT, List.of(new byte[0]));
        assertThrows(SpiceImageException.class, () -> Lz4Decoder.decode(zeroLength, 0, zeroLength.length, 4, 4));
        byte[] hugeLength = good.clone();
        hugeLength[2] = (byte) 0x80;
        assertThrows(SpiceImageException.class, () -> Lz4Decoder.decode(hugeLength, 0, hugeLength.length, 4, 4));
        byte[] emptyBlock = frame(true, BitmapFormat.THIRTY_TWO_BIT, List.of(new byte[] {0x00}));
        assertThrows(SpiceImageException.class, () -> Lz4Decoder.decode(emptyBlock, 0, emptyBlock.length, 4, 4));
        assertThrows(SpiceImageException.class, () -> Lz4Decoder.decode(new byte[] {1}, 0, 1, 4, 4));
    }

    @Test
    void refusesToAllocateForATinyStreamClaimingAHugeImage() {
        byte[] stream = frame(true, BitmapFormat.THIRTY_TWO_BIT, List.of(new byte[] {0x10, 1}));
        SpiceImageException e = assertThrows(SpiceImageException.class, () -> Lz4Decoder.decode(stream, 0, stream.length, 4096, 4096));
        assertTrue(e.getMessage().contains("cannot hold"), e.getMessage());
    }

    @Test
    void everyPrefixIsRejected() throws Exception {
        List<byte[]> streams = List.of(
                spiceLz4(false, BitmapFormat.THIRTY_TWO_BIT, desktopPicture(24, 16, 4, 5), 500),
                frame(true, BitmapFormat.THIRTY_TWO_BIT, linkedFixtureBlocks()));
        int[][] dims = {{24, 16}, {160, 120}};
        for (int s = 0; s < streams.size(); s++) {
            byte[] stream = streams.get(s);
            int w = dims[s][0];
            int h = dims[s][1];
            assertNotNull(Lz4Decoder.decode(stream, 0, stream.length, w, h));
            for (int n = 0; n < stream.length; n++) {
                int len = n;
                assertThrows(SpiceImageException.class, () -> Lz4Decoder.decode(stream, 0, len, w, h), "prefix " + n);
            }
        }
    }

    @Test
    void randomByteFlipsGiveAnImageOrSpiceImageException() throws Exception {
        byte[] stream = spiceLz4(true, BitmapFormat.THIRTY_TWO_BIT, desktopPicture(32, 24, 4, 11), 900);
        byte[] linked = frame(true, BitmapFormat.THIRTY_TWO_BIT, linkedFixtureBlocks());
        Random rnd = new Random(42);
        int clean = 0;
        int rejected = 0;
        for (int i = 0; i < 4000; i++) {
            boolean small = i % 4 != 0;
            byte[] bad = (small ? stream : linked).clone();
            for (int f = 1 + rnd.nextInt(3); f > 0; f--) {
                bad[rnd.nextInt(bad.length)] ^= (byte) (1 << rnd.nextInt(8));
            }
            try {
                int[] px = small ? Lz4Decoder.decode(bad, 0, bad.length, 32, 24) : Lz4Decoder.decode(bad, 0, bad.length, 160, 120);
                assertEquals(small ? 32 * 24 : 160 * 120, px.length);
                clean++;
            } catch (SpiceImageException e) {
                rejected++;
            } catch (SpiceProtocolException | RuntimeException e) {
                fail("flip " + i + " escaped as " + e, e);
            }
        }
        assertTrue(clean > 0 && rejected > 0, "both outcomes should occur: clean=" + clean + " rejected=" + rejected);
    }

    /** The picture the fixture was compressed from; see testdata/README.md. */
    static byte[] fixturePicture() {
        byte[] out = new byte[160 * 120 * 4];
        int p = 0;
        for (int y = 0; y < 120; y++) {
            for (int x = 0; x < 160; x++) {
                int b = ((x / 16) * 37 + (y / 12) * 11) & 0xFF;
                int g = ((x / 16) * 5 + (y / 12) * 67) & 0xFF;
                int r = (x + y) % 2 == 0 ? 0x30 : 0x31;
                if ((x % 16) * 7 % 11 == (y % 12) % 5) {
                    b = 0;
                    g = 0;
                    r = 0;
                }
                out[p++] = (byte) b;
                out[p++] = (byte) g;
                out[p++] = (byte) r;
                out[p++] = 0;
            }
        }
        return out;
    }

    /** The compressed blocks of the LZ4 frame fixture (magic, FLG, BD, HC, then u32-LE-sized blocks). */
    static List<byte[]> linkedFixtureBlocks() throws IOException {
        byte[] f;
        try (InputStream in = Lz4DecoderTest.class.getResourceAsStream("testdata/rgb32-160x120-linked.lz4")) {
            f = in.readAllBytes();
        }
        ByteBuffer buf = ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0x184D2204, buf.getInt(), "LZ4 frame magic");
        int flg = buf.get() & 0xFF;
        assertEquals(0, flg & 0x20, "fixture must use linked (dependent) blocks");
        assertEquals(0, flg & 0x1D, "fixture has no checksums, content size or dictionary");
        buf.get(); // BD
        buf.get(); // header checksum
        List<byte[]> blocks = new ArrayList<>();
        for (int size = buf.getInt(); size != 0; size = buf.getInt()) {
            assertEquals(0, size & 0x80000000, "fixture blocks are compressed");
            byte[] block = new byte[size];
            buf.get(block);
            blocks.add(block);
        }
        return blocks;
    }
}
