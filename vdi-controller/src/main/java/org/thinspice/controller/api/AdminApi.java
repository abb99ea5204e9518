package org.thinspice.controller.api;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import org.thinspice.controller.audit.AuditEvent;
import org.thinspice.controller.audit.AuditLog;
import org.thinspice.controller.auth.AuthService;
import org.thinspice.controller.auth.PasswordHasher;
import org.thinspice.controller.auth.Secrets;
import org.thinspice.controller.auth.UkeyResponse;
import org.thinspice.controller.http.ApiException;
import org.thinspice.controller.http.Request;
import org.thinspice.controller.http.Response;
import org.thinspice.controller.http.Router;
import org.thinspice.controller.json.Fields;
import org.thinspice.controller.store.Assignment;
import org.thinspice.controller.store.Policy;
import org.thinspice.controller.store.Session;
import org.thinspice.controller.store.Store;
import org.thinspice.controller.store.Terminal;
import org.thinspice.controller.store.User;
import org.thinspice.controller.terminal.TerminalService;

/** /api/v1/admin/*: users, groups, policies, assignments, terminals, enrolment codes, audit. Admin role only. */
final class AdminApi {
    private final AuthService auth;
    private final Store store;
    private final TerminalService terminals;
    private final PasswordHasher hasher;
    private final AuditLog audit;
    private final Clock clock;
    private final AdminUsersApi users;

    AdminApi(AuthService auth, Store store, TerminalService terminals, PasswordHasher hasher, AuditLog audit, Clock clock) {
        this.auth = auth;
        this.store = store;
        this.terminals = terminals;
        this.hasher = hasher;
        this.audit = audit;
        this.clock = clock;
        this.users = new AdminUsersApi(auth, store, hasher, audit);
    }

    void register(Router router) {
        users.register(router);
        router.add("GET", "/api/v1/admin/policies", this::policies)
                .add("PUT", "/api/v1/admin/policies/{id}", this::putPolicy)
                .add("DELETE", "/api/v1/admin/policies/{id}", this::deletePolicy)
                .add("GET", "/api/v1/admin/assignments", this::assignments)
                .add("POST", "/api/v1/admin/assignments", this::addAssignment)
                .add("DELETE", "/api/v1/admin/assignments/{id}", this::deleteAssignment)
                .add("GET", "/api/v1/admin/terminals", this::terminals)
                .add("DELETE", "/api/v1/admin/terminals/{id}", this::revokeTerminal)
                .add("POST", "/api/v1/admin/enrolment-codes", this::enrolmentCode)
                .add("GET", "/api/v1/admin/audit", this::audit);
    }

    private Response policies(Request r) throws Exception {
        auth.requireAdmin(r);
        JsonArray a = new JsonArray();
        for (Policy p : store.policies().list()) {
            a.add(Views.policy(p));
        }
        return Response.ok(wrap("policies", a));
    }

    private Response putPolicy(Request r) throws Exception {
        Session s = auth.requireAdmin(r);
        String id = id(r);
        Fields f = Fields.of(r.json(), "clipboard", "usbRedirect", "usbAutoshare", "usbFilter", "smartcardShare", "microphone", "actions");
        String clipboard = f.string("clipboard");
        if (!Policy.CLIPBOARD.contains(clipboard)) {
            throw Fields.invalid("clipboard", "must be one of both, to-guest, to-client, none");
        }
        String filter = f.optString("usbFilter").orElse(Policy.DEFAULT_USB_FILTER);
        UsbFilterCheck.require(filter);
        List<String> actions = f.optStrings("actions", 5).orElse(List.of());
        for (String a : actions) {
            if (!Policy.ALL_ACTIONS.contains(a)) {
                throw Fields.invalid("actions", "may hold only start, shutdown, stop, reboot, reset");
            }
        }
        Policy p = new Policy(id, clipboard, f.optBoolean("usbRedirect").orElse(false),
                f.optBoolean("usbAutoshare").orElse(false), filter, f.optBoolean("smartcardShare").orElse(false),
                f.optBoolean("microphone").orElse(true), actions.stream().distinct().toList());
        store.policies().upsert(p);
        audit.record("admin.policy_put", "ok", s.username(), s.terminalId(), id, r.remoteAddress(), Views.policy(p).toString());
        return Response.ok(Views.policy(p));
    }

