package org.thinspice.engine.link;

import java.util.Arrays;

/** A capability bit set as SPICE sends it: bit n lives in word n/32. */
public final class Caps {
    private final int[] words;

    public Caps(int... words) {
        this.words = words.clone();
    }

    public static Caps of(int... bits) {
        int max = -1;
        for (int b : bits) {
            max = Math.max(max, b);
        }
        int[] w = new int[max < 0 ? 0 : max / 32 + 1];
        for (int b : bits) {
            w[b / 32] |= 1 << (b % 32);
        }
        return new Caps(w);
    }

    public boolean has(int bit) {
        int i = bit / 32;
        return i < words.length && (words[i] & (1 << (bit % 32))) != 0;
    }

    public int[] words() {
        return words.clone();
    }

    @Override
    public String toString() {
        return Arrays.toString(words);
    }
}
