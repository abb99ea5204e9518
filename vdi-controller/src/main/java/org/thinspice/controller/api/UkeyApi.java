package org.thinspice.controller.api;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.security.cert.X509Certificate;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;
import org.thinspice.controller.audit.AuditLog;
import org.thinspice.controller.auth.AuthService;
import org.thinspice.controller.auth.UkeyCertificateCheck;
import org.thinspice.controller.http.ApiException;
import org.thinspice.controller.http.Request;
import org.thinspice.controller.http.Response;
import org.thinspice.controller.http.Router;
import org.thinspice.controller.json.Fields;
import org.thinspice.controller.store.Session;
import org.thinspice.controller.store.Store;
import org.thinspice.controller.store.UkeyCertificate;
import org.thinspice.controller.store.UkeyPolicies;
import org.thinspice.controller.store.UkeyPolicy;
import org.thinspice.controller.store.User;

/**
 * UKEY enrolment and policy: an administrator enrols a user's certificate and sets the UKEY policy of a
 * user or a group; a user enrols their own first certificate after a password sign-in where policy
 * allows it ({@code selfEnrol}).
 */
final class UkeyApi {
    private static final String FINGERPRINT = "[0-9a-f]{64}";
    private final AuthService auth;
    private final Store store;
    private final AuditLog audit;
    private final Clock clock;

    UkeyApi(AuthService auth, Store store, AuditLog audit, Clock clock) {
        this.auth = auth;
        this.store = store;
        this.audit = audit;
        this.clock = clock;
    }

    void register(Router router) {
        router.add("GET", "/api/v1/admin/users/{id}/ukey", this::show)
                .add("POST", "/api/v1/admin/users/{id}/ukey/certificates", this::enrol)
                .add("DELETE", "/api/v1/admin/users/{id}/ukey/certificates/{fingerprint}", this::remove)
                .add("PUT", "/api/v1/admin/users/{id}/ukey/policy", r -> putPolicy(r, UkeyPolicies.USER))
                .add("PUT", "/api/v1/admin/groups/{id}/ukey/policy", r -> putPolicy(r, UkeyPolicies.GROUP))
                .add("GET", "/api/v1/me/ukey", this::showMine)
                .add("POST", "/api/v1/me/ukey/certificates", this::enrolMine);
    }

    private Response show(Request r) throws Exception {
        auth.requireAdmin(r);
        return Response.ok(view(user(AdminApi.id(r))));
    }

    private Response showMine(Request r) throws Exception {
        Session s = auth.authenticate(r);
        return Response.ok(view(user(s.username())));
    }

    private Response enrol(Request r) throws Exception {
        Session s = auth.requireAdmin(r);
        User u = user(AdminApi.id(r));
        UkeyCertificate c = insert(u, Fields.of(r.json(), "certificate").string("certificate"), s.username());
        audit.record("admin.ukey_enrol", "ok", s.username(), s.terminalId(), u.username(), r.remoteAddress(),
                "certificate " + c.fingerprint() + " " + c.subject());
        return Response.json(201, certificate(c));
    }

    private Response enrolMine(Request r) throws Exception {
        Session s = auth.authenticate(r);
        User u = user(s.username());
        if (!Boolean.TRUE.equals(auth.ukey().effective(u).selfEnrol()) || auth.ukey().enrolled(u)) {
            audit.record("ukey_enrol", "refused", u.username(), s.terminalId(), "", r.remoteAddress(),
                    "self-enrolment not allowed or a UKEY is already enrolled");
            throw ApiException.forbidden("self_enrolment_refused",
                    "enrolling your own UKEY is not allowed here, or one is already enrolled: ask your administrator");
        }
        UkeyCertificate c = insert(u, Fields.of(r.json(), "certificate").string("certificate"), u.username());
        audit.record("ukey_enrol", "ok", u.username(), s.terminalId(), u.username(), r.remoteAddress(),
                "certificate " + c.fingerprint() + " " + c.subject());
        return Response.json(201, certificate(c));
    }

    private Response remove(Request r) throws Exception {
        Session s = auth.requireAdmin(r);
        User u = user(AdminApi.id(r));
        String fp = r.pathParam("fingerprint");
        if (!fp.matches(FINGERPRINT) || !store.ukeyCertificates().delete(u.username(), fp)) {
            throw ApiException.notFound("no such certificate for " + u.username());
        }
        audit.record("admin.ukey_remove", "ok", s.username(), s.terminalId(), u.username(), r.remoteAddress(), "certificate " + fp);
        return Response.noContent();
    }

