package org.thinspice.engine.display;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class Rop3Test {
    private static final int P = 0xF0F0F0F0;
    private static final int S = 0xCCCCCCCC;
    private static final int D = 0xAAAAAAAA;

    @Test
    void everyCodeFollowsItsTruthTable() {
        for (int rop = 0; rop < 256; rop++) {
            for (int i = 0; i < 8; i++) {
                int p = (i & 4) != 0 ? -1 : 0;
                int s = (i & 2) != 0 ? -1 : 0;
                int d = (i & 1) != 0 ? -1 : 0;
                int expected = (rop >> i & 1) != 0 ? -1 : 0;
                assertEquals(expected, Rop3.apply(rop, p, s, d), "rop " + rop + " minterm " + i);
            }
        }
    }

    @Test
    void theCanonicalOperandsReproduceTheCode() {
        // With P=0xF0, S=0xCC, D=0xAA in every byte the result's bytes are the code itself.
        for (int rop = 0; rop < 256; rop++) {
            assertEquals(rop * 0x01010101, Rop3.apply(rop, P, S, D), "rop " + rop);
        }
    }

    @Test
    void namedGdiCodesMatchTheirDefinitions() {
        Map<Integer, IntTernary> named = Map.ofEntries(
                Map.entry(0x00, (p, s, d) -> 0),                       // BLACKNESS
                Map.entry(0xFF, (p, s, d) -> -1),                      // WHITENESS
                Map.entry(0xCC, (p, s, d) -> s),                       // SRCCOPY
                Map.entry(0xF0, (p, s, d) -> p),                       // PATCOPY
                Map.entry(0x66, (p, s, d) -> s ^ d),                   // SRCINVERT
                Map.entry(0x5A, (p, s, d) -> p ^ d),                   // PATINVERT
                Map.entry(0x55, (p, s, d) -> ~d),                      // DSTINVERT
                Map.entry(0x33, (p, s, d) -> ~s),                      // NOTSRCCOPY
                Map.entry(0xEE, (p, s, d) -> s | d),                   // SRCPAINT
                Map.entry(0x88, (p, s, d) -> s & d),                   // SRCAND
                Map.entry(0x44, (p, s, d) -> s & ~d),                  // SRCERASE
                Map.entry(0x11, (p, s, d) -> ~(s | d)),                // NOTSRCERASE
                Map.entry(0xBB, (p, s, d) -> ~s | d),                  // MERGEPAINT
                Map.entry(0xC0, (p, s, d) -> p & s),                   // MERGECOPY
                Map.entry(0xFB, (p, s, d) -> p | ~s | d),              // PATPAINT
                Map.entry(0xB8, (p, s, d) -> ((d ^ p) & s) ^ p));      // PSDPxax
        int p = 0x12345678;
        int s = 0x0F0F33CC;
        int d = 0x7A5AA5C3;
        named.forEach((rop, f) -> assertEquals(f.apply(p, s, d), Rop3.apply(rop, p, s, d), Integer.toHexString(rop)));
    }

    interface IntTernary {
        int apply(int p, int s, int d);
    }

}
