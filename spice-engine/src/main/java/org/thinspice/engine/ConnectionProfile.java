package org.thinspice.engine;

import java.util.Locale;

/**
 * What the link to the desktop is like, which decides the image compression and video codec this client
 * asks the server for (PREFERRED_COMPRESSION, PREFERRED_VIDEO_CODEC_TYPE):
 * <ul>
 *   <li>{@link #LAN}: cheap to decode — LZ4 for images (2× larger than GLZ on the wire, several times
 *       faster to decode), MJPEG for video;</li>
 *   <li>{@link #WAN}: small on the wire — auto_glz (GLZ's session-wide dictionary; the server wraps it in
 *       zlib and turns photo-like images into JPEG when its own link test finds under 10 Mbit/s, or when
 *       QEMU says {@code jpeg-wan-compression=always}: the protocol has no client request for JPEG), MJPEG
 *       for video;</li>
 *   <li>{@link #AUTO}: LAN or WAN by the bandwidth this client measured during the server's link test on
 *       the main channel; LAN when there was no test to measure (a local or migrated connection).</li>
 * </ul>
 */
public enum ConnectionProfile {
    LAN, WAN, AUTO;

    /** Bits per second from which AUTO counts as LAN: the server's own low-bandwidth line. */
    public static final long LAN_MIN_BITS_PER_SECOND = 10_000_000L;

    /** {@code lan}, {@code wan} or {@code auto}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code lan|wan|auto}; null or blank means {@link #AUTO}. */
    public static ConnectionProfile parse(String s) {
        if (s == null || s.isBlank()) {
            return AUTO;
        }
        for (ConnectionProfile p : values()) {
            if (p.key().equals(s.trim().toLowerCase(Locale.ROOT))) {
                return p;
            }
        }
        throw new IllegalArgumentException("profile must be lan, wan or auto, not '" + s + "'");
    }

    /**
     * LAN or WAN: this profile itself, or for AUTO the choice by {@code measuredBitsPerSecond} (negative
     * when nothing was measured).
     */
    public ConnectionProfile resolve(long measuredBitsPerSecond) {
        if (this != AUTO) {
            return this;
        }
        return measuredBitsPerSecond < 0 || measuredBitsPerSecond >= LAN_MIN_BITS_PER_SECOND ? LAN : WAN;
    }
}
