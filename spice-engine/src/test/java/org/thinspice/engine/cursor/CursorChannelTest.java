package org.thinspice.engine.cursor;

import org.junit.jupiter.api.Test;
import org.thinspice.engine.SpiceException;
import org.thinspice.engine.SpiceListener;
import org.thinspice.engine.SpiceProtocolException;
import org.thinspice.engine.SpiceReason;
import org.thinspice.engine.channel.MessageTypes;
import org.thinspice.engine.channel.SpiceMessage;
import org.thinspice.engine.wire.WireWriter;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Hand-built cursor messages for every cursor type, the cache and the position/visibility messages. */
class CursorChannelTest {
    private static final int T = 0;           // transparent
    private static final int K = 0xFF000000;  // opaque black
    private static final int W = 0xFFFFFFFF;  // opaque white
    private final List<String> events = new ArrayList<>();
    private final List<CursorShape> shapes = new ArrayList<>();
    private final CursorChannel channel = new CursorChannel(3, new SpiceListener() {
        @Override
        public void onCursorShape(int channelId, CursorShape shape) {
            shapes.add(shape);
            events.add("shape " + channelId + " " + shape.width() + "x" + shape.height() + " @" + shape.hotX() + "," + shape.hotY());
        }

        @Override
        public void onCursorMoved(int channelId, int x, int y) {
            events.add("move " + x + "," + y);
        }

        @Override
        public void onCursorHidden(int channelId) {
            events.add("hide");
        }

        @Override
        public void onCursorReset(int channelId) {
            events.add("reset");
        }
    });

    private void feed(int type, byte[] body) throws SpiceException {
        channel.onMessage(new SpiceMessage(type, body), m -> { });
    }

    private int[] setAndGet(int type, int w, int h, byte[] data) throws SpiceException {
        feed(MessageTypes.CURSOR_SET, CursorMessages.set(0, 0, true, 0, 1, type, w, h, 0, 0, data));
        return shapes.get(shapes.size() - 1).argb();
    }

