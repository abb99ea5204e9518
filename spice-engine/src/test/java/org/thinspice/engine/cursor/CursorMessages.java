package org.thinspice.engine.cursor;

import org.thinspice.engine.wire.WireWriter;

/** Builders for cursor-channel message bodies (spice.proto CursorChannel), test side. */
public final class CursorMessages {
    private CursorMessages() {
    }

    /** A {@code Cursor}: flags, header, data. */
    public static WireWriter cursor(WireWriter w, int flags, long unique, int type, int width, int height, int hotX,
                                    int hotY, byte[] data) {
        w.u16(flags);
        if ((flags & CursorChannel.FLAG_NONE) == 0) {
            w.u64(unique).u8(type).u16(width).u16(height).u16(hotX).u16(hotY);
        }
        return w.bytes(data);
    }

    public static byte[] init(int x, int y, boolean visible, int flags, long unique, int type, int width, int height,
                              int hotX, int hotY, byte[] data) {
        WireWriter w = new WireWriter().u16(x).u16(y).u16(0).u16(0).u8(visible ? 1 : 0);
        return cursor(w, flags, unique, type, width, height, hotX, hotY, data).toByteArray();
    }

    public static byte[] set(int x, int y, boolean visible, int flags, long unique, int type, int width, int height,
                             int hotX, int hotY, byte[] data) {
        WireWriter w = new WireWriter().u16(x).u16(y).u8(visible ? 1 : 0);
        return cursor(w, flags, unique, type, width, height, hotX, hotY, data).toByteArray();
    }
}
