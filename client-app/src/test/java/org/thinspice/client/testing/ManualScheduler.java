package org.thinspice.client.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.thinspice.client.core.Scheduler;

/** A {@link Scheduler} whose time moves only when the test calls {@link #advance}. */
public final class ManualScheduler implements Scheduler {
    private final class Task {
        long due;
        final long period;
        final Runnable run;
        boolean cancelled;

        Task(long due, long period, Runnable run) {
            this.due = due;
            this.period = period;
            this.run = run;
        }
    }

    private final List<Task> tasks = new ArrayList<>();
    private long now;

    @Override
    public Cancel after(Duration delay, Runnable task) {
        Task t = new Task(now + delay.toMillis(), 0, task);
        tasks.add(t);
        return () -> t.cancelled = true;
    }

    @Override
    public Cancel every(Duration period, Runnable task) {
        Task t = new Task(now + period.toMillis(), period.toMillis(), task);
        tasks.add(t);
        return () -> t.cancelled = true;
    }

    @Override
    public long nowMillis() {
        return now;
    }

    /** Moves time forward, running what falls due in order. */
    public void advance(Duration d) {
        long end = now + d.toMillis();
        while (true) {
            Task next = null;
            for (Task t : tasks) {
                if (!t.cancelled && t.due <= end && (next == null || t.due < next.due)) {
                    next = t;
                }
            }
            if (next == null) {
                break;
            }
            now = next.due;
            if (next.period > 0) {
                next.due += next.period;
            } else {
                next.cancelled = true;
            }
            next.run.run();
        }
        now = end;
        tasks.removeIf(t -> t.cancelled);
    }

    public int pending() {
        return (int) tasks.stream().filter(t -> !t.cancelled).count();
    }
}
