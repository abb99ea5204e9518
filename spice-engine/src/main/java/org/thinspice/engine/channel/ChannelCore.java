package org.thinspice.engine.channel;

import org.thinspice.engine.SpiceException;
import org.thinspice.engine.SpiceListener;
import org.thinspice.engine.SpiceProtocolException;
import org.thinspice.engine.SpiceReason;
import org.thinspice.engine.wire.WireReader;
import org.thinspice.engine.wire.WireWriter;

/**
 * Handles the messages every channel shares (spice.proto BaseChannel): SET_ACK and the ack window,
 * PING/PONG, NOTIFY, DISCONNECTING, WAIT_FOR_CHANNELS and LIST, then hands the rest to the channel's
 * {@link ChannelLogic}. Sans-I/O: bytes in, messages out.
 */
public final class ChannelCore {
    private static final int MAX_SUB_MESSAGES = 4096;
    private final ChannelLogic logic;
    private final SpiceListener listener;
    private int ackWindow;
    private int unacked;
    private SpiceException serverDisconnect;

    public ChannelCore(ChannelLogic logic, SpiceListener listener) {
        this.logic = logic;
        this.listener = listener;
    }

    public ChannelLogic logic() {
        return logic;
    }

    /** The reason the server gave in DISCONNECTING, if it sent one. */
    public SpiceException serverDisconnect() {
        return serverDisconnect;
    }

    public void onMessage(SpiceMessage m, Outbox out) throws SpiceException {
        dispatch(m, out);
        // Ack after processing, so the server's window reflects what this client has really drawn.
        if (ackWindow > 0 && ++unacked >= ackWindow) {
            unacked = 0;
            out.send(OutgoingMessage.empty(MessageTypes.MSGC_ACK));
        }
    }

    private void dispatch(SpiceMessage m, Outbox out) throws SpiceException {
        WireReader r = m.reader();
        switch (m.type()) {
            case MessageTypes.SET_ACK -> {
                long generation = r.u32();
                long window = r.u32();
                ackWindow = (int) Math.min(window, 1 << 16);
                unacked = 0;
                out.send(new OutgoingMessage(MessageTypes.MSGC_ACK_SYNC, new WireWriter(4).u32(generation).toByteArray()));
            }
            case MessageTypes.PING -> {
                long id = r.u32();
                long timestamp = r.i64();
                out.send(new OutgoingMessage(MessageTypes.MSGC_PONG, new WireWriter(12).u32(id).u64(timestamp).toByteArray()));
                logic.onPing(id, m.body().length);
            }
            case MessageTypes.NOTIFY -> {
                r.i64();
                int severity = (int) r.u32();
                r.u32();
                r.u32();
                // string() rejects a length beyond the body as truncation before reading anything.
                listener.onNotify(severity, r.string(r.u32()));
            }
            case MessageTypes.DISCONNECTING -> {
                r.i64();
                long reason = r.u32();
                serverDisconnect = new SpiceException(SpiceReason.SERVER_DISCONNECTED, "reason " + reason);
            }
            case MessageTypes.WAIT_FOR_CHANNELS -> {
                // Messages are processed in order on each channel; cross-channel waits matter only with
                // several display channels sharing caches, which are processed synchronously here.
                int n = r.u8();
                r.skip(10L * n);
            }
            case MessageTypes.LIST -> handleList(r, out);
            case MessageTypes.MIGRATE, MessageTypes.MIGRATE_DATA -> {
                // Migration is not supported: the session will see the old server go away and reconnect.
            }
            default -> logic.onMessage(m, out);
        }
    }

    private void handleList(WireReader r, Outbox out) throws SpiceException {
        int count = r.u16();
        if (count > MAX_SUB_MESSAGES) {
            throw new SpiceProtocolException(SpiceReason.LIMIT_EXCEEDED, "sub-message list of " + count);
        }
        long[] offsets = new long[count];
        for (int i = 0; i < count; i++) {
            offsets[i] = r.u32();
        }
        for (long off : offsets) {
            WireReader s = r.at(off);
            int type = s.u16();
            if (type == MessageTypes.LIST) {
                throw new SpiceProtocolException("nested message list");
            }
            byte[] body = s.bytes(s.u32());
            dispatch(new SpiceMessage(type, body), out);
        }
    }
}
