package org.thinspice.testbed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine's load average, for benchmarks to print beside what they measured. */
public final class LoadAverage {
    private LoadAverage() {
    }

    /** "1-min 5-min 15-min" from /proc/loadavg, or "unknown (why)". */
    public static String now() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | ArrayIndexOutOfBoundsException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }
}
