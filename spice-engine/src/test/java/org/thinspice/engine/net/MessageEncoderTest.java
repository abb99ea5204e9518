package org.thinspice.engine.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;
import org.thinspice.engine.channel.OutgoingMessage;
import org.thinspice.engine.channel.SpiceMessage;
import org.thinspice.engine.wire.WireWriter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class MessageEncoderTest {
    private static byte[] written(EmbeddedChannel ch) {
        ByteBuf b = ch.readOutbound();
        try {
            return ByteBufUtil.getBytes(b);
        } finally {
            b.release();
        }
    }

    @Test
    void miniHeader() {
        EmbeddedChannel ch = new EmbeddedChannel(new MessageEncoder(true));
        ch.writeOutbound(new OutgoingMessage(3, new byte[] {1, 2}));
        assertArrayEquals(new WireWriter().u16(3).u32(2).u8(1).u8(2).toByteArray(), written(ch));
        ch.finishAndReleaseAll();
    }

    @Test
    void fullHeaderCountsSerialsFromOne() {
        EmbeddedChannel ch = new EmbeddedChannel(new MessageEncoder(false));
        ch.writeOutbound(OutgoingMessage.empty(104), new OutgoingMessage(105, new byte[] {2, 0}));
        assertArrayEquals(new WireWriter().u64(1).u16(104).u32(0).u32(0).toByteArray(), written(ch));
        assertArrayEquals(new WireWriter().u64(2).u16(105).u32(2).u32(0).u8(2).u8(0).toByteArray(), written(ch));
        ch.finishAndReleaseAll();
    }

    @Test
    void encoderOutputFramesBackThroughTheDecoder() {
        for (boolean mini : new boolean[] {true, false}) {
            EmbeddedChannel out = new EmbeddedChannel(new MessageEncoder(mini));
            EmbeddedChannel in = new EmbeddedChannel(new FrameDecoder(mini));
            out.writeOutbound(new OutgoingMessage(101, new byte[] {1, 2, 3, 4, 5}));
            in.writeInbound((ByteBuf) out.readOutbound());
            SpiceMessage m = in.readInbound();
            assertEquals(101, m.type());
            assertArrayEquals(new byte[] {1, 2, 3, 4, 5}, m.body());
            out.finishAndReleaseAll();
            in.finishAndReleaseAll();
        }
    }
}