    private Response putPolicy(Request r, String kind) throws Exception {
        Session s = auth.requireAdmin(r);
        String name = AdminApi.id(r);
        boolean exists = kind.equals(UkeyPolicies.USER) ? store.users().find(name).isPresent() : store.users().groupExists(name);
        if (!exists) {
            throw ApiException.notFound("no " + kind + " " + name);
        }
        Fields f = Fields.of(r.json(), "login", "removal", "selfEnrol");
        UkeyPolicy p = new UkeyPolicy(oneOf(f, "login", UkeyPolicy.LOGIN), oneOf(f, "removal", UkeyPolicy.REMOVAL),
                f.optBoolean("selfEnrol").orElse(null));
        store.ukeyPolicies().put(kind, name, p);
        audit.record("admin.ukey_policy", "ok", s.username(), s.terminalId(), kind + ":" + name, r.remoteAddress(),
                "login " + p.login() + ", removal " + p.removal() + ", selfEnrol " + p.selfEnrol());
        return Response.ok(policy(p));
    }

    private static String oneOf(Fields f, String name, java.util.List<String> allowed) {
        Optional<String> v = f.optString(name);
        if (v.isPresent() && !allowed.contains(v.get())) {
            throw Fields.invalid(name, "must be one of " + allowed + " (leave it out to inherit)");
        }
        return v.orElse(null);
    }

    private UkeyCertificate insert(User u, String text, String by) throws SQLException {
        X509Certificate cert;
        try {
            cert = UkeyCertificateCheck.parse(text);
        } catch (IllegalArgumentException e) {
            throw Fields.invalid("certificate", e.getMessage());
        }
        Optional<UkeyCertificateCheck.Problem> problem = UkeyCertificateCheck.problem(cert, clock.millis());
        if (problem.isPresent()) {
            throw Fields.invalid("certificate", "cannot be used for sign-in: " + problem.get().words());
        }
        String fp = UkeyCertificateCheck.fingerprint(cert);
        Optional<UkeyCertificate> existing = store.ukeyCertificates().find(fp);
        if (existing.isPresent()) {
            throw ApiException.conflict("this certificate is already enrolled" + (existing.get().username().equals(u.username())
                    ? "" : " for another user"));
        }
        String subject = cert.getSubjectX500Principal().getName();
        UkeyCertificate c = new UkeyCertificate(fp, u.username(), UkeyCertificateCheck.base64(cert),
                subject.length() > 1000 ? subject.substring(0, 1000) : subject, cert.getNotAfter().getTime(), clock.millis(), by);
        store.ukeyCertificates().insert(c);
        return c;
    }

    private User user(String name) throws SQLException {
        return store.users().find(name).orElseThrow(() -> ApiException.notFound("no user " + name));
    }

    private JsonObject view(User u) throws SQLException {
        JsonObject o = new JsonObject();
        o.addProperty("username", u.username());
        o.add("policy", policy(store.ukeyPolicies().of(UkeyPolicies.USER, u.username())));
        o.add("effective", policy(auth.ukey().effective(u)));
        JsonArray a = new JsonArray();
        for (UkeyCertificate c : store.ukeyCertificates().of(u.username())) {
            a.add(certificate(c));
        }
        o.add("certificates", a);
        o.addProperty("hasPublicKey", u.secondFactorKey() != null);
        return o;
    }

    private static JsonObject policy(UkeyPolicy p) {
        JsonObject o = new JsonObject();
        if (p.login() != null) {
            o.addProperty("login", p.login());
        }
        if (p.removal() != null) {
            o.addProperty("removal", p.removal());
        }
        if (p.selfEnrol() != null) {
            o.addProperty("selfEnrol", p.selfEnrol());
        }
        return o;
    }

    private static JsonObject certificate(UkeyCertificate c) {
        JsonObject o = new JsonObject();
        o.addProperty("fingerprint", c.fingerprint());
        o.addProperty("subject", c.subject());
        o.addProperty("notAfter", c.notAfter() / 1000);
        o.addProperty("enrolledAt", c.enrolledAt() / 1000);
        o.addProperty("enrolledBy", c.enrolledBy());
        return o;
    }
}
