package org.thinspice.engine.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import org.junit.jupiter.api.Test;
import org.thinspice.engine.Limits;
import org.thinspice.engine.SpiceProtocolException;
import org.thinspice.engine.SpiceReason;
import org.thinspice.engine.channel.SpiceMessage;
import org.thinspice.engine.wire.WireWriter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FrameDecoderTest {
    private static byte[] mini(int type, byte[] body) {
        return new WireWriter().u16(type).u32(body.length).bytes(body).toByteArray();
    }

    private static byte[] full(long serial, int type, byte[] body) {
        return new WireWriter().u64(serial).u16(type).u32(body.length).u32(0).bytes(body).toByteArray();
    }

    private static void assertMessage(EmbeddedChannel ch, int type, byte[] body) {
        SpiceMessage m = ch.readInbound();
        assertEquals(type, m.type());
        assertArrayEquals(body, m.body());
    }

    @Test
    void miniHeaderMessagesInOneBuffer() {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(true));
        byte[] a = {1, 2, 3};
        byte[] b = new byte[0];
        byte[] c = new byte[300];
        c[299] = 7;
        WireWriter all = new WireWriter().bytes(mini(302, a)).bytes(mini(102, b)).bytes(mini(304, c));
        ch.writeInbound(Unpooled.wrappedBuffer(all.toByteArray()));
        assertMessage(ch, 302, a);
        assertMessage(ch, 102, b);
        assertMessage(ch, 304, c);
        assertNull(ch.readInbound());
        assertFalse(ch.finish());
    }

    @Test
    void oneByteAtATime() {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(true));
        byte[] body = {9, 8, 7, 6, 5};
        byte[] wire = new WireWriter().bytes(mini(4, body)).bytes(mini(3, new byte[] {1})).toByteArray();
        for (int i = 0; i < wire.length; i++) {
            ch.writeInbound(Unpooled.wrappedBuffer(wire, i, 1));
            if (i < 10) {
                assertNull(ch.readInbound(), "nothing before the first body is complete, byte " + i);
            }
        }
        assertMessage(ch, 4, body);
        assertMessage(ch, 3, new byte[] {1});
        assertFalse(ch.finish());
    }

    @Test
    void fullHeaderSkipsSerialAndSubList() {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(false));
        byte[] wire = new WireWriter().bytes(full(1, 103, new byte[] {4, 4})).bytes(full(2, 7, new byte[0])).toByteArray();
        ch.writeInbound(Unpooled.wrappedBuffer(wire, 0, 17));
        assertNull(ch.readInbound());
        ch.writeInbound(Unpooled.wrappedBuffer(wire, 17, wire.length - 17));
        assertMessage(ch, 103, new byte[] {4, 4});
        assertMessage(ch, 7, new byte[0]);
        assertFalse(ch.finish());
    }

    @Test
    void sizeOverTheCapFailsOnTheHeaderAlone() {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(true));
        ByteBuf header = Unpooled.wrappedBuffer(new WireWriter().u16(302).u32(Limits.MAX_MESSAGE_SIZE + 1L).toByteArray());
        // No body byte is sent: the decoder must not wait to buffer it before judging the size.
        DecoderException e = assertThrows(DecoderException.class, () -> ch.writeInbound(header));
        SpiceProtocolException cause = assertInstanceOf(SpiceProtocolException.class, e.getCause());
        assertEquals(SpiceReason.LIMIT_EXCEEDED, cause.reason());
        assertEquals(0, header.refCnt(), "input released");
        ch.finishAndReleaseAll();
    }

    @Test
    void customCapAndSizeAtTheCapIsAccepted() {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(true, 8));
        ch.writeInbound(Unpooled.wrappedBuffer(mini(1, new byte[8])));
        assertMessage(ch, 1, new byte[8]);
        assertThrows(DecoderException.class, () -> ch.writeInbound(Unpooled.wrappedBuffer(mini(1, new byte[9]))));
        ch.finishAndReleaseAll();
    }
}
