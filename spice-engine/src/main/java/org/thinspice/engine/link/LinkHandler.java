package org.thinspice.engine.link;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import org.thinspice.engine.SpiceException;
import org.thinspice.engine.SpiceProtocolException;

import java.util.List;
import java.util.function.BiConsumer;

/**
 * Runs the link stage on one channel: sends the link message, reads the reply, sends the ticket and
 * reads the result. On success it calls {@code onLinked} (which installs the data-stage handlers after
 * this one) and removes itself; bytes already received move on to the next handler.
 */
public final class LinkHandler extends ByteToMessageDecoder {
    private enum State { REPLY_HEADER, REPLY_BODY, RESULT, DONE }

    private final byte[] linkMess;
    private final String password;
    private final boolean offerAuthSelection;
    private final BiConsumer<ChannelHandlerContext, LinkReply> onLinked;
    private final BiConsumer<ChannelHandlerContext, SpiceException> onFailed;
    private State state = State.REPLY_HEADER;
    private int bodySize;
    private LinkReply reply;
    private boolean sent;

    public LinkHandler(byte[] linkMess, String password, boolean offerAuthSelection,
                       BiConsumer<ChannelHandlerContext, LinkReply> onLinked,
                       BiConsumer<ChannelHandlerContext, SpiceException> onFailed) {
        this.linkMess = linkMess.clone();
        this.password = password;
        this.offerAuthSelection = offerAuthSelection;
        this.onLinked = onLinked;
        this.onFailed = onFailed;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            sendLinkMess(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        sendLinkMess(ctx);
        super.channelActive(ctx);
    }

    private void sendLinkMess(ChannelHandlerContext ctx) {
        if (!sent) {
            sent = true;
            ctx.writeAndFlush(Unpooled.wrappedBuffer(linkMess));
        }
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        try {
            step(ctx, in);
        } catch (SpiceException e) {
            fail(ctx, in, e);
        } catch (RuntimeException e) {
            fail(ctx, in, new SpiceProtocolException(org.thinspice.engine.SpiceReason.PROTOCOL_ERROR,
                    "malformed link reply: " + e, e));
        }
    }

    private void fail(ChannelHandlerContext ctx, ByteBuf in, SpiceException e) {
        state = State.DONE;
        in.skipBytes(in.readableBytes());
        onFailed.accept(ctx, e);
        ctx.close();
    }

    private void step(ChannelHandlerContext ctx, ByteBuf in) throws SpiceException {
        while (state != State.DONE) {
            switch (state) {
                case REPLY_HEADER -> {
                    if (in.readableBytes() < LinkCodec.HEADER_SIZE) {
                        return;
                    }
                    byte[] header = new byte[LinkCodec.HEADER_SIZE];
                    in.readBytes(header);
                    bodySize = LinkCodec.replyBodySize(header);
                    state = State.REPLY_BODY;
                }
                case REPLY_BODY -> {
                    if (in.readableBytes() < bodySize) {
                        return;
                    }
                    byte[] body = new byte[bodySize];
                    in.readBytes(body);
                    reply = LinkCodec.parseReply(body);
                    boolean selection = offerAuthSelection
                            && reply.commonCaps().has(LinkCodec.COMMON_CAP_AUTH_SELECTION);
                    if (selection && !reply.commonCaps().has(LinkCodec.COMMON_CAP_AUTH_SPICE)) {
                        throw new SpiceProtocolException(org.thinspice.engine.SpiceReason.LINK_REFUSED,
                                "server offers only SASL authentication, which this client does not support");
                    }
                    // Encrypt before allocating: a bad server key throws, and must not leak the buffer.
                    byte[] ticket = LinkCodec.encryptTicket(reply.publicKey(), password);
                    ByteBuf auth = ctx.alloc().buffer(4 + LinkCodec.TICKET_BYTES);
                    if (selection) {
                        auth.writeBytes(LinkCodec.authMechanismSpice());
                    }
                    auth.writeBytes(ticket);
                    ctx.writeAndFlush(auth);
                    state = State.RESULT;
                }
                case RESULT -> {
                    if (in.readableBytes() < 4) {
                        return;
                    }
                    byte[] result = new byte[4];
                    in.readBytes(result);
                    LinkCodec.checkLinkResult(result);
                    state = State.DONE;
                    onLinked.accept(ctx, reply);
                    ctx.pipeline().remove(this);
                }
                default -> {
                    return;
                }
            }
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (state != State.DONE) {
            state = State.DONE;
            onFailed.accept(ctx, new SpiceProtocolException(org.thinspice.engine.SpiceReason.CONNECTION_LOST,
                    "connection closed during the link stage"));
        }
        super.channelInactive(ctx);
    }
}
