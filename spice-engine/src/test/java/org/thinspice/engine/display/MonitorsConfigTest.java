package org.thinspice.engine.display;

import org.junit.jupiter.api.Test;
import org.thinspice.engine.SpiceException;
import org.thinspice.engine.SpiceListener;
import org.thinspice.engine.SpiceProtocolException;
import org.thinspice.engine.channel.MessageTypes;
import org.thinspice.engine.channel.SpiceMessage;
import org.thinspice.engine.image.GlzWindow;
import org.thinspice.engine.wire.WireWriter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MonitorsConfigTest {
    private final List<String> reported = new ArrayList<>();
    private final DisplayChannel display = new DisplayChannel(1, new SpiceListener() {
        @Override
        public void onMonitorsConfig(int channelId, List<Head> heads, int maxAllowed) {
            reported.add(channelId + " " + heads + " max " + maxAllowed);
        }
    }, new PixmapCache(1 << 20), new GlzWindow(1 << 20, Duration.ZERO), 1 << 19);

    private void feed(byte[] body) throws SpiceException {
        display.onMessage(new SpiceMessage(MessageTypes.DISPLAY_MONITORS_CONFIG, body), m -> { });
    }

    private static WireWriter head(WireWriter w, int id, int surface, int width, int height, int x, int y) {
        return w.u32(id).u32(surface).u32(width).u32(height).u32(x).u32(y).u32(0);
    }

    @Test
    void headsAreReportedWithTheirSurfaceRectangles() throws Exception {
        WireWriter w = new WireWriter().u16(2).u16(4);
        head(w, 0, 0, 1024, 768, 0, 0);
        head(w, 1, 0, 800, 600, 1024, 0);
        feed(w.toByteArray());
        List<Head> heads = List.of(new Head(0, 0, 0, 0, 1024, 768, 0), new Head(1, 0, 1024, 0, 800, 600, 0));
        assertEquals(heads, display.heads());
        assertEquals(List.of("1 " + heads + " max 4"), reported);
        assertTrue(display.channelCaps().has(DisplayChannel.CAP_MONITORS_CONFIG));
    }

    @Test
    void zeroHeadsIsIgnoredAndMaxAllowedClamped() throws Exception {
        feed(new WireWriter().u16(0).u16(0).toByteArray());
        assertEquals(List.of(), reported);
        WireWriter w = new WireWriter().u16(1).u16(0);
        head(w, 0, 0, 640, 480, 0, 0);
        feed(w.toByteArray());
        assertTrue(reported.get(0).endsWith("max 1"), reported.toString());
    }

    @Test
    void countsBeyondTheBodyOrTheCapAreRejected() {
        assertThrows(SpiceProtocolException.class, () -> feed(new WireWriter().u16(3).u16(4).u32(0).toByteArray()));
        assertThrows(SpiceProtocolException.class, () -> feed(new WireWriter().u16(300).u16(4).toByteArray()));
    }
}