    private Response deletePolicy(Request r) throws Exception {
        Session s = auth.requireAdmin(r);
        String id = id(r);
        try {
            if (!store.policies().delete(id)) {
                throw ApiException.notFound("no policy " + id);
            }
        } catch (SQLException e) {
            throw ApiException.conflict("policy " + id + " is still used by an assignment");
        }
        audit.record("admin.policy_delete", "ok", s.username(), s.terminalId(), id, r.remoteAddress(), "");
        return Response.noContent();
    }

    private Response assignments(Request r) throws Exception {
        auth.requireAdmin(r);
        JsonArray a = new JsonArray();
        for (Assignment x : store.assignments().list()) {
            a.add(Views.assignment(x));
        }
        return Response.ok(wrap("assignments", a));
    }

    private Response addAssignment(Request r) throws Exception {
        Session s = auth.requireAdmin(r);
        Fields f = Fields.of(r.json(), "desktop", "user", "group", "policy");
        String desktop = f.matching("desktop", "[A-Za-z0-9._:/-]{1,128}", "a desktop id");
        String user = f.optString("user").orElse(null);
        String group = f.optString("group").orElse(null);
        if ((user == null) == (group == null)) {
            throw ApiException.badRequest("invalid_field", "give exactly one of \"user\" and \"group\"");
        }
        if (user != null && store.users().find(user).isEmpty()) {
            throw Fields.invalid("user", "names no user");
        }
        if (group != null && !store.users().groupExists(group)) {
            throw Fields.invalid("group", "names no group");
        }
        String policy = f.optString("policy").orElse(null);
        if (policy != null && store.policies().find(policy).isEmpty()) {
            throw Fields.invalid("policy", "names no policy");
        }
        Assignment a = new Assignment("a-" + Secrets.hex(8), desktop, user != null ? "user" : "group",
                user != null ? user : group, policy);
        try {
            store.assignments().insert(a);
        } catch (SQLException e) {
            throw ApiException.conflict("that desktop is already assigned to that " + a.principalType());
        }
        audit.record("admin.assignment_add", "ok", s.username(), s.terminalId(), desktop, r.remoteAddress(),
                Views.assignment(a).toString());
        return Response.json(201, Views.assignment(a));
    }

    private Response deleteAssignment(Request r) throws Exception {
        Session s = auth.requireAdmin(r);
        String id = id(r);
        if (!store.assignments().delete(id)) {
            throw ApiException.notFound("no assignment " + id);
        }
        audit.record("admin.assignment_delete", "ok", s.username(), s.terminalId(), id, r.remoteAddress(), "");
        return Response.noContent();
    }

    private Response terminals(Request r) throws Exception {
        auth.requireAdmin(r);
        JsonArray a = new JsonArray();
        for (Terminal t : store.terminals().list()) {
            a.add(Views.terminal(t));
        }
        return Response.ok(wrap("terminals", a));
    }

    private Response revokeTerminal(Request r) throws Exception {
        Session s = auth.requireAdmin(r);
        String id = id(r);
        if (store.terminals().find(id).isEmpty()) {
            throw ApiException.notFound("no terminal " + id);
        }
        terminals.revoke(s.username(), id);
        return Response.noContent();
    }

    private Response enrolmentCode(Request r) throws Exception {
        Session s = auth.requireAdmin(r);
        long ttl = 3600;
        if (r.body().length > 0) {
            ttl = Fields.of(r.json(), "ttlSeconds").optLong("ttlSeconds", 60, 7 * 86400).orElse(3600L);
        }
        String code = terminals.createCode(s.username(), ttl);
        JsonObject o = new JsonObject();
        o.addProperty("code", code);
        o.addProperty("expiresAt", clock.millis() / 1000 + ttl);
        return Response.json(201, o);
    }

    private Response audit(Request r) throws Exception {
        auth.requireAdmin(r);
        int limit;
        try {
            limit = Integer.parseInt(r.queryParam("limit").orElse("100"));
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("invalid_query", "limit must be a number");
        }
        if (limit < 1 || limit > 1000) {
            throw ApiException.badRequest("invalid_query", "limit must be 1..1000");
        }
        JsonArray a = new JsonArray();
        for (AuditEvent e : store.audit().latest(limit)) {
            a.add(com.google.gson.JsonParser.parseString(AuditLog.toJson(e)));
        }
        return Response.ok(wrap("events", a));
    }

    static JsonObject wrap(String name, JsonArray a) {
        JsonObject o = new JsonObject();
        o.add(name, a);
        return o;
    }

    static String id(Request r) {
        String id = r.pathParam("id");
        if (!id.matches(Views.NAME)) {
            throw ApiException.notFound("no such id: bad characters");
        }
        return id;
    }
}
