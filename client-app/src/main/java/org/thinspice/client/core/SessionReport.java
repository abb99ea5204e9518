package org.thinspice.client.core;

import java.util.Map;

/**
 * The statistics of one session, for diagnostics: presented frames per second, bytes per second, the
 * link's round trip, images per codec, and how long it lasted.
 */
public record SessionReport(String desktop, double fps, double bytesPerSecond, long connectMillis, long firstFrameMillis,
        long durationMillis, Map<String, Long> codecs) {
}
