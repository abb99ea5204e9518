package org.thinspice.fleet;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a {@link FleetPlan}: one thread per terminal (blocking controller calls, like a kiosk's), every SPICE session
 * on one shared pair of event-loop threads. {@link #start} returns at once; {@link #awaitSettled} waits until every
 * terminal holds its session or has failed; {@link #release} ends the holds early; {@link #join} waits for the
 * sign-outs.
 */
public final class Fleet implements AutoCloseable {
    private static final long THREAD_STACK = 512 << 10;

    /** How many terminals hold a session now, and how many have settled (holding or failed). */
    static final class Progress {
        private final AtomicInteger holding = new AtomicInteger();
        private final CountDownLatch settled;

        Progress(int terminals) {
            settled = new CountDownLatch(terminals);
        }

        void held() {
            holding.incrementAndGet();
            settled.countDown();
        }

        void settled() {
            settled.countDown();
        }
    }

    private final FleetPlan plan;
    private final StepStats stats = new StepStats();
    private final ConcurrentLinkedQueue<Completed> completed = new ConcurrentLinkedQueue<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private final List<FleetTerminal> terminals = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final Progress progress;

    public Fleet(FleetPlan plan) {
        this.plan = plan;
        this.progress = new Progress(plan.terminals());
    }

    /** Starts every terminal, spread over the plan's ramp; each uses {@code codes.get(i)} to enrol. */
    public Fleet start(List<String> codes) {
        if (codes.size() < plan.terminals()) {
            throw new IllegalArgumentException(plan.terminals() + " terminals need as many enrolment codes, got "
                    + codes.size());
        }
        long spreadNanos = plan.ramp().toNanos() / plan.terminals();
        long t0 = System.nanoTime();
        for (int i = 0; i < plan.terminals(); i++) {
            FleetTerminal t = new FleetTerminal(plan, i, codes.get(i), stats, completed::add, group, release, progress);
            terminals.add(t);
            long startAt = t0 + i * spreadNanos;
            Thread th = new Thread(null, () -> {
                try {
                    long wait = startAt - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    t.run();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    progress.settled();
                }
            }, plan.namePrefix() + "-" + i, THREAD_STACK);
            th.setDaemon(true);
            threads.add(th);
            th.start();
        }
        return this;
    }

    /** Waits until every terminal holds its session or has failed; false on timeout. */
    public boolean awaitSettled(long timeout, TimeUnit unit) throws InterruptedException {
        return progress.settled.await(timeout, unit);
    }

    /** Sessions held now or earlier (a session that dropped still counts). */
    public int everHeld() {
        return progress.holding.get();
    }

    /** Ends every hold now (terminals then close their sessions and sign out). */
    public void release() {
        release.countDown();
    }

    /** Waits for every terminal's thread; false when some still run after the timeout. */
    public boolean join(long timeout, TimeUnit unit) throws InterruptedException {
        long end = System.nanoTime() + unit.toNanos(timeout);
        for (Thread t : threads) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedJoin(t, left);
            if (t.isAlive()) {
                return false;
            }
        }
        return true;
    }

    public StepStats stats() {
        return stats;
    }

    /** Every action a terminal saw completed. */
    public List<Completed> completed() {
        return List.copyOf(completed);
    }

    /** Terminal ids (enrolled ones) whose held session ended on its own at or after {@code sinceNanos}. */
    public List<String> droppedSince(long sinceNanos) {
        return terminals.stream().filter(t -> t.droppedAtNanos() >= sinceNanos).map(FleetTerminal::terminalId).toList();
    }

    /** Terminal ids whose session was up at {@code nanos} (System.nanoTime): held by then, not dropped before. */
    public List<String> holdingAt(long nanos) {
        return terminals.stream().filter(t -> t.heldAtNanos() >= 0 && t.heldAtNanos() <= nanos
                && (t.droppedAtNanos() < 0 || t.droppedAtNanos() >= nanos)).map(FleetTerminal::terminalId).toList();
    }

    /** Terminal ids whose held session ended on its own before {@code nanos}. */
    public List<String> droppedBefore(long nanos) {
        return terminals.stream().filter(t -> t.droppedAtNanos() >= 0 && t.droppedAtNanos() < nanos)
                .map(FleetTerminal::terminalId).toList();
    }

    @Override
    public void close() {
        release();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
    }
}
