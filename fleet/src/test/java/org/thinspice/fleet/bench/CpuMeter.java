package org.thinspice.fleet.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.thinspice.testbed.ProcessCpu;

/**
 * CPU time (user + system) of named processes and their descendants, read from {@code /proc/PID/stat}, so a bench can
 * say where the machine's cores went between two instants. A descendant that exited in between is not counted (the
 * fleet's long-lived processes keep theirs: pooled PostgreSQL backends, the JVMs, HAProxy).
 */
final class CpuMeter {
    private final Map<String, Long> pids = new LinkedHashMap<>();

    CpuMeter add(String name, long pid) {
        pids.put(name, pid);
        return this;
    }

    /** CPU seconds so far per name (a process that is gone reads 0). */
    Map<String, Double> read() {
        Map<String, Double> out = new LinkedHashMap<>();
        pids.forEach((name, pid) -> {
            double s = seconds(pid);
            s += ProcessHandle.of(pid).map(h -> h.descendants().mapToDouble(d -> seconds(d.pid())).sum()).orElse(0.0);
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
            return busy / (double) ProcessCpu.ticksPerSecond();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** utime + stime of {@code pid} in seconds; 0 for a process that is gone. */
    private static double seconds(long pid) {
        try {
            return Math.max(0, ProcessCpu.seconds(pid));
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
