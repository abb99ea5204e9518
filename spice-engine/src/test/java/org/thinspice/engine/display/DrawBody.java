package org.thinspice.engine.display;

import org.thinspice.engine.wire.WireWriter;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds a draw message body the way the server lays it out: the fixed part first, then the pointed-to
 * structures (images, paths, strings) appended after it, each pointer field patched to its offset.
 */
final class DrawBody {
    final WireWriter w = new WireWriter();
    private final List<byte[]> blobs = new ArrayList<>();
    private final List<int[]> patches = new ArrayList<>();

    /** DisplayBase with no clip. */
    static DrawBody base(int surfaceId, int left, int top, int right, int bottom) {
        DrawBody b = new DrawBody();
        b.w.u32(surfaceId);
        b.rect(left, top, right, bottom);
        b.w.u8(0);
        return b;
    }

    DrawBody rect(int left, int top, int right, int bottom) {
        w.u32(top).u32(left).u32(bottom).u32(right);
        return this;
    }

    /** A pointer field to {@code blob}, appended after the fixed part; null writes a NULL pointer. */
    DrawBody ptr(byte[] blob) {
        if (blob == null) {
            w.u32(0);
            return this;
        }
        patches.add(new int[] {w.size(), blobs.size()});
        blobs.add(blob);
        w.u32(0);
        return this;
    }

    DrawBody solidBrush(int color) {
        w.u8(1).u32(color & 0xFFFFFFFFL);
        return this;
    }

    DrawBody noMask() {
        w.u8(0).u32(0).u32(0).u32(0);
        return this;
    }

    byte[] build() {
        byte[] head = w.toByteArray();
        int total = head.length;
        int[] offsets = new int[blobs.size()];
        for (int i = 0; i < blobs.size(); i++) {
            offsets[i] = total;
            total += blobs.get(i).length;
        }
        byte[] out = new byte[total];
        System.arraycopy(head, 0, out, 0, head.length);
        for (int i = 0; i < blobs.size(); i++) {
            System.arraycopy(blobs.get(i), 0, out, offsets[i], blobs.get(i).length);
        }
        for (int[] p : patches) {
            int v = offsets[p[1]];
            out[p[0]] = (byte) v;
            out[p[0] + 1] = (byte) (v >> 8);
            out[p[0] + 2] = (byte) (v >> 16);
            out[p[0] + 3] = (byte) (v >> 24);
        }
        return out;
    }

    /** A top-down BITMAP image: 32BIT (xRGB) or, with {@code alpha}, RGBA pixels. */
    static byte[] bitmap(int width, int height, boolean alpha, int... argb) {
        WireWriter i = new WireWriter().u64(0).u8(0).u8(0).u32(width).u32(height);
        i.u8(alpha ? 9 : 8).u8(4).u32(width).u32(height).u32(width * 4L).u32(0);
        for (int p : argb) {
            i.u32(p & 0xFFFFFFFFL);
        }
        return i.toByteArray();
    }
}
