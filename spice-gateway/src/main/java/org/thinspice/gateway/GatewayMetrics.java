package org.thinspice.gateway;

import java.lang.management.ManagementFactory;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Counters of one gateway, rendered as Prometheus-style text for the admin port's {@code /metrics}. */
public final class GatewayMetrics {
    private final AtomicLong tunnelsActive = new AtomicLong();
    private final LongAdder tunnelsTotal = new LongAdder();
    private final LongAdder bytesUp = new LongAdder();
    private final LongAdder bytesDown = new LongAdder();
    private final Map<Refusal, LongAdder> refusals = new EnumMap<>(Refusal.class);
    private final ConnectionLimits limits;
    /** Upper bounds (seconds) of the connect-latency histogram's buckets. */
    static final double[] CONNECT_BUCKETS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
    private final LongAdder[] connectBuckets = new LongAdder[CONNECT_BUCKETS.length];
    private final LongAdder connectCount = new LongAdder();
    private final LongAdder connectNanos = new LongAdder();

    private final java.util.function.BooleanSupplier draining;

    GatewayMetrics(ConnectionLimits limits, java.util.function.BooleanSupplier draining) {
        this.limits = limits;
        this.draining = draining;
        for (Refusal r : Refusal.values()) {
            refusals.put(r, new LongAdder());
        }
        for (int i = 0; i < connectBuckets.length; i++) {
            connectBuckets[i] = new LongAdder();
        }
    }

    /** A tunnel was established {@code nanos} after its client connection was accepted. */
    void connected(long nanos) {
        connectCount.increment();
        connectNanos.add(nanos);
        double seconds = nanos / 1e9;
        for (int i = 0; i < CONNECT_BUCKETS.length; i++) {
            if (seconds <= CONNECT_BUCKETS[i]) {
                connectBuckets[i].increment();
                break;
            }
        }
    }

    /** Tunnels established so far (the connect-latency histogram's count). */
    public long connects() {
        return connectCount.sum();
    }

    void tunnelOpened() {
        tunnelsActive.incrementAndGet();
        tunnelsTotal.increment();
    }

    void tunnelClosed() {
        tunnelsActive.decrementAndGet();
    }

    /** Client to desktop. */
    void up(long n) {
        bytesUp.add(n);
    }

    /** Desktop to client. */
    void down(long n) {
        bytesDown.add(n);
    }

    void refused(Refusal r) {
        refusals.get(r).increment();
    }

    public long tunnelsActive() {
        return tunnelsActive.get();
    }

    public long tunnelsTotal() {
        return tunnelsTotal.sum();
    }

    /** Open client connections, handshaking or tunnelling. */
    public long connectionsActive() {
        return limits.total();
    }

    public long bytesUp() {
        return bytesUp.sum();
    }

    public long bytesDown() {
        return bytesDown.sum();
    }

    public long refusals(Refusal r) {
        return refusals.get(r).sum();
    }

    /** Prometheus text exposition format. */
    public String render() {
        StringBuilder sb = new StringBuilder();
        gauge(sb, "thinspice_gateway_tunnels_active", "Open tunnels.", tunnelsActive());
        gauge(sb, "thinspice_gateway_connections_active", "Open client connections (handshaking or tunnelling).",
                connectionsActive());
        counter(sb, "thinspice_gateway_tunnels_total", "Tunnels opened.", tunnelsTotal());
        sb.append("# HELP thinspice_gateway_bytes_total Bytes relayed.\n# TYPE thinspice_gateway_bytes_total counter\n");
        sb.append("thinspice_gateway_bytes_total{direction=\"up\"} ").append(bytesUp()).append('\n');
        sb.append("thinspice_gateway_bytes_total{direction=\"down\"} ").append(bytesDown()).append('\n');
        sb.append("# HELP thinspice_gateway_refusals_total Refused CONNECTs by reason.\n")
                .append("# TYPE thinspice_gateway_refusals_total counter\n");
        for (Refusal r : Refusal.values()) {
            sb.append("thinspice_gateway_refusals_total{reason=\"").append(r.code()).append("\"} ")
                    .append(refusals(r)).append('\n');
        }
        sb.append("# HELP thinspice_gateway_connect_seconds From accepting a client connection to its tunnel established "
                + "(CONNECT head, ticket, dial, 200).\n# TYPE thinspice_gateway_connect_seconds histogram\n");
        long cumulative = 0;
        for (int i = 0; i < CONNECT_BUCKETS.length; i++) {
            cumulative += connectBuckets[i].sum();
            sb.append("thinspice_gateway_connect_seconds_bucket{le=\"").append(CONNECT_BUCKETS[i]).append("\"} ")
                    .append(cumulative).append('\n');
        }
        long count = connectCount.sum();
        sb.append("thinspice_gateway_connect_seconds_bucket{le=\"+Inf\"} ").append(count).append('\n');
        sb.append("thinspice_gateway_connect_seconds_sum ").append(connectNanos.sum() / 1e9).append('\n');
        sb.append("thinspice_gateway_connect_seconds_count ").append(count).append('\n');
        gauge(sb, "thinspice_gateway_draining", "1 while the gateway drains (SIGTERM): not ready, accepting nothing new.",
                draining.getAsBoolean() ? 1 : 0);
        gauge(sb, "thinspice_gateway_heap_used_bytes", "JVM heap in use.",
                ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        return sb.toString();
    }

    private static void gauge(StringBuilder sb, String name, String help, long v) {
        sb.append("# HELP ").append(name).append(' ').append(help).append("\n# TYPE ").append(name)
                .append(" gauge\n").append(name).append(' ').append(v).append('\n');
    }

    private static void counter(StringBuilder sb, String name, String help, long v) {
        sb.append("# HELP ").append(name).append(' ').append(help).append("\n# TYPE ").append(name)
                .append(" counter\n").append(name).append(' ').append(v).append('\n');
    }
}
