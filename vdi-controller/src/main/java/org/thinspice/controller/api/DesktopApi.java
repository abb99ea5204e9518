package org.thinspice.controller.api;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.thinspice.controller.auth.AuthService;
import org.thinspice.controller.desktop.ConnectionFiles;
import org.thinspice.controller.desktop.ConnectionService;
import org.thinspice.controller.desktop.DesktopService;
import org.thinspice.controller.desktop.PowerService;
import org.thinspice.controller.desktop.UserDesktop;
import org.thinspice.controller.http.ApiException;
import org.thinspice.controller.http.Request;
import org.thinspice.controller.http.Response;
import org.thinspice.controller.http.Router;
import org.thinspice.controller.json.Fields;
import org.thinspice.controller.provider.PowerAction;
import org.thinspice.controller.store.Session;

/** /api/v1/desktops and /api/v1/tasks: the user's desktops, connections and power. */
final class DesktopApi {
    private final AuthService auth;
    private final DesktopService desktops;
    private final ConnectionService connections;
    private final PowerService power;

    DesktopApi(AuthService auth, DesktopService desktops, ConnectionService connections, PowerService power) {
        this.auth = auth;
        this.desktops = desktops;
        this.connections = connections;
        this.power = power;
    }

    void register(Router router) {
        router.add("GET", "/api/v1/desktops", this::list)
                .add("GET", "/api/v1/desktops/{id}", this::one)
                .add("POST", "/api/v1/desktops/{id}/connection", this::connection)
                .add("POST", "/api/v1/desktops/{id}/power", this::power)
                .add("GET", "/api/v1/tasks/{id}", this::task);
    }

    private Response list(Request r) throws Exception {
        Session s = auth.authenticate(r);
        JsonArray a = new JsonArray();
        for (UserDesktop d : desktops.desktops(s)) {
            a.add(Views.desktop(d));
        }
        JsonObject o = new JsonObject();
        o.add("desktops", a);
        return Response.ok(o);
    }

    private Response one(Request r) throws Exception {
        Session s = auth.authenticate(r);
        return Response.ok(Views.desktop(desktops.desktop(s, id(r))));
    }

    private Response connection(Request r) throws Exception {
        Session s = auth.authenticate(r);
        if (r.body().length > 0) {
            Fields.of(r.json());
        }
        String vv = connections.connect(r, s, id(r));
        return new Response(200, ConnectionFiles.MIME, vv.getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Disposition", "attachment; filename=\"desktop.vv\""));
    }

    private Response power(Request r) throws Exception {
        Session s = auth.authenticate(r);
        Fields f = Fields.of(r.json(), "action");
        String action = f.string("action");
        PowerAction a = PowerAction.parse(action).orElseThrow(() -> Fields.invalid("action",
                "must be one of start, shutdown, stop, reboot, reset"));
        return Response.json(202, Views.task(power.submit(r, s, id(r), a)));
    }

    private Response task(Request r) throws Exception {
        Session s = auth.authenticate(r);
        return Response.ok(Views.task(power.task(s, id(r))));
    }

    private static String id(Request r) {
        String id = r.pathParam("id");
        if (!id.matches(Views.ID)) {
            throw ApiException.notFound("no such id: bad characters");
        }
        return id;
    }
}
