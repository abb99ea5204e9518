package org.thinspice.controller.desktop;

import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.thinspice.controller.audit.RequestIds;
import org.thinspice.controller.audit.AuditLog;
import org.thinspice.controller.auth.Secrets;
import org.thinspice.controller.http.ApiException;
import org.thinspice.controller.http.Request;
import org.thinspice.controller.provider.CloudProvider;
import org.thinspice.controller.provider.PowerAction;
import org.thinspice.controller.provider.ProviderException;
import org.thinspice.controller.store.Session;
import org.thinspice.controller.store.Store;
import org.thinspice.controller.store.Task;

/** Power actions as tasks: checked against the policy, run on a worker, state kept in the store. */
public final class PowerService {
    private static final Logger LOG = LoggerFactory.getLogger(PowerService.class);
    private final Store store;
    private final DesktopService desktops;
    private final CloudProvider provider;
    private final ExecutorService workers;
    private final AuditLog audit;
    private final Clock clock;
    /** This controller's tasks still being worked on: their heartbeat goes to the store. */
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

    public PowerService(Store store, DesktopService desktops, CloudProvider provider, ExecutorService workers, AuditLog audit,
            Clock clock) {
        this.store = store;
        this.desktops = desktops;
        this.provider = provider;
        this.workers = workers;
        this.audit = audit;
        this.clock = clock;
    }

    public Task submit(Request r, Session s, String desktopId, PowerAction action) throws SQLException {
        UserDesktop d = desktops.desktop(s, desktopId);
        if (!d.policy().allows(action.wireName())) {
            audit.record("power", "refused", s.username(), s.terminalId(), desktopId, r.remoteAddress(), action.wireName());
            throw ApiException.forbidden("action_not_allowed", "the policy does not allow " + action.wireName() + " here");
        }
        Task t = new Task("task-" + Secrets.hex(12), desktopId, s.username(), action.wireName(), "running", null,
                clock.millis(), null);
        store.tasks().insert(t);
        inFlight.add(t.id());
        audit.record("power", "started", s.username(), s.terminalId(), desktopId, r.remoteAddress(), action.wireName());
        String requestId = MDC.get(RequestIds.MDC_KEY);
        workers.execute(() -> {
            // the task's end is audited under the request that started it
            if (requestId != null) {
                MDC.put(RequestIds.MDC_KEY, requestId);
            }
            try {
                run(t, s, action, r.remoteAddress());
            } finally {
                inFlight.remove(t.id());
                MDC.remove(RequestIds.MDC_KEY);
            }
        });
        return t;
    }

    public Task task(Session s, String id) throws SQLException {
        Task t = store.tasks().find(id).orElseThrow(() -> ApiException.notFound("no task " + id));
        if (!t.username().equals(s.username()) && !"admin".equals(s.role())) {
            throw ApiException.notFound("no task " + id);
        }
        return t;
    }

    private void run(Task t, Session s, PowerAction action, String remote) {
        String state;
        String detail;
        try {
            detail = provider.power(desktops.context(s), t.desktopId(), action);
            state = "ok";
        } catch (ProviderException | RuntimeException e) {
            detail = e.getMessage();
            state = "failed";
        }
        try {
            store.tasks().finish(t.id(), state, detail, clock.millis());
        } catch (SQLException e) {
            LOG.error("task {} finished ({}) but could not be stored", t.id(), state, e);
        }
        audit.record("power", state, s.username(), s.terminalId(), t.desktopId(), remote, action.wireName() + ": " + detail);
    }

    /**
     * Says in the store that this controller's running tasks are alive, then ends as failed every running task
     * whose controller has been silent for {@code silentMillis} — one that was killed or lost its host mid-way.
     * Run every few seconds by every controller; returns the tasks it ended.
     */
    public List<Task> heartbeatAndSweep(long silentMillis) throws SQLException {
        long now = clock.millis();
        store.tasks().heartbeat(List.copyOf(inFlight), now);
        List<Task> ended = store.tasks().abandon(now - silentMillis, now, "abandoned: the controller running it stopped "
                + "(silent for " + silentMillis / 1000 + " s); the platform may or may not have done it — check the desktop");
        for (Task t : ended) {
            LOG.warn("power task {} ({} {} for {}) ended as failed: its controller stopped", t.id(), t.action(), t.desktopId(),
                    t.username());
            audit.record("power", "failed", t.username(), "", t.desktopId(), "", t.action() + ": " + t.detail());
        }
        return ended;
    }
}
