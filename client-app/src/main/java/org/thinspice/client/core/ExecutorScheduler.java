package org.thinspice.client.core;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** The real {@link Scheduler}: one daemon timer thread that hands each tick to the FX executor. */
public final class ExecutorScheduler implements Scheduler {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "kiosk-timer");
        t.setDaemon(true);
        return t;
    });
    private final Executor fx;

    public ExecutorScheduler(Executor fx) {
        this.fx = fx;
    }

    @Override
    public Cancel after(Duration delay, Runnable task) {
        ScheduledFuture<?> f = timer.schedule(() -> fx.execute(task), delay.toMillis(), TimeUnit.MILLISECONDS);
        return () -> f.cancel(false);
    }

    @Override
    public Cancel every(Duration period, Runnable task) {
        long ms = period.toMillis();
        ScheduledFuture<?> f = timer.scheduleAtFixedRate(() -> fx.execute(task), ms, ms, TimeUnit.MILLISECONDS);
        return () -> f.cancel(false);
    }

    @Override
    public long nowMillis() {
        return System.currentTimeMillis();
    }
}
