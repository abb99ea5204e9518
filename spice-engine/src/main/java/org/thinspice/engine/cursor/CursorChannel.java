package org.thinspice.engine.cursor;

import org.thinspice.engine.SpiceException;
import org.thinspice.engine.SpiceListener;
import org.thinspice.engine.SpiceProtocolException;
import org.thinspice.engine.channel.ChannelLogic;
import org.thinspice.engine.channel.MessageTypes;
import org.thinspice.engine.channel.Outbox;
import org.thinspice.engine.channel.SpiceMessage;
import org.thinspice.engine.link.Caps;
import org.thinspice.engine.link.LinkReply;
import org.thinspice.engine.wire.WireReader;

/**
 * The cursor channel: pointer shape, position and visibility, reported through the listener. A
 * {@code Cursor} is u16 flags (NONE 1, CACHE_ME 2, FROM_CACHE 4), then unless NONE a header {u64 unique,
 * u8 type, u16 width, u16 height, u16 hot_x, u16 hot_y} and the pixel data to the end of the message.
 */
public final class CursorChannel implements ChannelLogic {
    static final int FLAG_NONE = 1;
    static final int FLAG_CACHE_ME = 2;
    static final int FLAG_FROM_CACHE = 4;

    private final int channelId;
    private final SpiceListener listener;
    private final CursorCache cache = new CursorCache();

    public CursorChannel(int channelId, SpiceListener listener) {
        this.channelId = channelId;
        this.listener = listener;
    }

    @Override
    public Caps channelCaps() {
        return Caps.of();
    }

    @Override
    public void onLinked(LinkReply reply, Outbox out) {
        // nothing to send: the server starts with INIT
    }

    /** Shapes cached for FROM_CACHE (for tests and diagnostics). */
    public int cachedShapes() {
        return cache.size();
    }

    @Override
    public void onMessage(SpiceMessage m, Outbox out) throws SpiceException {
        WireReader r = m.reader();
        switch (m.type()) {
            case MessageTypes.CURSOR_INIT -> {
                int x = r.i16();
                int y = r.i16();
                r.u16(); // trail length
                r.u16(); // trail frequency
                boolean visible = r.u8() != 0;
                cache.clear();
                show(readCursor(r), visible, x, y);
            }
            case MessageTypes.CURSOR_SET -> {
                int x = r.i16();
                int y = r.i16();
                boolean visible = r.u8() != 0;
                show(readCursor(r), visible, x, y);
            }
            case MessageTypes.CURSOR_MOVE -> listener.onCursorMoved(channelId, r.i16(), r.i16());
            case MessageTypes.CURSOR_HIDE -> listener.onCursorHidden(channelId);
            case MessageTypes.CURSOR_RESET -> {
                cache.clear();
                listener.onCursorReset(channelId);
            }
            case MessageTypes.CURSOR_TRAIL -> {
                // pointer trails are a Windows nicety no toolkit cursor can show
            }
            case MessageTypes.CURSOR_INVAL_ONE -> cache.remove(r.i64());
            case MessageTypes.CURSOR_INVAL_ALL -> cache.clear();
            default -> {
                // unknown messages of a newer protocol are skipped, as on every channel
            }
        }
    }

    private void show(CursorShape shape, boolean visible, int x, int y) {
        if (shape != null) {
            listener.onCursorShape(channelId, shape);
        }
        listener.onCursorMoved(channelId, x, y);
        if (!visible || shape == null) {
            listener.onCursorHidden(channelId);
        }
    }

    /** The shape a {@code Cursor} names, or null for NONE or a cache miss (shown as hidden, as spice-gtk). */
    private CursorShape readCursor(WireReader r) throws SpiceException {
        int flags = r.u16();
        if ((flags & FLAG_NONE) != 0) {
            return null;
        }
        long unique = r.i64();
        int type = r.u8();
        int width = r.u16();
        int height = r.u16();
        int hotX = r.u16();
        int hotY = r.u16();
        if ((flags & FLAG_FROM_CACHE) != 0) {
            return cache.get(unique);
        }
        if (width == 0 || height == 0) {
            throw new SpiceProtocolException("cursor of " + width + "x" + height);
        }
        int[] argb = CursorDecoder.decode(type, width, height, r);
        CursorShape shape = new CursorShape(width, height, Math.min(hotX, width - 1), Math.min(hotY, height - 1), argb);
        if ((flags & FLAG_CACHE_ME) != 0) {
            cache.put(unique, shape);
        }
        return shape;
    }
}
