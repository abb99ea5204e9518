package org.thinspice.device.backends.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thinspice.testbed.Programs;

/** FAT16 images read back by mtools, a reader that is not ours. */
class FatImageTest {
    @TempDir
    Path dir;

    @Test
    void mtoolsReadsTheFilesBack() throws Exception {
        for (long mib : new long[] {4, 8, 64}) {
            Path img = dir.resolve("stick-" + mib + ".img");
            byte[] big = new byte[300_000];
            new Random(mib).nextBytes(big);
            Map<String, byte[]> files = new LinkedHashMap<>();
            files.put("README.TXT", "Hello from thinspice.\r\n".getBytes(StandardCharsets.US_ASCII));
            files.put("EMPTY.DAT", new byte[0]);
            files.put("DATA.BIN", big);
            FatImage.write(img, mib << 20, "THINSPICE", files);
            assertEquals(mib << 20, Files.size(img));
            assertEquals("Hello from thinspice.\r\n", new String(mtools("mtype", img, "::README.TXT"), StandardCharsets.US_ASCII));
            assertArrayEquals(big, mtools("mtype", img, "::DATA.BIN"), mib + " MiB: DATA.BIN");
            String listing = new String(mtools("mdir", img, "::"), StandardCharsets.US_ASCII);
            assertTrue(listing.contains("THINSPICE"), listing);
            assertTrue(listing.matches("(?s).*EMPTY\\s+DAT\\s+0 .*"), listing);
            assertTrue(listing.contains("3 files"), listing);
        }
    }

    @Test
    void badSizesAndNamesAreRefusedInWords() {
        Path img = dir.resolve("x.img");
        IllegalArgumentException small = assertThrows(IllegalArgumentException.class,
                () -> FatImage.write(img, 1 << 20, "X", Map.of()));
        assertTrue(small.getMessage().contains("from 4 MiB to 2 GiB"), small.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FatImage.write(img, (4 << 20) + 1, "X", Map.of()));
        IllegalArgumentException name = assertThrows(IllegalArgumentException.class,
                () -> FatImage.write(img, 4 << 20, "X", Map.of("readme.txt", new byte[1])));
        assertTrue(name.getMessage().contains("8.3 name: readme.txt"), name.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FatImage.write(img, 4 << 20, "X", Map.of("TOOLONGNAME.TXT", new byte[1])));
        IllegalArgumentException full = assertThrows(IllegalArgumentException.class,
                () -> FatImage.write(img, 4 << 20, "X", Map.of("BIG.BIN", new byte[5 << 20])));
        assertTrue(full.getMessage().contains("clusters"), full.getMessage());
    }

    private static byte[] mtools(String program, Path image, String target) throws Exception {
        Path exe = Programs.system().require(program, "mtools");
        ProcessBuilder pb = new ProcessBuilder(exe.toString(), "-i", image.toString(), target);
        pb.environment().put("MTOOLS_SKIP_CHECK", "1");
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), program + " did not finish");
        assertEquals(0, p.exitValue(), program + " " + target + " failed");
        return out;
    }
}
