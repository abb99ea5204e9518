package org.thinspice.engine.display;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.thinspice.engine.SpiceException;
import org.thinspice.engine.SpiceListener;
import org.thinspice.engine.channel.ChannelCore;
import org.thinspice.engine.channel.SpiceChannelHandler;
import org.thinspice.engine.image.GlzWindow;
import org.thinspice.engine.image.LzCapture;
import org.thinspice.engine.net.FrameDecoder;
import org.thinspice.engine.wire.WireWriter;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Golden test over whole display-channel streams captured off QEMU (SeaBIOS with image-compression
 * lz, glz and glz+zlib): the surface create and every DRAW_COPY, in server order, rebuilt as SPICE
 * messages and fed through the real pipeline (framing, common messages, display channel, codecs,
 * canvas) — whole, one byte at a time, and in random splits. The primary surface must equal the
 * screendump QEMU took at capture time.
 */
class CapturedStreamReplayTest {
    private static byte[] stream(LzCapture c) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int drawIndex = 0;
        for (String[] m : c.messages()) {
            int serial = Integer.parseInt(m[0]);
            int type = Integer.parseInt(m[1]);
            if (type == 314) {
                byte[] body = new WireWriter().u32(Integer.parseInt(m[3])).u32(Integer.parseInt(m[4]))
                        .u32(Integer.parseInt(m[5])).u32(Integer.parseInt(m[6])).u32(1).toByteArray();
                frame(out, 314, body);
            } else if (type == 315) {
                frame(out, 315, new WireWriter().u32(0).toByteArray());
            } else if (type == 304) {
                LzCapture.Draw d = c.draws.get(drawIndex++);
                if (d.serial() != serial) {
                    throw new AssertionError("draw order differs from the message log at serial " + serial);
                }
                frame(out, 304, drawCopy(d));
            }
        }
        return out.toByteArray();
    }

    private static void frame(ByteArrayOutputStream out, int type, byte[] body) {
        out.writeBytes(new WireWriter().u16(type).u32(body.length).toByteArray());
        out.writeBytes(body);
    }

    /** DRAW_COPY: DisplayBase, Image* src, src area, ropd, scale mode, an empty QMask, then the image. */
    private static byte[] drawCopy(LzCapture.Draw d) {
        int fixed = 4 + 16 + 1 + 4 + 16 + 2 + 1 + 1 + 8 + 4;
        WireWriter w = new WireWriter(fixed + 18 + d.payload.length);
        w.u32(d.surface()).u32(d.top()).u32(d.left()).u32(d.bottom()).u32(d.right()).u8(0);
        w.u32(fixed);
        w.u32(d.srcTop()).u32(d.srcLeft()).u32(d.srcBottom()).u32(d.srcRight());
        w.u16(d.rop()).u8(0);
        w.u8(0).u32(0).u32(0).u32(0);
        w.u64(d.seq()).u8(d.type()).u8(0).u32(d.width).u32(d.height).bytes(d.payload);
        return w.toByteArray();
    }

    private static Surface replay(byte[] stream, int[] splits) {
        List<Surface> primary = new ArrayList<>();
        List<SpiceException> errors = new ArrayList<>();
        SpiceListener listener = new SpiceListener() {
            @Override
            public void onSurfaceCreated(int channelId, Surface s) {
                if (s.isPrimary()) {
                    primary.add(s);
                }
            }
        };
        DisplayChannel display = new DisplayChannel(0, listener, new PixmapCache(1 << 20),
                new GlzWindow(1 << 22, Duration.ZERO), 1 << 22);
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(true),
                new SpiceChannelHandler(new ChannelCore(display, listener), errors::add));
        int off = 0;
        int i = 0;
        while (off < stream.length) {
            int n = Math.min(stream.length - off, splits[i++ % splits.length]);
            ch.writeInbound(Unpooled.wrappedBuffer(stream, off, n));
            off += n;
        }
        assertTrue(errors.isEmpty(), "errors: " + errors);
        assertFalse(ch.finish(), "nothing may be left over");
        return primary.get(primary.size() - 1);
    }

    /** A QUIC frame captured off QEMU, sent as spice-server sends the first full frame: one DRAW_COPY at (0,0). */
    private static byte[] quicStream(String name) {
        byte[] quic = org.thinspice.engine.image.QuicFixtures.stream(name);
        int w = org.thinspice.engine.image.QuicFixtures.width(quic);
        int h = org.thinspice.engine.image.QuicFixtures.height(quic);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        frame(out, 314, new WireWriter().u32(0).u32(w).u32(h).u32(32).u32(1).toByteArray());
        int fixed = 4 + 16 + 1 + 4 + 16 + 2 + 1 + 1 + 8 + 4;
        WireWriter d = new WireWriter();
        d.u32(0).u32(0).u32(0).u32(h).u32(w).u8(0).u32(fixed).u32(0).u32(0).u32(h).u32(w).u16(8).u8(0);
        d.u8(0).u32(0).u32(0).u32(0);
        d.u64(1).u8(1).u8(0).u32(w).u32(h).u32(quic.length).bytes(quic);
        frame(out, 304, d.toByteArray());
        return out.toByteArray();
    }

    @ParameterizedTest
    @ValueSource(strings = {"seabios-prompt", "seabios-menu"})
    void quicFramesThroughThePipelineEqualTheScreendump(String name) {
        byte[] stream = quicStream(name);
        int[] expected = org.thinspice.engine.image.QuicFixtures.expected(name);
        Random rnd = new Random(name.hashCode());
        int[] random = new int[61];
        for (int k = 0; k < random.length; k++) {
            random[k] = 1 + rnd.nextInt(900);
        }
        for (int[] splits : List.of(new int[] {stream.length}, new int[] {1}, random)) {
            assertArrayEquals(expected, replay(stream, splits).snapshot(), name + ", " + splits.length + " split sizes");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"lz/seabios", "glz/seabios", "glz/seabios-zlib"})
    void wholeOneByteAtATimeAndRandomSplitsAllEqualTheScreendump(String dir) throws Exception {
        LzCapture c = LzCapture.load(dir);
        byte[] stream = stream(c);
        int[] expected = c.screendumpPixels();
        Random rnd = new Random(dir.hashCode());
        int[] random = new int[97];
        for (int k = 0; k < random.length; k++) {
            random[k] = 1 + rnd.nextInt(700);
        }
        for (int[] splits : List.of(new int[] {stream.length}, new int[] {1}, random)) {
            Surface s = replay(stream, splits);
            assertArrayEquals(expected, s.snapshot(), dir + " with splits of " + splits.length + " sizes");
        }
    }
}
