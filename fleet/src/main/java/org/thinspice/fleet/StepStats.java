package org.thinspice.fleet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Latencies (successes only) and failures by reason, per {@link Step}; safe to record from many threads. */
public final class StepStats {
    private final Map<Step, List<Long>> micros = new EnumMap<>(Step.class);
    private final Map<Step, Map<String, LongAdder>> failures = new EnumMap<>(Step.class);

    public StepStats() {
        for (Step s : Step.values()) {
            micros.put(s, new ArrayList<>());
            failures.put(s, new ConcurrentHashMap<>());
        }
    }

    public void ok(Step step, long nanos) {
        List<Long> l = micros.get(step);
        synchronized (l) {
            l.add(nanos / 1000);
        }
    }

    public void failed(Step step, String reason) {
        failures.get(step).computeIfAbsent(reason, r -> new LongAdder()).increment();
    }

    public int count(Step step) {
        List<Long> l = micros.get(step);
        synchronized (l) {
            return l.size();
        }
    }

    public long failureCount(Step step) {
        return failures.get(step).values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** Failures of {@code step} by reason, sorted by reason. */
    public Map<String, Long> failures(Step step) {
        Map<String, Long> out = new TreeMap<>();
        failures.get(step).forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** The {@code q}-quantile (0..1, nearest rank) of the step's successful latencies in milliseconds; NaN when none. */
    public double quantileMillis(Step step, double q) {
        long[] v;
        List<Long> l = micros.get(step);
        synchronized (l) {
            v = l.stream().mapToLong(Long::longValue).toArray();
        }
        if (v.length == 0) {
            return Double.NaN;
        }
        Arrays.sort(v);
        int rank = (int) Math.ceil(q * v.length);
        return v[Math.max(0, Math.min(v.length - 1, rank - 1))] / 1000.0;
    }

    /** One line per step: count, p50, p99, failures by reason. */
    public String table() {
        StringBuilder b = new StringBuilder(String.format("%-9s %6s %10s %10s  %s%n", "step", "ok", "p50 ms", "p99 ms",
                "failures"));
        for (Step s : Step.values()) {
            if (count(s) == 0 && failureCount(s) == 0) {
                continue;
            }
            b.append(String.format("%-9s %6d %10.1f %10.1f  %s%n", s.label(), count(s), quantileMillis(s, 0.5),
                    quantileMillis(s, 0.99), failures(s).isEmpty() ? "-" : failures(s)));
        }
        return b.toString();
    }
}
