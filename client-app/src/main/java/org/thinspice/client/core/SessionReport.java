package org.thinspice.client.core;

import java.util.Map;

/**
 * The statistics of one session, for diagnostics: presented frames per second, bytes per second, the
 * link's round trip, images per codec, how long it lasted, and how many clipboard transfers crossed
 * each way (desktop → terminal, terminal → desktop).
 */
public record SessionReport(String desktop, double fps, double bytesPerSecond, long connectMillis, long firstFrameMillis,
        long durationMillis, Map<String, Long> codecs, long clipboardToTerminal, long clipboardToDesktop) {

    /** A report without clipboard transfers. */
    public SessionReport(String desktop, double fps, double bytesPerSecond, long connectMillis, long firstFrameMillis,
            long durationMillis, Map<String, Long> codecs) {
        this(desktop, fps, bytesPerSecond, connectMillis, firstFrameMillis, durationMillis, codecs, 0, 0);
    }
}
