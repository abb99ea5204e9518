package org.thinspice.engine.cursor;

import org.thinspice.engine.Limits;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Cursor shapes by their 64-bit unique id (CACHE_ME / FROM_CACHE / INVAL_ONE / INVAL_ALL). The server
 * decides what is cached and tells the client what to drop; the entry and pixel caps only protect this
 * client from a server that does not (oldest entries go first).
 */
public final class CursorCache {
    private final Map<Long, CursorShape> shapes = new LinkedHashMap<>();
    private long pixels;

    public void put(long id, CursorShape shape) {
        remove(id);
        shapes.put(id, shape);
        pixels += shape.argb().length;
        Iterator<Map.Entry<Long, CursorShape>> it = shapes.entrySet().iterator();
        while ((shapes.size() > Limits.MAX_CURSOR_CACHE_ENTRIES || pixels > Limits.MAX_CURSOR_CACHE_PIXELS)
                && it.hasNext()) {
            pixels -= it.next().getValue().argb().length;
            it.remove();
        }
    }

    public CursorShape get(long id) {
        return shapes.get(id);
    }

    public void remove(long id) {
        CursorShape old = shapes.remove(id);
        if (old != null) {
            pixels -= old.argb().length;
        }
    }

    public void clear() {
        shapes.clear();
        pixels = 0;
    }

    public int size() {
        return shapes.size();
    }
}
