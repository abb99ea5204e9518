package org.thinspice.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TinyGuestKeyTest {

    private static Map<String, byte[]> sources(String... nameThenText) {
        Map<String, byte[]> m = new LinkedHashMap<>();
        for (int i = 0; i < nameThenText.length; i += 2) {
            m.put(nameThenText[i], nameThenText[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        return m;
    }

    @Test
    void keyIsStableSixteenHexDigits() {
        String k = TinyGuest.key(sources("init", "a", "tbpattern.c", "b"));
        assertEquals(k, TinyGuest.key(sources("init", "a", "tbpattern.c", "b")));
        assertTrue(k.matches("[0-9a-f]{16}"), k);
    }

    @Test
    void anyChangeInContentOrNameChangesTheKey() {
        String k = TinyGuest.key(sources("init", "a", "tbpattern.c", "b"));
        assertNotEquals(k, TinyGuest.key(sources("init", "a", "tbpattern.c", "c")));
        assertNotEquals(k, TinyGuest.key(sources("init", "a", "other.c", "b")));
    }

    @Test
    void contentCannotShiftAcrossTheBoundaryBetweenFiles() {
        // Lengths are hashed too, so moving a byte from one file to the next gives another key.
        assertNotEquals(TinyGuest.key(sources("init", "ab", "tbpattern.c", "c")),
                TinyGuest.key(sources("init", "a", "tbpattern.c", "bc")));
    }

    @Test
    void shippedSourcesAreOnTheClasspathAndHashed() throws Exception {
        Map<String, byte[]> shipped = TinyGuest.readSources();
        assertEquals(TinyGuest.SOURCES, java.util.List.copyOf(shipped.keySet()));
        assertEquals(TinyGuest.key(shipped), TinyGuest.key());
    }
}
