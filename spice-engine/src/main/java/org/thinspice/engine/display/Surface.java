package org.thinspice.engine.display;

/**
 * One SPICE surface: {@code width * height} pixels, {@code 0xAARRGGBB}, rows top-down. The engine
 * writes it under {@link #lock()}; an application copying pixels out takes the same lock.
 */
public final class Surface {
    /** Surface formats (spice/enums.h). */
    public static final int FMT_1_A = 1;
    public static final int FMT_8_A = 8;
    public static final int FMT_16_555 = 16;
    public static final int FMT_32_XRGB = 32;
    public static final int FMT_16_565 = 80;
    public static final int FMT_32_ARGB = 96;

    private final int id;
    private final int width;
    private final int height;
    private final int format;
    private final boolean primary;
    private final int[] pixels;
    private final Object lock = new Object();

    public Surface(int id, int width, int height, int format, boolean primary) {
        this.id = id;
        this.width = width;
        this.height = height;
        this.format = format;
        this.primary = primary;
        this.pixels = new int[width * height];
    }

    public int id() {
        return id;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public int format() {
        return format;
    }

    public boolean isPrimary() {
        return primary;
    }

    /** Whether the alpha channel carries meaning (otherwise pixels are stored with alpha 0xFF). */
    public boolean hasAlpha() {
        return format == FMT_32_ARGB || format == FMT_8_A || format == FMT_1_A;
    }

    /** The live pixel array; read it only while holding {@link #lock()}. */
    public int[] pixels() {
        return pixels;
    }

    public Object lock() {
        return lock;
    }

    /** A copy of all pixels, taken under the lock. */
    public int[] snapshot() {
        synchronized (lock) {
            return pixels.clone();
        }
    }
}
