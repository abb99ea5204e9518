package org.thinspice.engine.display;

import java.util.HashMap;
import java.util.Map;

/**
 * The session-wide image cache keyed by the 64-bit image id. The server decides what to evict (it
 * mirrors this cache from the size the client announced); the cap here only protects this client
 * from a server that ignores its own bookkeeping.
 */
public final class PixmapCache {
    private final long maxPixels;
    private final Map<Long, Entry> entries = new HashMap<>();
    private long pixels;

    private record Entry(Pixmap pixmap, boolean lossy) {
    }

    public PixmapCache(long maxPixels) {
        this.maxPixels = maxPixels;
    }

    public long maxPixels() {
        return maxPixels;
    }

    public synchronized void put(long id, Pixmap p, boolean lossy) {
        remove(id);
        long size = (long) p.width() * p.height();
        if (pixels + size > maxPixels) {
            // Over the announced size the server has lost track; drop everything rather than grow.
            clear();
        }
        entries.put(id, new Entry(p, lossy));
        pixels += size;
    }

    /** The cached image, or null. */
    public synchronized Pixmap get(long id) {
        Entry e = entries.get(id);
        return e == null ? null : e.pixmap;
    }

    public synchronized boolean isLossy(long id) {
        Entry e = entries.get(id);
        return e != null && e.lossy;
    }

    public synchronized void remove(long id) {
        Entry e = entries.remove(id);
        if (e != null) {
            pixels -= (long) e.pixmap.width() * e.pixmap.height();
        }
    }

    public synchronized void clear() {
        entries.clear();
        pixels = 0;
    }

    public synchronized int size() {
        return entries.size();
    }
}
