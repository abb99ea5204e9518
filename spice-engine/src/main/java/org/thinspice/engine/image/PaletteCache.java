package org.thinspice.engine.image;

import org.thinspice.engine.SpiceImageException;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The palette cache of one display channel (PAL_CACHE_ME / PAL_FROM_CACHE / INVAL_PALETTE /
 * INVAL_ALL_PALETTES), keyed by the palette's 64-bit id.
 *
 * <p>The server decides what lives here and keeps at most 128 entries per client
 * (CLIENT_PALETTE_CACHE_SIZE), so {@link #MAX_ENTRIES} is headroom, not policy: when a misbehaving
 * server goes past it, the least recently used palette is dropped so memory stays bounded (at most
 * 256 × 256 colours). Confined to the channel's event loop; not thread-safe.
 */
public final class PaletteCache {
    /** Most palettes kept; twice what spice-server ever asks a client to hold. */
    public static final int MAX_ENTRIES = 256;

    private final Map<Long, Palette> entries = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Palette> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    /** Stores {@code palette} under its id, replacing any earlier palette with that id. */
    public void put(Palette palette) {
        entries.put(palette.id(), palette);
    }

    /** The palette cached under {@code id}; a miss means the server referenced what it never sent. */
    public Palette get(long id) throws SpiceImageException {
        Palette p = entries.get(id);
        if (p == null) {
            throw new SpiceImageException("palette " + Long.toUnsignedString(id) + " is not in the palette cache");
        }
        return p;
    }

    public boolean contains(long id) {
        return entries.containsKey(id);
    }

    /** INVAL_PALETTE; returns whether the id was cached. */
    public boolean remove(long id) {
        return entries.remove(id) != null;
    }

    /** INVAL_ALL_PALETTES. */
    public void clear() {
        entries.clear();
    }

    public int size() {
        return entries.size();
    }
}
