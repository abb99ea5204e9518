package org.thinspice.engine;

import java.util.Locale;

/**
 * What the link to the desktop is like, which decides the image compression and video codec this client
 * asks the server for (PREFERRED_COMPRESSION, PREFERRED_VIDEO_CODEC_TYPE):
 * <ul>
 *   <li>{@link #LAN}: cheap to decode — LZ for images (half LZ4's bytes on text and no slower to decode; no QUIC,
 *       which this client decodes in Java), MJPEG for video (H.264 first when a VA-API decoder has it);</li>
 *   <li>{@link #WAN}: small on the wire — auto_glz (GLZ's session-wide dictionary; the server wraps it in
 *       zlib and turns photo-like images into JPEG when its own link test finds under 10 Mbit/s, or when
 *       QEMU says {@code jpeg-wan-compression=always}: the protocol has no client request for JPEG), H.264, VP8,
 *       MJPEG for video (see {@code ClientPreferences});</li>
 *   <li>{@link #AUTO}: LAN or WAN by the bandwidth this client measured during the server's link test on
 *       the main channel; LAN when there was no test to measure (a local or migrated connection);</li>
 *   <li>{@link #SERVER} (the default): no preference is sent, the server's own configuration
 *       ({@code image-compression}, {@code video-codecs}) stands.</li>
 * </ul>
 */
public enum ConnectionProfile {
    LAN, WAN, AUTO, SERVER;

    /** Bits per second from which AUTO counts as LAN: the server's own low-bandwidth line. */
    public static final long LAN_MIN_BITS_PER_SECOND = 10_000_000L;

    /** {@code lan}, {@code wan}, {@code auto} or {@code server}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code lan|wan|auto|server}; null or blank means {@link #SERVER}. */
    public static ConnectionProfile parse(String s) {
        if (s == null || s.isBlank()) {
            return SERVER;
        }
        for (ConnectionProfile p : values()) {
            if (p.key().equals(s.trim().toLowerCase(Locale.ROOT))) {
                return p;
            }
        }
        throw new IllegalArgumentException("profile must be lan, wan, auto or server, not '" + s + "'");
    }

    /**
     * LAN, WAN or SERVER: this profile itself, or for AUTO the choice by {@code measuredBitsPerSecond} (negative
     * when nothing was measured).
     */
    public ConnectionProfile resolve(long measuredBitsPerSecond) {
        if (this != AUTO) {
            return this;
        }
        return measuredBitsPerSecond < 0 || measuredBitsPerSecond >= LAN_MIN_BITS_PER_SECOND ? LAN : WAN;
    }
}
