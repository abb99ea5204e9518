package org.thinspice.engine.hostile;

import org.thinspice.engine.ChannelType;
import org.thinspice.engine.SpiceException;
import org.thinspice.engine.SpiceListener;
import org.thinspice.engine.display.Surface;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Records what the engine reports, for the hostile-server tests. */
final class SessionRecorder implements SpiceListener {
    /** One onChannelClosed call. */
    record Closed(ChannelType type, int id, SpiceException cause) {
    }

    final BlockingQueue<Closed> closed = new LinkedBlockingQueue<>();
    final List<Integer> drawsApplied = new CopyOnWriteArrayList<>();
    final CompletableFuture<Surface> primary = new CompletableFuture<>();
    private final CompletableFuture<SpiceException> disconnected = new CompletableFuture<>();
    private final List<SpiceException> disconnects = new CopyOnWriteArrayList<>();

    @Override
    public void onChannelClosed(ChannelType type, int id, SpiceException cause) {
        closed.add(new Closed(type, id, cause));
    }

    @Override
    public void onDisconnected(SpiceException cause) {
        disconnects.add(cause);
        disconnected.complete(cause);
    }

    @Override
    public void onSurfaceCreated(int channelId, Surface surface) {
        if (surface.isPrimary()) {
            primary.complete(surface);
        }
    }

    @Override
    public void onDrawApplied(int channelId, int messageType) {
        drawsApplied.add(messageType);
    }

    /** The first close report of a channel of this type within the timeout, or null. */
    Closed awaitClosed(ChannelType type, long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (true) {
            long left = deadline - System.nanoTime();
            Closed c = closed.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
            if (c == null || c.type() == type) {
                return c;
            }
        }
    }

    /** The cause given to onDisconnected (null for an orderly close), waiting up to the timeout. */
    SpiceException awaitDisconnected(long timeoutMs) throws Exception {
        return disconnected.get(timeoutMs, TimeUnit.MILLISECONDS);
    }

    boolean isDisconnected() {
        return disconnected.isDone();
    }

    List<SpiceException> disconnects() {
        return disconnects;
    }
}
