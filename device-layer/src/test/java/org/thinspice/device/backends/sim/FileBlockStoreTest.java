package org.thinspice.device.backends.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileBlockStoreTest {
    @TempDir
    Path dir;

    private Path image(int bytes) throws IOException {
        byte[] b = new byte[bytes];
        new Random(bytes).nextBytes(b);
        Path p = dir.resolve("disk-" + bytes + ".img");
        Files.write(p, b);
        return p;
    }

    @Test
    void readsEqualTheFile() throws Exception {
        Path p = image(64 * 512);
        byte[] file = Files.readAllBytes(p);
        try (FileBlockStore s = FileBlockStore.open(p, true)) {
            assertEquals(64, s.blocks());
            Random r = new Random(7);
            for (int i = 0; i < 200; i++) {
                int pos = r.nextInt(file.length);
                int len = r.nextInt(file.length - pos + 1);
                byte[] dst = new byte[len + 10];
                s.read(pos, dst, 5, len);
                assertArrayEquals(Arrays.copyOfRange(file, pos, pos + len), Arrays.copyOfRange(dst, 5, 5 + len),
                        "read at " + pos + " of " + len);
            }
        }
    }

    @Test
    void writesShowInLaterReadsAndInTheFile() throws Exception {
        Path p = image(16 * 512);
        try (FileBlockStore s = FileBlockStore.open(p, false)) {
            byte[] before = new byte[1024];
            s.read(3000, before, 0, before.length);
            byte[] w = new byte[1024];
            new Random(1).nextBytes(w);
            s.write(3000, w, 0, w.length);
            byte[] after = new byte[1024];
            s.read(3000, after, 0, after.length);
            assertArrayEquals(w, after);
            s.flush();
        }
        byte[] file = Files.readAllBytes(p);
        byte[] expected = new byte[1024];
        new Random(1).nextBytes(expected);
        assertArrayEquals(expected, Arrays.copyOfRange(file, 3000, 4024));
    }

    @Test
    void aReadPastTheEndOrAfterCloseFailsInWords() throws Exception {
        Path p = image(8 * 512);
        FileBlockStore s = FileBlockStore.open(p, true);
        IOException past = assertThrows(IOException.class, () -> s.read(8 * 512 - 100, new byte[200], 0, 200));
        assertTrue(past.getMessage().contains("ended at"), past.getMessage());
        s.close();
        assertThrows(IOException.class, () -> s.read(0, new byte[512], 0, 512));
    }

    @Test
    void aFileCutShortBehindTheStoreIsReportedNotCrashed() throws Exception {
        Path p = image(64 * 512);
        try (FileBlockStore s = FileBlockStore.open(p, true)) {
            s.read(0, new byte[512], 0, 512);
            try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
                f.setLength(4096);
            }
            IOException e = assertThrows(IOException.class, () -> s.read(40 * 512, new byte[4096], 0, 4096));
            assertTrue(e.getMessage().contains("ended at"), e.getMessage());
        }
    }

    @Test
    void sizesThatAreNotWholeBlocksAreRefused() throws Exception {
        Path p = dir.resolve("odd.img");
        Files.write(p, new byte[1000]);
        IOException e = assertThrows(IOException.class, () -> FileBlockStore.open(p, true));
        assertTrue(e.getMessage().contains("whole number"), e.getMessage());
    }
}
