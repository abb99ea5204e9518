package org.thinspice.engine.display;

import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;
import org.thinspice.engine.SpiceException;
import org.thinspice.engine.SpiceListener;
import org.thinspice.engine.channel.ChannelCore;
import org.thinspice.engine.channel.MessageTypes;
import org.thinspice.engine.channel.SpiceChannelHandler;
import org.thinspice.engine.channel.SpiceMessage;
import org.thinspice.engine.hostile.DisplayMessages;
import org.thinspice.engine.image.GlzWindow;
import org.thinspice.engine.image.LzTestStreams;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two display channels share the session's GLZ window (zero reference wait): an image on channel B that
 * references an image still to come on channel A holds B's messages, in order, until A delivers it.
 */
class GlzDeferralTest {
    /** LZ image type RGB32 (lz_common.h). */
    private static final int RGB32 = 8;
    private static final int P = 0xFF102030;
    private static final int Q = 0xFF405060;
    private final GlzWindow window = new GlzWindow(1 << 20, Duration.ZERO);
    private final PixmapCache cache = new PixmapCache(1 << 20);
    private final List<String> errors = new ArrayList<>();

    private EmbeddedChannel channel(DisplayChannel d) {
        return new EmbeddedChannel(new SpiceChannelHandler(new ChannelCore(d, new SpiceListener() { }),
                e -> errors.add(e.getMessage())));
    }

    private static SpiceMessage surface() {
        return new SpiceMessage(MessageTypes.DISPLAY_SURFACE_CREATE,
                DisplayMessages.surfaceCreate(0, 2, 1, Surface.FMT_32_XRGB, 1));
    }

    private static SpiceMessage copyGlz(LzTestStreams glz) {
        byte[] image = DisplayMessages.binaryImage(0, ImageResolver.GLZ_RGB, 2, 1, glz.bytes());
        return new SpiceMessage(MessageTypes.DISPLAY_DRAW_COPY, DisplayMessages.copyAll(2, 1, image));
    }

    @Test
    void referenceToAnImageOnAnotherChannelWaitsForIt() throws SpiceException {
        DisplayChannel a = new DisplayChannel(0, new SpiceListener() { }, cache, window, 1 << 19);
        DisplayChannel b = new DisplayChannel(1, new SpiceListener() { }, cache, window, 1 << 19);
        EmbeddedChannel chA = channel(a);
        EmbeddedChannel chB = channel(b);
        chA.writeInbound(surface());
        chB.writeInbound(surface());

        // image 1 (on B) copies both pixels of image 0 (on A, not there yet)
        chB.writeInbound(copyGlz(LzTestStreams.glz(RGB32, true, 2, 1, 1, 1).glzRef(2, 0, 1, 0, false)));
        assertFalse(chB.config().isAutoRead(), "B stops reading while its message waits");
        // a later fill on B must not overtake the deferred copy
        chB.writeInbound(new SpiceMessage(MessageTypes.DISPLAY_DRAW_FILL,
                DisplayMessages.fill(0, 1, 0, 2, 1, 0x00FF00, Ropd.OP_PUT)));
        assertArrayEquals(new int[] {0xFF000000, 0xFF000000}, b.primary().snapshot(), "nothing drawn yet on B");

        chA.writeInbound(copyGlz(LzTestStreams.glz(RGB32, true, 2, 1, 0, 0).rgb(P, Q)));
        assertArrayEquals(new int[] {P, Q}, a.primary().snapshot());
        chB.runPendingTasks();
        assertArrayEquals(new int[] {P, 0xFF00FF00}, b.primary().snapshot(), "copy, then the fill after it");
        assertTrue(chB.config().isAutoRead(), "B reads again");
        assertEquals(List.of(), errors);
    }

    @Test
    void aReferenceThatNeverArrivesFailsTheChannelAfterTheTimeout() {
        DisplayChannel b = new DisplayChannel(1, new SpiceListener() { }, cache, window, 1 << 19);
        EmbeddedChannel chB = channel(b);
        chB.writeInbound(surface());
        chB.writeInbound(copyGlz(LzTestStreams.glz(RGB32, true, 2, 1, 5, 5).glzRef(2, 0, 5, 0, false)));
        assertFalse(chB.config().isAutoRead());
        chB.advanceTimeBy(SpiceChannelHandler.DEFERRAL_TIMEOUT_SECONDS + 1, java.util.concurrent.TimeUnit.SECONDS);
        chB.runScheduledPendingTasks();
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).contains("GLZ image 5 waits"), errors.get(0));
        assertFalse(chB.isOpen());
    }
}
