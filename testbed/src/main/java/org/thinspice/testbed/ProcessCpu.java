package org.thinspice.testbed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** CPU time of another process from {@code /proc/PID/stat}, in the kernel's clock ticks as this machine has them. */
public final class ProcessCpu {
    private static long ticksPerSecond;

    private ProcessCpu() {
    }

    /** utime + stime of {@code pid} in seconds, or -1 when the process is gone. */
    public static double seconds(long pid) throws IOException {
        Path stat = Path.of("/proc/" + pid + "/stat");
        String s;
        try {
            s = Files.readString(stat);
        } catch (java.nio.file.NoSuchFileException e) {
            return -1;
        }
        // After "pid (comm) ": f[0] is field 3 (state); utime is field 14, stime field 15.
        String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / (double) ticksPerSecond();
    }

    /** {@code getconf CLK_TCK}: the unit of the times in /proc/PID/stat. */
    public static synchronized long ticksPerSecond() throws IOException {
        if (ticksPerSecond == 0) {
            String out = Commands.run(List.of("getconf", "CLK_TCK"), Path.of("."), Duration.ofSeconds(10));
            ticksPerSecond = Long.parseLong(out.trim());
        }
        return ticksPerSecond;
    }

}
