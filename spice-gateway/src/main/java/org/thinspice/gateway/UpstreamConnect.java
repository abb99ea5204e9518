package org.thinspice.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

import java.nio.charset.StandardCharsets;

/**
 * The gateway's own CONNECT to an upstream proxy named by the ticket's {@code via} (a platform's proxy such
 * as Proxmox's spiceproxy): sends {@code CONNECT authority} with the same {@code Host:} — spiceproxy reads
 * its ticket from that header — reads the answer's head (at most {@link ConnectHeadParser#MAX_HEAD} bytes)
 * and reports a 2xx or the status line it got. Lives on the upstream channel until then, reading by hand
 * (the channel's auto-read is off).
 */
final class UpstreamConnect extends ChannelInboundHandlerAdapter {
    /** What the handshake handler does with the result, on the same event loop. */
    interface Outcome {
        /** Connected; {@code early} holds bytes that came after the head (usually none), owned by the callee. */
        void established(ByteBuf early);

        void refused(String why);
    }

    private final String authority;
    private final Outcome outcome;
    private final ByteBuf head = Unpooled.buffer(256);
    private boolean finished;

    UpstreamConnect(String authority, Outcome outcome) {
        this.authority = authority;
        this.outcome = outcome;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        String request = "CONNECT " + authority + " HTTP/1.1\r\nHost: " + authority + "\r\n\r\n";
        ctx.writeAndFlush(Unpooled.copiedBuffer(request, StandardCharsets.US_ASCII));
        ctx.read();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (finished || !(msg instanceof ByteBuf buf)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        try {
            int before = head.readableBytes();
            int room = ConnectHeadParser.MAX_HEAD - before;
            head.writeBytes(buf, buf.readerIndex(), Math.min(room, buf.readableBytes()));
            int end = endOfHead();
            if (end < 0) {
                if (head.readableBytes() >= ConnectHeadParser.MAX_HEAD) {
                    fail(ctx, "upstream proxy's answer head is over " + ConnectHeadParser.MAX_HEAD + " bytes");
                } else {
                    ctx.read();
                }
                return;
            }
            String text = head.toString(0, end, StandardCharsets.ISO_8859_1);
            int eol = text.indexOf('\r');
            String statusLine = eol < 0 ? text : text.substring(0, eol);
            if (!statusLine.matches("HTTP/1\\.[01] 2[0-9][0-9]( .*)?")) {
                fail(ctx, "upstream proxy " + ctx.channel().remoteAddress() + " answered: " + statusLine);
                return;
            }
            // bytes of the tunnel that arrived with the head: what is left of this read after the head
            ByteBuf early = ctx.alloc().buffer();
            buf.skipBytes(end + 4 - before);
            early.writeBytes(buf);
            finished = true;
            head.release();
            ctx.pipeline().remove(this);
            outcome.established(early);
        } finally {
            buf.release();
        }
    }

    private int endOfHead() {
        for (int i = 0; i + 3 < head.readableBytes(); i++) {
            if (head.getByte(i) == '\r' && head.getByte(i + 1) == '\n' && head.getByte(i + 2) == '\r'
                    && head.getByte(i + 3) == '\n') {
                return i;
            }
        }
        return -1;
    }

    private void fail(ChannelHandlerContext ctx, String why) {
        finished = true;
        head.release();
        ctx.close();
        outcome.refused(why);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (!finished) {
            fail(ctx, "upstream proxy closed before answering");
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!finished) {
            fail(ctx, "upstream proxy: " + cause.getMessage());
        } else {
            ctx.fireExceptionCaught(cause);
        }
    }
}