    private static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }

    @Test
    void alphaCursorKeepsItsArgbAndInitReportsPositionAndVisibility() throws Exception {
        byte[] data = new WireWriter().u32(0x80FF0000L).u32(0x00000000).u32(0xFF00FF00L).u32(0x400000FF).toByteArray();
        feed(MessageTypes.CURSOR_INIT, CursorMessages.init(10, 20, true, 0, 1, CursorDecoder.ALPHA, 2, 2, 1, 1, data));
        assertEquals(List.of("shape 3 2x2 @1,1", "move 10,20"), events);
        assertArrayEquals(new int[] {0x80FF0000, 0, 0xFF00FF00, 0x400000FF}, shapes.get(0).argb());
    }

    @Test
    void monoCursorAndXorMasks() throws Exception {
        // 4x1: AND 0011, XOR 0101 -> black, white, transparent, white (inverting, shown white)
        int[] px = setAndGet(CursorDecoder.MONO, 4, 1, bytes(0b0011_0000, 0b0101_0000));
        assertArrayEquals(new int[] {K, W, T, W}, px);
    }

    @Test
    void monoXorOnlyCursorGetsABlackOutline() throws Exception {
        // 3x3, AND all ones, XOR only the centre: the centre is white, the ring around it black
        byte[] and = bytes(0xE0, 0xE0, 0xE0);
        byte[] xor = bytes(0x00, 0x40, 0x00);
        byte[] data = new byte[6];
        System.arraycopy(and, 0, data, 0, 3);
        System.arraycopy(xor, 0, data, 3, 3);
        assertArrayEquals(new int[] {K, K, K, K, W, K, K, K, K}, setAndGet(CursorDecoder.MONO, 3, 3, data));
    }

    @Test
    void color4UsesItsPaletteAndMask() throws Exception {
        WireWriter w = new WireWriter().u8(0x12).u8(0x30); // indices 1 2 / 3 0 (3 px row: 1, 2, 3)
        for (int i = 0; i < 16; i++) {
            w.u32(i == 3 ? 0xFFFFFF : i * 0x111111L);
        }
        w.u8(0b0110_0000); // AND: pixel 1 transparent, pixel 2 (white) inverting
        int[] px = setAndGet(CursorDecoder.COLOR4, 3, 1, w.toByteArray());
        assertArrayEquals(new int[] {0xFF111111, T, CursorDecoder.checker(2, 0)}, px);
    }

    @Test
    void color8UsesA256EntryPalette() throws Exception {
        WireWriter w = new WireWriter().u8(7).u8(200);
        for (int i = 0; i < 256; i++) {
            w.u32(i * 0x010101L);
        }
        w.u8(0);
        assertArrayEquals(new int[] {0xFF070707, 0xFFC8C8C8}, setAndGet(CursorDecoder.COLOR8, 2, 1, w.toByteArray()));
    }

    @Test
    void color16ExpandsX555() throws Exception {
        byte[] data = new WireWriter().u16(0x7C00).u16(0x03E0).u16(0x001F).u8(0b0010_0000).toByteArray();
        assertArrayEquals(new int[] {0xFFF80000, 0xFF00F800, T}, setAndGet(CursorDecoder.COLOR16, 3, 1, data));
    }

    @Test
    void color24ReadsBgrTriples() throws Exception {
        byte[] data = bytes(0x01, 0x02, 0x03, 0xFF, 0xFF, 0xFF, 0b0100_0000);
        assertArrayEquals(new int[] {0xFF030201, CursorDecoder.checker(1, 0)}, setAndGet(CursorDecoder.COLOR24, 2, 1, data));
    }

    @Test
    void color32MasksRowByRow() throws Exception {
        // 2x2: mask rows are padded to a byte each: row 0 "10", row 1 "01"
        byte[] data = new WireWriter().u32(0x112233).u32(0x445566).u32(0x778899).u32(0xAABBCC)
                .u8(0b1000_0000).u8(0b0100_0000).toByteArray();
        assertArrayEquals(new int[] {T, 0xFF445566, 0xFF778899, T}, setAndGet(CursorDecoder.COLOR32, 2, 2, data));
    }

    @Test
    void cacheMeFromCacheAndInvalidation() throws Exception {
        byte[] data = new WireWriter().u32(0xFF010203L).toByteArray();
        feed(MessageTypes.CURSOR_SET, CursorMessages.set(0, 0, true, CursorChannel.FLAG_CACHE_ME, 42,
                CursorDecoder.ALPHA, 1, 1, 0, 0, data));
        assertEquals(1, channel.cachedShapes());
        feed(MessageTypes.CURSOR_SET, CursorMessages.set(5, 6, true, CursorChannel.FLAG_FROM_CACHE, 42,
                CursorDecoder.ALPHA, 1, 1, 0, 0, new byte[0]));
        assertSame(shapes.get(0), shapes.get(1), "the cached shape is reported again");
        feed(MessageTypes.CURSOR_INVAL_ONE, new WireWriter().u64(42).toByteArray());
        assertEquals(0, channel.cachedShapes());
        events.clear();
        feed(MessageTypes.CURSOR_SET, CursorMessages.set(5, 6, true, CursorChannel.FLAG_FROM_CACHE, 42,
                CursorDecoder.ALPHA, 1, 1, 0, 0, new byte[0]));
        assertEquals(List.of("move 5,6", "hide"), events, "a cache miss hides the pointer, as spice-gtk");
        feed(MessageTypes.CURSOR_SET, CursorMessages.set(0, 0, true, CursorChannel.FLAG_CACHE_ME, 43,
                CursorDecoder.ALPHA, 1, 1, 0, 0, data));
        feed(MessageTypes.CURSOR_INVAL_ALL, new byte[0]);
        assertEquals(0, channel.cachedShapes());
    }

    @Test
    void cacheIsBoundedInEntries() throws Exception {
        byte[] data = new WireWriter().u32(0xFF010203L).toByteArray();
        for (int i = 0; i < 300; i++) {
            feed(MessageTypes.CURSOR_SET, CursorMessages.set(0, 0, true, CursorChannel.FLAG_CACHE_ME, i,
                    CursorDecoder.ALPHA, 1, 1, 0, 0, data));
        }
        assertEquals(256, channel.cachedShapes());
    }

    @Test
    void moveHideTrailResetAndNone() throws Exception {
        feed(MessageTypes.CURSOR_MOVE, new WireWriter().u16(-3 & 0xFFFF).u16(7).toByteArray());
        feed(MessageTypes.CURSOR_TRAIL, new WireWriter().u16(4).u16(10).toByteArray());
        feed(MessageTypes.CURSOR_HIDE, new byte[0]);
        feed(MessageTypes.CURSOR_SET, CursorMessages.set(1, 2, true, CursorChannel.FLAG_NONE, 0, 0, 0, 0, 0, 0, new byte[0]));
        feed(MessageTypes.CURSOR_RESET, new byte[0]);
        assertEquals(List.of("move -3,7", "hide", "move 1,2", "hide", "reset"), events);
    }

    @Test
    void hotspotIsClampedIntoTheShape() throws Exception {
        byte[] data = new WireWriter().u32(0).u32(0).toByteArray();
        feed(MessageTypes.CURSOR_SET, CursorMessages.set(0, 0, false, 0, 1, CursorDecoder.ALPHA, 2, 1, 900, 5, data));
        assertEquals(List.of("shape 3 2x1 @1,0", "move 0,0", "hide"), events);
    }

    @Test
    void oversizedTruncatedAndUnknownCursorsAreRejected() {
        SpiceProtocolException big = assertThrows(SpiceProtocolException.class, () -> feed(MessageTypes.CURSOR_SET,
                CursorMessages.set(0, 0, true, 0, 1, CursorDecoder.ALPHA, 4096, 4096, 0, 0, new byte[16])));
        assertEquals(SpiceReason.LIMIT_EXCEEDED, big.reason());
        SpiceProtocolException shortData = assertThrows(SpiceProtocolException.class, () -> feed(MessageTypes.CURSOR_SET,
                CursorMessages.set(0, 0, true, 0, 1, CursorDecoder.COLOR32, 8, 8, 0, 0, new byte[255])));
        assertEquals(SpiceReason.PROTOCOL_ERROR, shortData.reason());
        assertThrows(SpiceProtocolException.class, () -> feed(MessageTypes.CURSOR_SET,
                CursorMessages.set(0, 0, true, 0, 1, 9, 1, 1, 0, 0, new byte[16])));
    }
}
