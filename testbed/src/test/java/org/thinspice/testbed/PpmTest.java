package org.thinspice.testbed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PpmTest {

    private static byte[] ppm(String header, int... rgbBytes) {
        byte[] h = header.getBytes(StandardCharsets.US_ASCII);
        byte[] out = Arrays.copyOf(h, h.length + rgbBytes.length);
        for (int i = 0; i < rgbBytes.length; i++) {
            out[h.length + i] = (byte) rgbBytes[i];
        }
        return out;
    }

    @Test
    void parsesQemuStyleHeader() throws Exception {
        Picture p = Ppm.parse(ppm("P6\n2 1\n255\n", 0xFF, 0x00, 0x80, 0x01, 0x02, 0x03));
        assertEquals(2, p.width());
        assertEquals(1, p.height());
        assertArrayEquals(new int[] {0xFFFF0080, 0xFF010203}, p.pixels());
    }

    @Test
    void acceptsCommentsAndOtherWhitespace() throws Exception {
        Picture p = Ppm.parse(ppm("P6 # made by hand\n1\t2 # two rows\r\n255 ", 1, 2, 3, 4, 5, 6));
        assertEquals(0x010203, p.rgb(0, 0));
        assertEquals(0x040506, p.rgb(0, 1));
    }

    @Test
    void roundTripsThroughEncode() throws Exception {
        Picture p = new Picture(3, 2, new int[] {0xFF000000, 0xFFFFFFFF, 0xFF123456, 0xFF654321, 0xFF00FF00, 0xFF0000FF});
        assertEquals(p, Ppm.parse(Ppm.encode(p)));
    }

    @Test
    void rejectsWrongMagic() {
        assertThrows(PpmFormatException.class, () -> Ppm.parse(ppm("P3\n1 1\n255\n", 1, 2, 3)));
        assertThrows(PpmFormatException.class, () -> Ppm.parse(new byte[] {'P'}));
        assertThrows(PpmFormatException.class, () -> Ppm.parse(new byte[0]));
    }

    @Test
    void rejectsTruncatedPixelsAndHeader() {
        assertThrows(PpmFormatException.class, () -> Ppm.parse(ppm("P6\n2 2\n255\n", 1, 2, 3)));
        assertThrows(PpmFormatException.class, () -> Ppm.parse(ppm("P6\n2 2\n")));
        assertThrows(PpmFormatException.class, () -> Ppm.parse(ppm("P6\n2 2\n255")));
        assertThrows(PpmFormatException.class, () -> Ppm.parse(ppm("P6\n2 # comment to the end")));
    }

    @Test
    void rejectsBadNumbers() {
        assertThrows(PpmFormatException.class, () -> Ppm.parse(ppm("P6\nx 1\n255\n", 1, 2, 3)));
        assertThrows(PpmFormatException.class, () -> Ppm.parse(ppm("P6\n-1 1\n255\n", 1, 2, 3)));
        assertThrows(PpmFormatException.class, () -> Ppm.parse(ppm("P61 1\n255\n", 1, 2, 3)));
        assertThrows(PpmFormatException.class, () -> Ppm.parse(ppm("P6\n0 1\n255\n")));
        assertThrows(PpmFormatException.class, () -> Ppm.parse(ppm("P6\n1 1\n65535\n", 0, 1, 0, 2, 0, 3)));
        assertThrows(PpmFormatException.class, () -> Ppm.parse(ppm("P6\n1 1\n0\n")));
    }

    @Test
    void rejectsHugeSizesBeforeAllocating() {
        assertThrows(PpmFormatException.class, () -> Ppm.parse(ppm("P6\n99999999999 1\n255\n")));
        assertThrows(PpmFormatException.class, () -> Ppm.parse(ppm("P6\n16385 1\n255\n")));
        assertThrows(PpmFormatException.class, () -> Ppm.parse(ppm("P6\n16384 16384\n255\n", 1, 2, 3)));
    }
}
