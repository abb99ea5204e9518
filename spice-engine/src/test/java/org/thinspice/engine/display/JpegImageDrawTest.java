package org.thinspice.engine.display;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

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
import org.thinspice.engine.image.JpegDecoders;
import org.thinspice.engine.image.JpegFixtures;
import org.thinspice.engine.image.JpegImage;
import org.thinspice.engine.image.JpegStreamDecoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A JPEG image (type 105) in a DRAW_COPY, decoded by the decoder {@link JpegDecoders} chose (TurboJPEG here:
 * libturbojpeg0 is installed by spice-engine/packages.txt) from the middle of the message buffer, lands on the
 * surface with the pixels of the Java oracle in still-image mode.
 */
class JpegImageDrawTest {
    @Test
    void jpegImageDrawsTheOraclePixels() throws SpiceException {
        assertTrue(JpegDecoders.backend().isNative(), JpegDecoders.backend().description());
        List<String> errors = new ArrayList<>();
        for (String name : List.of("photo-420-q85", "photo-422-q75", "qemu-8x16", JpegFixtures.FRAME)) {
            byte[] jpeg = JpegFixtures.jpeg(name);
            JpegImage expected = new JpegStreamDecoder(true).decode(jpeg, 0, jpeg.length, -1, -1);
            int w = expected.width();
            int h = expected.height();
            DisplayChannel d = new DisplayChannel(0, new SpiceListener() { }, new PixmapCache(1 << 24),
                    new GlzWindow(1 << 20, Duration.ZERO), 1 << 19);
            EmbeddedChannel ch = new EmbeddedChannel(new SpiceChannelHandler(
                    new ChannelCore(d, new SpiceListener() { }), e -> errors.add(e.getMessage())));
            ch.writeInbound(new SpiceMessage(MessageTypes.DISPLAY_SURFACE_CREATE,
                    DisplayMessages.surfaceCreate(0, w, h, Surface.FMT_32_XRGB, 1)));
            byte[] image = DisplayMessages.binaryImage(7, ImageResolver.JPEG, w, h, jpeg);
            ch.writeInbound(new SpiceMessage(MessageTypes.DISPLAY_DRAW_COPY, DisplayMessages.copyAll(w, h, image)));
            assertArrayEquals(expected.argb(), d.primary().snapshot(), name);
        }
        assertEquals(List.of(), errors);
    }
}
