package org.thinspice.fleet.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time (user + system) of named processes and their descendants, read from {@code /proc/PID/stat}, so a bench can
 * say where the machine's cores went between two instants. A descendant that exited in between is not counted (the
 * fleet's long-lived processes keep theirs: pooled PostgreSQL backends, the JVMs, HAProxy).
 */
final class CpuMeter {
    private static final double TICKS = 100.0; // USER_HZ on Linux
    private final Map<String, Long> pids = new LinkedHashMap<>();

    CpuMeter add(String name, long pid) {
        pids.put(name, pid);
        return this;
    }

    /** CPU seconds so far per name (a process that is gone reads 0). */
    Map<String, Double> read() {
        Map<String, Double> out = new LinkedHashMap<>();
        pids.forEach((name, pid) -> {
            double s = ticks(pid) / TICKS;
            s += ProcessHandle.of(pid).map(h -> h.descendants().mapToLong(d -> ticks(d.pid())).sum()).orElse(0L) / TICKS;
            out.put(name, s);
        });
        return out;
    }

    /** The machine's CPU seconds spent (all cores, everything but idle and iowait) so far, from /proc/stat. */
    static double machineBusySeconds() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/stat"))) {
            String[] f = lines.filter(l -> l.startsWith("cpu ")).findFirst().orElse("cpu 0 0 0 0 0").trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < f.length; i++) {
                if (i != 4 && i != 5) { // idle, iowait
                    busy += Long.parseLong(f[i]);
                }
            }
            return busy / TICKS;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static long ticks(long pid) {
        try {
            String s = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // the command name may hold spaces: fields are counted after its closing parenthesis
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14 and 15)
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
