package org.thinspice.client.core;

import java.time.Duration;

/**
 * Idle sign-out outside a session: {@link #touch()} on every key or mouse event; when nothing happened
 * for the limit, {@code onIdle} runs once (until the next touch).
 */
public final class IdleTimer {
    private final Scheduler scheduler;
    private final Runnable onIdle;
    private Duration limit;
    private long lastTouch;
    private boolean armed;
    private boolean fired;
    private Scheduler.Cancel check;

    public IdleTimer(Scheduler scheduler, Duration limit, Runnable onIdle) {
        this.scheduler = scheduler;
        this.limit = limit;
        this.onIdle = onIdle;
        this.lastTouch = scheduler.nowMillis();
    }

    /** Starts watching (signed in, not in a session). A zero limit never fires. */
    public void arm() {
        armed = true;
        fired = false;
        touch();
        if (check == null) {
            check = scheduler.every(Duration.ofSeconds(1), this::check);
        }
    }

    public void disarm() {
        armed = false;
        if (check != null) {
            check.cancel();
            check = null;
        }
    }

    public void setLimit(Duration limit) {
        this.limit = limit;
    }

    public void touch() {
        lastTouch = scheduler.nowMillis();
        fired = false;
    }

    void check() {
        if (armed && !fired && !limit.isZero() && scheduler.nowMillis() - lastTouch >= limit.toMillis()) {
            fired = true;
            onIdle.run();
        }
    }
}
