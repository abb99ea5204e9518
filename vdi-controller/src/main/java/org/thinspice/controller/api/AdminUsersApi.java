package org.thinspice.controller.api;

import com.google.gson.JsonArray;
import java.util.List;
import java.util.Optional;
import org.thinspice.controller.audit.AuditLog;
import org.thinspice.controller.auth.AuthService;
import org.thinspice.controller.auth.PasswordHasher;
import org.thinspice.controller.auth.UkeyResponse;
import org.thinspice.controller.http.ApiException;
import org.thinspice.controller.http.Request;
import org.thinspice.controller.http.Response;
import org.thinspice.controller.http.Router;
import org.thinspice.controller.json.Fields;
import org.thinspice.controller.store.Session;
import org.thinspice.controller.store.Store;
import org.thinspice.controller.store.User;

/** /api/v1/admin/users and /api/v1/admin/groups. */
final class AdminUsersApi {
    private static final int MIN_PASSWORD = 8;
    private final AuthService auth;
    private final Store store;
    private final PasswordHasher hasher;
    private final AuditLog audit;

    AdminUsersApi(AuthService auth, Store store, PasswordHasher hasher, AuditLog audit) {
        this.auth = auth;
        this.store = store;
        this.hasher = hasher;
        this.audit = audit;
    }

    void register(Router router) {
        router.add("GET", "/api/v1/admin/users", this::list)
                .add("POST", "/api/v1/admin/users", this::create)
                .add("PUT", "/api/v1/admin/users/{id}", this::update)
                .add("DELETE", "/api/v1/admin/users/{id}", this::delete)
                .add("GET", "/api/v1/admin/groups", this::groups)
                .add("POST", "/api/v1/admin/groups", this::createGroup)
                .add("DELETE", "/api/v1/admin/groups/{id}", this::deleteGroup);
    }

    private Response list(Request r) throws Exception {
        auth.requireAdmin(r);
        JsonArray a = new JsonArray();
        for (User u : store.users().list()) {
            a.add(Views.user(u));
        }
        return Response.ok(AdminApi.wrap("users", a));
    }

    private Response create(Request r) throws Exception {
        Session s = auth.requireAdmin(r);
        Fields f = Fields.of(r.json(), "username", "password", "role", "groups", "ukeyPublicKey");
        String username = f.matching("username", Views.NAME, "1..64 of letters, digits and ._@-");
        if (store.users().find(username).isPresent()) {
            throw ApiException.conflict("user " + username + " exists");
        }
        User u = new User(username, f.optString("password").map(this::hash).orElse(null), role(f).orElse(User.USER),
                ukey(f).orElse(null), groups(f).orElse(List.of()));
        store.users().insert(u);
        audit.record("admin.user_create", "ok", s.username(), s.terminalId(), username, r.remoteAddress(), "role " + u.role());
        return Response.json(201, Views.user(u));
    }

    private Response update(Request r) throws Exception {
        Session s = auth.requireAdmin(r);
        String username = AdminApi.id(r);
        User old = store.users().find(username).orElseThrow(() -> ApiException.notFound("no user " + username));
        Fields f = Fields.of(r.json(), "password", "role", "groups", "ukeyPublicKey", "removeUkey");
        String ukey = f.optBoolean("removeUkey").orElse(false) ? null : ukey(f).orElse(old.secondFactorKey());
        User u = new User(username, f.optString("password").map(this::hash).orElse(old.passwordHash()),
                role(f).orElse(old.role()), ukey, groups(f).orElse(old.groups()));
        store.users().update(u);
        if (f.optString("password").isPresent() || !u.role().equals(old.role())) {
            store.sessions().revokeAllOf(username);
        }
        audit.record("admin.user_update", "ok", s.username(), s.terminalId(), username, r.remoteAddress(), "");
        return Response.ok(Views.user(u));
    }

    private Response delete(Request r) throws Exception {
        Session s = auth.requireAdmin(r);
        String username = AdminApi.id(r);
        if (username.equals(s.username())) {
            throw ApiException.conflict("an administrator cannot delete their own account");
        }
        if (!store.users().delete(username)) {
            throw ApiException.notFound("no user " + username);
        }
        store.sessions().revokeAllOf(username);
        store.ukeyPolicies().delete(org.thinspice.controller.store.UkeyPolicies.USER, username);
        audit.record("admin.user_delete", "ok", s.username(), s.terminalId(), username, r.remoteAddress(), "");
        return Response.noContent();
    }

    private Response groups(Request r) throws Exception {
        auth.requireAdmin(r);
        return Response.ok(AdminApi.wrap("groups", Views.strings(store.users().groups())));
    }

    private Response createGroup(Request r) throws Exception {
        Session s = auth.requireAdmin(r);
        String name = Fields.of(r.json(), "name").matching("name", Views.NAME, "1..64 of letters, digits and ._@-");
        if (store.users().groupExists(name)) {
            throw ApiException.conflict("group " + name + " exists");
        }
        store.users().insertGroup(name);
        audit.record("admin.group_create", "ok", s.username(), s.terminalId(), name, r.remoteAddress(), "");
        com.google.gson.JsonObject o = new com.google.gson.JsonObject();
        o.addProperty("name", name);
        return Response.json(201, o);
    }

    private Response deleteGroup(Request r) throws Exception {
        Session s = auth.requireAdmin(r);
        String name = AdminApi.id(r);
        if (!store.users().deleteGroup(name)) {
            throw ApiException.notFound("no group " + name);
        }
        store.ukeyPolicies().delete(org.thinspice.controller.store.UkeyPolicies.GROUP, name);
        audit.record("admin.group_delete", "ok", s.username(), s.terminalId(), name, r.remoteAddress(), "");
        return Response.noContent();
    }

    private String hash(String password) {
        if (password.length() < MIN_PASSWORD) {
            throw Fields.invalid("password", "must have at least " + MIN_PASSWORD + " characters");
        }
        return hasher.hash(password.toCharArray());
    }

    private static Optional<String> role(Fields f) {
        Optional<String> role = f.optString("role");
        if (role.isPresent() && !role.get().equals(User.ADMIN) && !role.get().equals(User.USER)) {
            throw Fields.invalid("role", "must be admin or user");
        }
        return role;
    }

    private static Optional<String> ukey(Fields f) {
        Optional<String> k = f.optString("ukeyPublicKey");
        if (k.isPresent() && !UkeyResponse.isUsableKey(k.get())) {
            throw Fields.invalid("ukeyPublicKey", "must be a base64 SubjectPublicKeyInfo (EC, RSA or Ed25519)");
        }
        return k;
    }

    private Optional<List<String>> groups(Fields f) throws java.sql.SQLException {
        Optional<List<String>> g = f.optStrings("groups", 100);
        if (g.isPresent()) {
            for (String name : g.get()) {
                if (!store.users().groupExists(name)) {
                    throw Fields.invalid("groups", "names an unknown group: " + name);
                }
            }
            return Optional.of(g.get().stream().distinct().toList());
        }
        return g;
    }
}
