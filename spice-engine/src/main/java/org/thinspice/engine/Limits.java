package org.thinspice.engine;

/**
 * Hard caps on what the engine allocates for data read from the wire. Every length from the peer is
 * checked against what is left in the message and against these caps before anything is allocated.
 */
public final class Limits {
    /** Largest message body accepted on any channel (a 4K raw frame plus headroom). */
    public static final int MAX_MESSAGE_SIZE = 64 << 20;
    /** Largest width or height of a surface or image. */
    public static final int MAX_DIMENSION = 16384;
    /** Largest pixel count of one surface or image (128 MiB of ARGB). */
    public static final int MAX_PIXELS = 32 << 20;
    /** Largest palette (8-bit indices). */
    public static final int MAX_PALETTE_ENTRIES = 256;
    /** Largest number of clip rectangles in one draw. */
    public static final int MAX_CLIP_RECTS = 65536;
    /** Largest number of surfaces one display channel keeps. */
    public static final int MAX_SURFACES = 1024;
    /**
     * Largest pixel count of all surfaces of one display channel together (256 MiB of ARGB): without it
     * {@link #MAX_SURFACES} surfaces of {@link #MAX_PIXELS} each would be 128 GiB.
     */
    public static final long MAX_SURFACE_PIXELS_TOTAL = 64L << 20;
    /** Largest link reply (header size field). */
    public static final int MAX_LINK_REPLY = 4096;
    /** Largest number of channels in a CHANNELS_LIST. */
    public static final int MAX_CHANNELS = 256;

    /** Largest width or height of a cursor shape (Windows caps cursors at 256; spice-server at 1024 bytes/row). */
    public static final int MAX_CURSOR_DIMENSION = 512;
    /** Cursor shapes kept by the cursor cache (the server's cache has 256 entries). */
    public static final int MAX_CURSOR_CACHE_ENTRIES = 256;
    /** Pixels of all cached cursor shapes together (16 MiB of ARGB). */
    public static final int MAX_CURSOR_CACHE_PIXELS = 4 << 20;
    /** Largest number of heads in a display MONITORS_CONFIG (spice-gtk clamps to 256 too). */
    public static final int MAX_HEADS = 256;

    private Limits() {
    }

    /** Checks an image's dimensions and returns its pixel count. */
    public static int checkedPixels(long width, long height) throws SpiceProtocolException {
        if (width <= 0 || height <= 0 || width > MAX_DIMENSION || height > MAX_DIMENSION || width * height > MAX_PIXELS) {
            throw new SpiceProtocolException(SpiceReason.LIMIT_EXCEEDED,
                    "image or surface of " + width + "x" + height + " exceeds " + MAX_DIMENSION + " px per side or "
                            + MAX_PIXELS + " pixels");
        }
        return (int) (width * height);
    }
}
