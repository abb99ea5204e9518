package org.thinspice.engine.image;

import org.thinspice.engine.Limits;
import org.thinspice.engine.SpiceProtocolException;
import org.thinspice.engine.wire.WireReader;

import java.util.Arrays;

/**
 * A bitmap palette (SpicePalette): the server's 64-bit {@code unique} id and up to 256 colours as
 * {@code 0xAARRGGBB}. Entries on the wire are xRGB; {@link #read} forces their alpha to 0xFF because
 * the indexed formats have no alpha. The array is copied in and out, so a palette cannot change
 * after it was cached.
 */
public record Palette(long id, int[] entries) {

    public Palette {
        if (entries == null || entries.length > Limits.MAX_PALETTE_ENTRIES) {
            throw new IllegalArgumentException("a palette has 0.." + Limits.MAX_PALETTE_ENTRIES + " entries");
        }
        entries = entries.clone();
    }

    /** Reads {@code u64 unique, u16 num_ents, u32 ents[num_ents]}. */
    public static Palette read(WireReader r) throws SpiceProtocolException {
        long id = r.i64();
        int n = r.u16();
        if (n > Limits.MAX_PALETTE_ENTRIES) {
            throw new SpiceProtocolException(org.thinspice.engine.SpiceReason.LIMIT_EXCEEDED,
                    "palette of " + n + " entries exceeds " + Limits.MAX_PALETTE_ENTRIES);
        }
        if (r.remaining() < 4L * n) {
            throw new SpiceProtocolException("palette of " + n + " entries truncated: " + r.remaining() + " bytes left");
        }
        int[] ents = new int[n];
        for (int i = 0; i < n; i++) {
            ents[i] = r.i32() | 0xFF000000;
        }
        return new Palette(id, ents);
    }

    /** A copy of the colours. */
    @Override
    public int[] entries() {
        return entries.clone();
    }

    public int size() {
        return entries.length;
    }

    public int entry(int index) {
        return entries[index];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Palette p && p.id == id && Arrays.equals(p.entries, entries);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(id) * 31 + Arrays.hashCode(entries);
    }

    @Override
    public String toString() {
        return "Palette[id=" + Long.toUnsignedString(id) + ", entries=" + entries.length + "]";
    }
}
