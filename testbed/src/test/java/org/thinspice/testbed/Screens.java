package org.thinspice.testbed;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;

/** Polls QEMU's screendump until a condition holds (the guest draws asynchronously). */
final class Screens {
    private Screens() {
    }

    /** The first screendump that satisfies {@code ok}, or the last one taken when {@code timeout} passes. */
    static Picture await(Qmp qmp, Predicate<Picture> ok, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Picture last;
        do {
            last = qmp.screendump();
            if (ok.test(last)) {
                return last;
            }
            UnixLines.sleep(200);
        } while (System.nanoTime() < deadline);
        return last;
    }

    /** Saves a picture next to the test's QEMU logs to look at after a failure. */
    static Path keep(Picture p, Path dir, String name) throws IOException {
        Path file = dir.resolve(name + ".ppm");
        Ppm.write(p, file);
        return file;
    }

    static int mismatches(Picture actual, Picture expected) {
        if (actual.width() != expected.width() || actual.height() != expected.height()) {
            return Integer.MAX_VALUE;
        }
        int n = 0;
        int[] a = actual.pixels();
        int[] e = expected.pixels();
        for (int i = 0; i < a.length; i++) {
            if (((a[i] ^ e[i]) & 0xFFFFFF) != 0) {
                n++;
            }
        }
        return n;
    }
}
