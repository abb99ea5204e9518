package org.thinspice.controller.api;

import com.google.gson.JsonObject;
import java.time.Clock;
import org.thinspice.controller.audit.AuditLog;
import org.thinspice.controller.auth.AuthService;
import org.thinspice.controller.auth.PasswordHasher;
import org.thinspice.controller.desktop.ConnectionService;
import org.thinspice.controller.desktop.DesktopService;
import org.thinspice.controller.desktop.PowerService;
import org.thinspice.controller.http.Response;
import org.thinspice.controller.http.Router;
import org.thinspice.controller.store.Store;
import org.thinspice.controller.terminal.TerminalService;

/** Every endpoint of the API, in one router (docs/api/controller.yaml describes them). */
public final class Routes {
    private Routes() {
    }

    /** The services the endpoints use. */
    public record Services(Store store, AuthService auth, TerminalService terminals, DesktopService desktops,
            ConnectionService connections, PowerService power, PasswordHasher hasher, AuditLog audit, Clock clock,
            Readiness readiness) {
    }

    public static Router build(Services s) {
        Router router = new Router();
        JsonObject health = new JsonObject();
        health.addProperty("status", "ok");
        Response healthy = Response.ok(health);
        // liveness: the process serves requests (no store or platform call); /api/v1/health is the old name
        router.add("GET", "/api/v1/health", r -> healthy);
        router.add("GET", "/api/v1/health/live", r -> healthy);
        // readiness: store and platform reachable, not stopping (503 otherwise, with what is wrong)
        router.add("GET", "/api/v1/health/ready", r -> {
            java.util.Map<String, String> checks = s.readiness().check();
            return Response.json(Readiness.ready(checks) ? 200 : 503, Readiness.view(checks));
        });
        new AuthApi(s.auth()).register(router);
        new DesktopApi(s.auth(), s.desktops(), s.connections(), s.power()).register(router);
        new UsbEventsApi(s.auth(), s.desktops(), s.store(), s.audit(), s.clock()).register(router);
        new TerminalApi(s.terminals()).register(router);
        new AdminApi(s.auth(), s.store(), s.terminals(), s.hasher(), s.audit(), s.clock()).register(router);
        new UkeyApi(s.auth(), s.store(), s.audit(), s.clock()).register(router);
        return router;
    }
}
