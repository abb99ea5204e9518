package org.thinspice.controller.api;

import com.google.gson.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thinspice.controller.provider.CloudProvider;
import org.thinspice.controller.store.Store;

/**
 * Whether this controller should get traffic: its database answers {@code SELECT 1} (a pool connection within
 * 2 s), its platform answers ({@link CloudProvider#probe}), and it is not stopping. The answer is kept for one
 * second, so load balancers probing often cost the database and the platform at most one check a second.
 */
public final class Readiness {
    private static final Logger LOG = LoggerFactory.getLogger(Readiness.class);
    static final long CACHE_MS = 1_000;
    private final Store store;
    private final CloudProvider provider;
    private final LongSupplier millis;
    private volatile boolean stopping;
    private volatile long checkedAt;
    private volatile Map<String, String> last = Map.of();
    private volatile boolean wasReady = true;

    public Readiness(Store store, CloudProvider provider, LongSupplier millis) {
        this.store = store;
        this.provider = provider;
        this.millis = millis;
    }

    /** From now on not ready (the controller is shutting down; load balancers should move away). */
    public void stopping() {
        stopping = true;
    }

    /** Check name to "ok" or what is wrong: {@code store}, {@code provider}, and {@code controller} while stopping. */
    public synchronized Map<String, String> check() {
        long now = millis.getAsLong();
        if (!last.isEmpty() && now - checkedAt < CACHE_MS && !stopping) {
            return last;
        }
        Map<String, String> out = new LinkedHashMap<>();
        try {
            store.db().one("SELECT 1", rs -> rs.getInt(1));
            out.put("store", "ok");
        } catch (Exception e) {
            out.put("store", "unreachable: " + e.getMessage());
        }
        try {
            provider.probe();
            out.put("provider", "ok");
        } catch (Exception e) {
            out.put("provider", "unreachable: " + e.getMessage());
        }
        if (stopping) {
            out.put("controller", "stopping");
        }
        boolean ready = ready(out);
        if (ready != wasReady) {
            LOG.warn("readiness is now {}: {}", ready ? "ready" : "not ready", out);
            wasReady = ready;
        }
        last = Map.copyOf(out);
        checkedAt = now;
        return out;
    }

    static boolean ready(Map<String, String> checks) {
        return checks.values().stream().allMatch("ok"::equals);
    }

    /** The JSON answer of {@code GET /api/v1/health/ready}. */
    static JsonObject view(Map<String, String> checks) {
        JsonObject o = new JsonObject();
        o.addProperty("status", ready(checks) ? "ready" : "not_ready");
        JsonObject c = new JsonObject();
        checks.forEach(c::addProperty);
        o.add("checks", c);
        return o;
    }
}
