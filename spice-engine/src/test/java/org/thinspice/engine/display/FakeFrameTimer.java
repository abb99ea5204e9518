package org.thinspice.engine.display;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A frame timer and the clocks it runs against, all advanced by hand: no sleeps in stream tests. */
final class FakeFrameTimer implements FrameTimer {
    private record Task(long dueMillis, long seq, Runnable run) {
    }

    private final List<Task> tasks = new ArrayList<>();
    private long seq;
    /** The multimedia clock (ms) the stream manager reads. */
    long mmTime;
    /** Monotonic time (ns) for report windows. */
    long nanos;
    final List<Long> delays = new ArrayList<>();

    @Override
    public Runnable schedule(Runnable task, long delayMillis) {
        delays.add(delayMillis);
        Task t = new Task(mmTime + delayMillis, seq++, task);
        tasks.add(t);
        return () -> tasks.remove(t);
    }

    int pending() {
        return tasks.size();
    }

    /** Moves both clocks forward, running every task that falls due, in order. */
    void advance(long millis) {
        long end = mmTime + millis;
        while (true) {
            Task next = tasks.stream().filter(t -> t.dueMillis <= end)
                    .min(Comparator.comparingLong(Task::dueMillis).thenComparingLong(Task::seq)).orElse(null);
            if (next == null) {
                break;
            }
            tasks.remove(next);
            nanos += (next.dueMillis - mmTime) * 1_000_000L;
            mmTime = next.dueMillis;
            next.run.run();
        }
        nanos += (end - mmTime) * 1_000_000L;
        mmTime = end;
    }
}
