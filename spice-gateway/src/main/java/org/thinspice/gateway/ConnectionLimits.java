package org.thinspice.gateway;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts open client connections (handshaking or tunnelling) per source address and in total, and
 * says when a new one is over a limit. Thread-safe: event loops accept and close concurrently.
 */
public final class ConnectionLimits {
    private final int perSource;
    private final int global;
    private final AtomicInteger total = new AtomicInteger();
    private final ConcurrentHashMap<InetAddress, AtomicInteger> bySource = new ConcurrentHashMap<>();

    public ConnectionLimits(int perSource, int global) {
        if (perSource < 1 || global < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
        this.perSource = perSource;
        this.global = global;
    }

    /**
     * Counts a new connection from {@code source}, or returns the refusal and counts nothing.
     * Every {@code null} (accepted) answer must be matched by one {@link #release}.
     */
    public Refusal tryAcquire(InetAddress source) {
        if (total.incrementAndGet() > global) {
            total.decrementAndGet();
            return Refusal.LIMIT_GLOBAL;
        }
        boolean[] over = new boolean[1];
        bySource.compute(source, (k, n) -> {
            AtomicInteger c = n == null ? new AtomicInteger() : n;
            if (c.get() >= perSource) {
                over[0] = true;
            } else {
                c.incrementAndGet();
            }
            return c;
        });
        if (over[0]) {
            total.decrementAndGet();
            return Refusal.LIMIT_SOURCE;
        }
        return null;
    }

    public void release(InetAddress source) {
        total.decrementAndGet();
        bySource.computeIfPresent(source, (k, n) -> n.decrementAndGet() == 0 ? null : n);
    }

    public int total() {
        return total.get();
    }

    public int fromSource(InetAddress source) {
        AtomicInteger n = bySource.get(source);
        return n == null ? 0 : n.get();
    }

    /** Number of distinct sources with open connections (an empty map means nothing leaked). */
    public int sources() {
        return bySource.size();
    }
}
