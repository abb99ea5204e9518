package org.thinspice.engine.hostile;

import org.thinspice.engine.wire.WireWriter;

/** Builders for display-channel message bodies as spice.proto lays them out (test side). */
public final class DisplayMessages {
    public static final int SURFACE_CREATE = 314;
    public static final int DRAW_FILL = 302;
    public static final int DRAW_COPY = 304;
    public static final int COPY_BITS = 104;
    public static final int INVAL_LIST = 105;
    public static final int ROPD_PUT = 8;
    /** Fixed part of DRAW_COPY with a NONE clip: base 21 + src ptr 4 + src area 16 + ropd 2 + scale 1 + mask 13. */
    public static final int COPY_FIXED = 57;

    private DisplayMessages() {
    }

    public static byte[] surfaceCreate(long id, long width, long height, long format, long flags) {
        return new WireWriter(20).u32(id).u32(width).u32(height).u32(format).u32(flags).toByteArray();
    }

    /** Rect in wire order: top, left, bottom, right. */
    public static WireWriter rect(WireWriter w, int left, int top, int right, int bottom) {
        return w.u32(top).u32(left).u32(bottom).u32(right);
    }

    /** DisplayBase with no clip. */
    public static WireWriter base(long surfaceId, int left, int top, int right, int bottom) {
        WireWriter w = new WireWriter().u32(surfaceId);
        rect(w, left, top, right, bottom);
        return w.u8(0);
    }

    /** DRAW_FILL with a solid brush through {@code ropd}, no mask. */
    public static byte[] fill(long surfaceId, int left, int top, int right, int bottom, int color, int ropd) {
        return fill(base(surfaceId, left, top, right, bottom), color, ropd);
    }

    public static byte[] fill(WireWriter base, int color, int ropd) {
        return base.u8(1).u32(color & 0xFFFFFFFFL).u16(ropd).u8(0).u32(0).u32(0).u32(0).toByteArray();
    }

    /**
     * DRAW_COPY of the image {@code image} (descriptor + payload) placed right after the fixed part, drawn
     * from {@code srcArea} into the box. {@code imagePtr} overrides the pointer when not negative.
     */
    public static byte[] copy(long surfaceId, int left, int top, int right, int bottom, int[] srcArea, byte[] image,
                              long imagePtr) {
        WireWriter w = base(surfaceId, left, top, right, bottom);
        w.u32(imagePtr >= 0 ? imagePtr : COPY_FIXED);
        rect(w, srcArea[0], srcArea[1], srcArea[2], srcArea[3]);
        w.u16(ROPD_PUT).u8(1).u8(0).u32(0).u32(0).u32(0);
        return w.bytes(image).toByteArray();
    }

    /** Whole-image COPY to (0,0) of surface 0. */
    public static byte[] copyAll(int width, int height, byte[] image) {
        return copy(0, 0, 0, width, height, new int[] {0, 0, width, height}, image, -1);
    }

    /** Image descriptor: u64 id, u8 type, u8 flags, u32 width, u32 height. */
    public static WireWriter descriptor(long id, int type, int flags, long width, long height) {
        return new WireWriter().u64(id).u8(type).u8(flags).u32(width).u32(height);
    }

    /** A BITMAP image of 32-bit xRGB pixels, top-down, no palette. */
    public static byte[] bitmap32(long id, int flags, int width, int height, int[] argb) {
        WireWriter w = descriptor(id, 0, flags, width, height);
        w.u8(8).u8(4).u32(width).u32(height).u32(width * 4L).u32(0);
        for (int p : argb) {
            w.u32(p & 0xFFFFFFFFL);
        }
        return w.toByteArray();
    }

    /** An image descriptor plus {@code u32 size} and that payload (QUIC, LZ_RGB, GLZ_RGB, LZ4). */
    public static byte[] binaryImage(long id, int type, int width, int height, byte[] payload) {
        return descriptor(id, type, 0, width, height).u32(payload.length).bytes(payload).toByteArray();
    }

    public static byte[] copyBits(long surfaceId, int left, int top, int right, int bottom, int srcX, int srcY) {
        return base(surfaceId, left, top, right, bottom).u32(srcX).u32(srcY).toByteArray();
    }

    public static byte[] invalList(long... pixmapIds) {
        WireWriter w = new WireWriter().u16(pixmapIds.length);
        for (long id : pixmapIds) {
            w.u8(1).u64(id);
        }
        return w.toByteArray();
    }
}
