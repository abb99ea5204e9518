package org.thinspice.engine.display;

import org.junit.jupiter.api.Test;
import org.thinspice.engine.SpiceException;
import org.thinspice.engine.SpiceImageException;
import org.thinspice.engine.SpiceListener;
import org.thinspice.engine.SpiceReason;
import org.thinspice.engine.channel.MessageTypes;
import org.thinspice.engine.channel.OutgoingMessage;
import org.thinspice.engine.channel.SpiceMessage;
import org.thinspice.engine.hostile.DisplayMessages;
import org.thinspice.engine.image.GlzWindow;
import org.thinspice.engine.link.Caps;
import org.thinspice.engine.link.LinkReply;
import org.thinspice.engine.wire.WireReader;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DisplayChannelTest {
    private static final int W = 32;
    private static final int H = 16;
    private final List<String> invalidated = new ArrayList<>();
    private final PixmapCache cache = new PixmapCache(1 << 20);
    private final DisplayChannel display = new DisplayChannel(0, new SpiceListener() {
        @Override
        public void onInvalidate(int channelId, Surface surface, int x, int y, int width, int height) {
            invalidated.add(x + "," + y + " " + width + "x" + height);
        }
    }, cache, new GlzWindow(1 << 20, Duration.ZERO), 1 << 19);

    private void feed(int type, byte[] body) throws SpiceException {
        display.onMessage(new SpiceMessage(type, body), m -> { });
    }

    private static int[] tile(int w, int h, int base) {
        int[] p = new int[w * h];
        for (int i = 0; i < p.length; i++) {
            p[i] = base + i;
        }
        return p;
    }

    @Test
    void initAnnouncesCacheAndGlzWindow() throws Exception {
        List<OutgoingMessage> sent = new ArrayList<>();
        display.onLinked(new LinkReply(new byte[0], Caps.of(), Caps.of()), sent::add);
        assertEquals(MessageTypes.MSGC_DISPLAY_INIT, sent.get(0).type());
        WireReader r = new WireReader(sent.get(0).body());
        assertEquals(1, r.u8());
        assertEquals(1 << 20, r.i64());
        assertEquals(1, r.u8());
        assertEquals(1 << 19, r.u32());
        assertEquals(0, r.remaining());
    }

    @Test
    void surfaceFillCopyCacheAndInvalidation() throws Exception {
        feed(MessageTypes.DISPLAY_SURFACE_CREATE, DisplayMessages.surfaceCreate(0, W, H, Surface.FMT_32_XRGB, 1));
        Surface s = display.primary();
        assertNotNull(s);
        assertEquals(0xFF000000, s.pixels()[0], "new primary is black");

        feed(MessageTypes.DISPLAY_DRAW_FILL, DisplayMessages.fill(0, 0, 0, W, H, 0xFF0000, DisplayMessages.ROPD_PUT));
        assertEquals(0xFFFF0000, s.pixels()[W * H - 1]);

        int[] px = tile(4, 4, 0x00101010);
        byte[] cacheMe = DisplayMessages.bitmap32(77, 1, 4, 4, px);
        feed(MessageTypes.DISPLAY_DRAW_COPY, DisplayMessages.copy(0, 0, 0, 4, 4, new int[] {0, 0, 4, 4}, cacheMe, -1));
        assertNotNull(cache.get(77), "CACHE_ME stored the image");
        assertEquals(0xFF000000 | px[5], s.pixels()[W + 1]);

        byte[] fromCache = DisplayMessages.descriptor(77, 103, 0, 4, 4).toByteArray();
        feed(MessageTypes.DISPLAY_DRAW_COPY, DisplayMessages.copy(0, 8, 2, 12, 6, new int[] {0, 0, 4, 4}, fromCache, -1));
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                assertEquals(0xFF000000 | px[y * 4 + x], s.pixels()[(2 + y) * W + 8 + x], x + "," + y);
            }
        }
        assertEquals(0xFFFF0000, s.pixels()[2 * W + 12], "right of the box untouched");

        feed(MessageTypes.DISPLAY_INVAL_LIST, DisplayMessages.invalList(77));
        assertNull(cache.get(77));
        SpiceImageException e = assertThrows(SpiceImageException.class, () -> feed(MessageTypes.DISPLAY_DRAW_COPY,
                DisplayMessages.copy(0, 8, 2, 12, 6, new int[] {0, 0, 4, 4}, fromCache, -1)));
        assertEquals(SpiceReason.IMAGE_ERROR, e.reason());
        assertEquals(List.of("0,0 32x16", "0,0 4x4", "8,2 4x4"), invalidated);
    }

    @Test
    void copyBitsScrollsWithinTheSurface() throws Exception {
        feed(MessageTypes.DISPLAY_SURFACE_CREATE, DisplayMessages.surfaceCreate(0, W, H, Surface.FMT_32_XRGB, 1));
        int[] px = tile(W, H, 0);
        feed(MessageTypes.DISPLAY_DRAW_COPY, DisplayMessages.copyAll(W, H, DisplayMessages.bitmap32(1, 0, W, H, px)));
        // scroll up by 2 rows: rows 2.. move to 0..
        feed(MessageTypes.DISPLAY_COPY_BITS, DisplayMessages.copyBits(0, 0, 0, W, H - 2, 0, 2));
        Surface s = display.primary();
        for (int y = 0; y < H - 2; y++) {
            for (int x = 0; x < W; x++) {
                assertEquals(0xFF000000 | px[(y + 2) * W + x], s.pixels()[y * W + x], x + "," + y);
            }
        }
        assertEquals(0xFF000000 | px[(H - 1) * W], s.pixels()[(H - 1) * W], "last rows unchanged");
    }

    @Test
    void surfaceDestroyAndUnknownSurface() throws Exception {
        feed(MessageTypes.DISPLAY_SURFACE_CREATE, DisplayMessages.surfaceCreate(3, 8, 8, Surface.FMT_32_ARGB, 0));
        assertNotNull(display.surface(3));
        feed(MessageTypes.DISPLAY_SURFACE_DESTROY, new byte[] {3, 0, 0, 0});
        assertNull(display.surface(3));
        assertEquals(SpiceReason.PROTOCOL_ERROR, assertThrows(SpiceException.class, () -> feed(
                MessageTypes.DISPLAY_DRAW_FILL, DisplayMessages.fill(3, 0, 0, 1, 1, 0, DisplayMessages.ROPD_PUT))).reason());
    }
}
