package org.thinspice.device.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import org.thinspice.testbed.ProcessCpu;

/**
 * CPU seconds of another process's threads from {@code /proc/PID/task/TID/stat}, summed by thread name
 * with digits folded ({@code C2 CompilerThread0} and {@code …1} count together, C1 and C2 apart), to see
 * where a client's CPU goes during a read: event loop, JIT (C1 quick, C2 optimizing), GC; each thread's
 * system time (in the kernel, for it) also listed apart.
 */
final class ThreadCpu {
    private ThreadCpu() {
    }

    static Map<String, Double> byName(long pid) throws IOException {
        Map<String, Double> m = new TreeMap<>();
        Path tasks = Path.of("/proc/" + pid + "/task");
        if (!Files.isDirectory(tasks)) {
            return m;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(tasks)) {
            for (Path t : ds) {
                String s;
                try {
                    s = Files.readString(t.resolve("stat"));
                } catch (IOException e) {
                    continue; // the thread ended meanwhile
                }
                String name = s.substring(s.indexOf('(') + 1, s.lastIndexOf(')')).replaceAll("(?<!^C)[0-9]+", "#");
                String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
                double sec = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / (double) ProcessCpu.ticksPerSecond();
                m.merge(name, sec, Double::sum);
                // the kernel's share of it (system calls: socket, file), listed apart as "NAME [sys]"
                m.merge(name + " [sys]", Long.parseLong(f[12]) / (double) ProcessCpu.ticksPerSecond(), Double::sum);
            }
        }
        return m;
    }

    /**
     * Milliseconds the process's threads have spent runnable but waiting for a core, summed over its
     * threads ({@code /proc/PID/task/TID/schedstat}, second field, nanoseconds): how much of a read went to
     * waiting for CPU rather than for the peer. -1 where the kernel does not report it.
     */
    static long runQueueWaitMillis(long pid) throws IOException {
        Path tasks = Path.of("/proc/" + pid + "/task");
        if (!Files.isDirectory(tasks)) {
            return -1;
        }
        long ns = 0;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(tasks)) {
            for (Path t : ds) {
                try {
                    String[] f = Files.readString(t.resolve("schedstat")).trim().split("\\s+");
                    ns += Long.parseLong(f[1]);
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile, or no schedstat: leave it out
                }
            }
        }
        return ns / 1_000_000;
    }

    /** CPU milliseconds of the JIT compiler threads (C1, C2; their system time included) in a {@link #difference}. */
    static long jitMillis(Map<String, Long> difference) {
        return difference.entrySet().stream()
                .filter(e -> e.getKey().matches("C[12] CompilerThre.*") && !e.getKey().endsWith(" [sys]"))
                .mapToLong(Map.Entry::getValue).sum();
    }

    /** Milliseconds per thread name that grew between the two samples, largest first. */
    static Map<String, Long> difference(Map<String, Double> before, Map<String, Double> after) {
        Map<String, Long> d = new LinkedHashMap<>();
        after.entrySet().stream()
                .map(e -> Map.entry(e.getKey(),
                        Math.round((e.getValue() - before.getOrDefault(e.getKey(), 0.0)) * 1000)))
                .filter(e -> e.getValue() > 0)
                .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                .forEach(e -> d.put(e.getKey(), e.getValue()));
        return d;
    }
}
