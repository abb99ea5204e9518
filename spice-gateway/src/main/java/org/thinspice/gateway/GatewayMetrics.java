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

    GatewayMetrics(ConnectionLimits limits) {
        this.limits = limits;
        for (Refusal r : Refusal.values()) {
            refusals.put(r, new LongAdder());
        }
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
