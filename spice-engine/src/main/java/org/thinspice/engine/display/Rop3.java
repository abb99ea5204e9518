package org.thinspice.engine.display;

/**
 * The 256 ternary raster operations (GDI ROP3 codes) of DRAW_ROP3. Bit {@code (P << 2) | (S << 1) | D}
 * of the code is the result for pattern bit P, source bit S and destination bit D, so 0xF0 is
 * PATCOPY, 0xCC SRCCOPY, 0xAA the destination unchanged, 0x66 SRCINVERT (S^D), 0x5A PATINVERT (P^D).
 * Applied to every bit of a 32-bit pixel independently.
 */
public final class Rop3 {
    public static final int SRCCOPY = 0xCC;
    public static final int PATCOPY = 0xF0;
    public static final int SRCINVERT = 0x66;
    public static final int PATINVERT = 0x5A;

    private Rop3() {
    }

    /** The result word: for each bit, the code's bit selected by that bit of {@code p}, {@code s}, {@code d}. */
    public static int apply(int rop3, int p, int s, int d) {
        int r = 0;
        for (int i = 0; i < 8; i++) {
            if ((rop3 >> i & 1) != 0) {
                // the minterm of index i: P, S and D each taken plain or inverted as i's bits say
                int pp = (i & 4) != 0 ? p : ~p;
                int ss = (i & 2) != 0 ? s : ~s;
                int dd = (i & 1) != 0 ? d : ~d;
                r |= pp & ss & dd;
            }
        }
        return r;
    }
}
