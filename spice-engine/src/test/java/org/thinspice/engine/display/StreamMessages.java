package org.thinspice.engine.display;

import org.thinspice.engine.wire.WireWriter;

/** Builders for the stream message bodies as spice.proto lays them out (test side). */
final class StreamMessages {
    private StreamMessages() {
    }

    static WireWriter rect(WireWriter w, Rect r) {
        return w.u32(r.top()).u32(r.left()).u32(r.bottom()).u32(r.right());
    }

    static WireWriter clip(WireWriter w, Rect... rects) {
        if (rects.length == 0) {
            return w.u8(0);
        }
        w.u8(1).u32(rects.length);
        for (Rect r : rects) {
            rect(w, r);
        }
        return w;
    }

    static byte[] create(int surfaceId, int id, int flags, int codec, int w, int h, Rect dest, Rect... clip) {
        WireWriter m = new WireWriter().u32(surfaceId).u32(id).u8(flags).u8(codec).u64(0x1234).u32(w).u32(h)
                .u32(dest.width()).u32(dest.height());
        rect(m, dest);
        return clip(m, clip).toByteArray();
    }

    static byte[] data(int id, long mmTime, byte[] frame) {
        return new WireWriter().u32(id).u32(mmTime).u32(frame.length).bytes(frame).toByteArray();
    }

    static byte[] dataSized(int id, long mmTime, int w, int h, Rect dest, byte[] frame) {
        WireWriter m = new WireWriter().u32(id).u32(mmTime).u32(w).u32(h);
        rect(m, dest);
        return m.u32(frame.length).bytes(frame).toByteArray();
    }

    static byte[] clipMessage(int id, Rect... clip) {
        return clip(new WireWriter().u32(id), clip).toByteArray();
    }

    static byte[] id(int id) {
        return new WireWriter().u32(id).toByteArray();
    }

    static byte[] activateReport(int id, long uniqueId, long window, long timeoutMs) {
        return new WireWriter().u32(id).u32(uniqueId).u32(window).u32(timeoutMs).toByteArray();
    }
}
