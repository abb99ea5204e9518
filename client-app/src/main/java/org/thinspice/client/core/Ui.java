package org.thinspice.client.core;

import java.util.concurrent.Executor;

/**
 * The executors a view model uses: {@code io} for controller calls and other blocking work, {@code fx}
 * to publish results (the FX thread in the app, the calling thread in tests), {@code timer} for
 * polling and countdowns (a manual clock in tests). Timer callbacks run on {@code fx}.
 */
public record Ui(Executor io, Executor fx, Scheduler timer) {
    /** Runs {@code work} on io and hands its result (or failure) to fx. */
    public <T> void call(Callable<T> work, java.util.function.Consumer<T> ok, java.util.function.Consumer<Exception> failed) {
        io.execute(() -> {
            T value;
            try {
                value = work.call();
            } catch (Exception e) {
                fx.execute(() -> failed.accept(e));
                return;
            }
            fx.execute(() -> ok.accept(value));
        });
    }

    @FunctionalInterface
    public interface Callable<T> {
        T call() throws Exception;
    }
}
