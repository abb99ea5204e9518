package org.thinspice.testbed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The X screen read from Java: Xvfb's XWD framebuffer, the 1:1 locate oracle, and a missing Xvfb named. */
class XServerTest {
    @TempDir
    Path dir;

    @Test
    void aHiddenXvfbFailsWithItsNameAndPackage() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty-path"));
        Programs.MissingProgramException e = assertThrows(Programs.MissingProgramException.class,
                () -> XServer.start(new Programs(empty.toString()), dir, 640, 480));
        assertEquals("Xvfb", e.program());
        assertTrue(e.getMessage().contains("'Xvfb'") && e.getMessage().contains("xvfb"), e.getMessage());
    }

    @Test
    void theRealXvfbScreenIsReadWithoutHelpers() throws IOException {
        try (XServer x = XServer.start(dir, 640, 480)) {
            Picture screen = x.screen();
            assertEquals(640, screen.width());
            assertEquals(480, screen.height());
            // Xvfb's root window is one colour until something draws; every pixel is that colour
            int first = screen.rgb(0, 0);
            for (int p : screen.pixels()) {
                assertEquals(first, p & 0xFFFFFF);
            }
            assertTrue(x.awaitShown(new Picture(1, 1, new int[] {0xFF000000 | first}), Duration.ofSeconds(1)).isPresent());
        }
    }

    @Test
    void xwdPixelsFollowTheHeadersMasksAndByteOrder() throws IOException {
        int[] rgb = {0xFF0000, 0x00FF00, 0x0000FF, 0x123456, 0xFFFFFF, 0x000000};
        for (int byteOrder : new int[] {0, 1}) {
            Picture p = XServer.Xwd.read(xwd(3, 2, byteOrder, rgb));
            int[] got = new int[6];
            for (int i = 0; i < 6; i++) {
                got[i] = p.pixels()[i] & 0xFFFFFF;
            }
            assertArrayEquals(rgb, got, "byte order " + byteOrder);
        }
    }

    @Test
    void truncatedOrForeignXwdIsRefusedWithAReason() {
        byte[] whole = xwd(3, 2, 0, new int[6]);
        IOException e = assertThrows(IOException.class,
                () -> XServer.Xwd.read(java.util.Arrays.copyOf(whole, whole.length - 1)));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        byte[] v6 = whole.clone();
        v6[7] = 6;
        assertThrows(IOException.class, () -> XServer.Xwd.read(v6));
        assertThrows(IOException.class, () -> XServer.Xwd.read(new byte[10]));
    }

    @Test
    void locateFindsAPictureAtOneToOneDespiteAPointerAndNotAGreyWindow() {
        int[] inner = new int[40 * 30];
        for (int i = 0; i < inner.length; i++) {
            inner[i] = 0xFF000000 | (i * 2654435761L > 0 ? i * 7919 : i) & 0xFFFFFF;
        }
        Picture guest = new Picture(40, 30, inner);
        int[] screen = new int[200 * 100];
        java.util.Arrays.fill(screen, 0xFFC0C0C0);
        for (int y = 0; y < 30; y++) {
            System.arraycopy(inner, y * 40, screen, (y + 50) * 200 + 70, 40);
        }
        screen[(55) * 200 + 75] = 0xFF000000; // a pointer pixel over the picture
        Picture withGuest = new Picture(200, 100, screen);
        assertArrayEquals(new int[] {70, 50}, withGuest.locate(guest, 4).orElseThrow());
        int[] grey = new int[200 * 100];
        java.util.Arrays.fill(grey, 0xFFC0C0C0);
        assertTrue(new Picture(200, 100, grey).locate(guest, 4).isEmpty());
    }

    /** A minimal XWD v7 ZPixmap, 32 bits per pixel, masks 0xFF0000/0xFF00/0xFF, the given byte order. */
    private static byte[] xwd(int w, int h, int byteOrder, int[] rgb) {
        int header = 100 + 4;
        ByteBuffer b = ByteBuffer.allocate(header + w * h * 4);
        int[] fields = {header, 7, 2, 24, w, h, 0, byteOrder, 32, byteOrder, 32, 32, w * 4, 4,
            0xFF0000, 0xFF00, 0xFF, 8, 0, 0, w, h, 0, 0, 0};
        for (int f : fields) {
            b.putInt(f);
        }
        b.put("x\0\0\0".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        b.order(byteOrder == 0 ? java.nio.ByteOrder.LITTLE_ENDIAN : java.nio.ByteOrder.BIG_ENDIAN);
        for (int v : rgb) {
            b.putInt(v);
        }
        return b.array();
    }
}
