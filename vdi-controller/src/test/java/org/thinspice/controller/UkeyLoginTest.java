package org.thinspice.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * UKEY sign-in against a running controller (embedded store, a clock the test moves): certificate
 * enrolment, the per-user and per-group policy, and every refusal with its own API code and audit
 * reason — wrong signature, unenrolled certificate, expired and replayed challenge, expired certificate
 * — for RSA-2048 and P-256, from an enrolled terminal the challenge is bound to.
 */
class UkeyLoginTest {
    /** How far the controller's clock runs ahead of the real one. */
    private static final AtomicLong NOW = new AtomicLong();
    private static Controller controller;
    private static ApiClient admin;

    /** The real time plus what the test moved it by (terminal signatures use the real time, within their skew). */
    private static final class MovableClock extends Clock {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(System.currentTimeMillis() + NOW.get());
        }
    }

    @BeforeAll
    static void start() throws Exception {
        ControllerConfig c = Fixtures.config(Files.createTempDirectory("ts-ukey"));
        c.auth.requireTerminal = true;
        c.auth.maxFailures = 100;
        c.provider.qemuBinary = "/nonexistent/qemu-system-x86_64";
        controller = Controller.start(c, new MovableClock());
        admin = new ApiClient(controller.port()).login(Fixtures.ADMIN, Fixtures.ADMIN_PASSWORD);
    }

    @AfterAll
    static void stop() {
        if (controller != null) {
            controller.close();
        }
    }

    private static ApiClient terminalFor(String user, String password) throws Exception {
        ApiClient t = admin.fresh().enrolWith(admin, "term-" + user);
        JsonObject u = ApiClient.obj("username", user, "password", password);
        assertEquals(201, admin.post("/api/v1/admin/users", u).statusCode());
        return t;
    }

    private static void enrol(String user, UkeyKeys k) throws Exception {
        HttpResponse<String> r = admin.post("/api/v1/admin/users/" + user + "/ukey/certificates",
                ApiClient.obj("certificate", k.certificateB64()));
        assertEquals(201, r.statusCode(), r.body());
    }

    private static JsonObject challenge(ApiClient t, String user, String password) throws Exception {
        HttpResponse<String> r = t.post("/api/v1/auth/login", ApiClient.obj("username", user, "password", password));
        assertEquals(200, r.statusCode(), r.body());
        JsonObject o = ApiClient.json(r);
        assertEquals("second_factor_required", o.get("status").getAsString(), r.body());
        return o.getAsJsonObject("challenge");
    }

    private static HttpResponse<String> answer(ApiClient t, JsonObject ch, UkeyKeys certOf, String signature) throws Exception {
        JsonObject a = ApiClient.obj("challenge", ch.get("id").getAsString(), "method", "ukey", "response", signature,
                "certificate", certOf.certificateB64());
        return t.post("/api/v1/auth/second-factor", a);
    }

    private static void refusedWith(HttpResponse<String> r, int status, String code, String user, String auditReason)
            throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        assertEquals(code, ApiClient.json(r).get("error").getAsString(), r.body());
        String audit = admin.get("/api/v1/admin/audit?limit=500").body();
        assertTrue(audit.contains(auditReason) && audit.contains(user), "audit line \"" + auditReason + "\" for " + user + ": " + audit);
    }

    @Test
    void rightSignaturesSignInForRsaAndP256AndCarryTheRemovalPolicy() throws Exception {
        for (UkeyKeys k : new UkeyKeys[] {UkeyKeys.rsa(), UkeyKeys.ec()}) {
            String user = "ok-" + k.keys().getPublic().getAlgorithm().toLowerCase();
            ApiClient t = terminalFor(user, "password-1");
            enrol(user, k);
            assertEquals(200, admin.put("/api/v1/admin/users/" + user + "/ukey/policy",
                    ApiClient.obj("login", "required", "removal", "lock")).statusCode());
            JsonObject ch = challenge(t, user, "password-1");
            assertEquals("thinspice-login\n" + ch.get("id").getAsString() + "\n" + ch.get("nonce").getAsString() + "\n"
                    + t.terminalId, ch.get("signText").getAsString(), "the text names the terminal");
            HttpResponse<String> r = answer(t, ch, k, k.sign(ch.get("signText").getAsString()));
            assertEquals(200, r.statusCode(), r.body());
            JsonObject s = ApiClient.json(r);
            assertTrue(s.get("token").getAsString().startsWith("tss_"));
            assertEquals("lock", s.getAsJsonObject("ukey").get("removal").getAsString());
            // a replay of the same, right answer is refused as a replay
            refusedWith(answer(t, ch, k, k.sign(ch.get("signText").getAsString())), 401, "challenge_replayed", user,
                    "replayed challenge");
        }
    }

    @Test
    void eachRefusalHasItsOwnCodeAndAuditReason() throws Exception {
        UkeyKeys k = UkeyKeys.ec();
        UkeyKeys other = UkeyKeys.ec();
        ApiClient t = terminalFor("bob", "password-2");
        enrol("bob", k);

        JsonObject ch = challenge(t, "bob", "password-2");
        refusedWith(answer(t, ch, k, other.sign(ch.get("signText").getAsString())), 401, "ukey_wrong_signature", "bob",
                "wrong signature");

        ch = challenge(t, "bob", "password-2");
        refusedWith(answer(t, ch, other, other.sign(ch.get("signText").getAsString())), 401, "ukey_not_enrolled", "bob",
                "unenrolled certificate");

        ch = challenge(t, "bob", "password-2");
        NOW.addAndGet(61_000);
        try {
            refusedWith(answer(t, ch, k, k.sign(ch.get("signText").getAsString())), 401, "challenge_expired", "bob",
                    "expired challenge");
        } finally {
            NOW.addAndGet(-61_000);
        }

        // signed on another terminal's challenge text: the signature does not cover this terminal
        ch = challenge(t, "bob", "password-2");
        String forged = ch.get("signText").getAsString().replace(t.terminalId, "t-elsewhere");
        refusedWith(answer(t, ch, k, k.sign(forged)), 401, "ukey_wrong_signature", "bob", "wrong signature");

        // the terminal reports a blocked card: the challenge is spent, the reason audited
        ch = challenge(t, "bob", "password-2");
        refusedWith(t.post("/api/v1/auth/second-factor", ApiClient.obj("challenge", ch.get("id").getAsString(), "method", "ukey",
                "response", "", "problem", "card_blocked")), 401, "ukey_blocked", "bob", "blocked card (reported by the terminal)");
        refusedWith(answer(t, ch, k, k.sign(ch.get("signText").getAsString())), 401, "challenge_replayed", "bob",
                "replayed challenge");

        // a challenge answered from another terminal
        ApiClient t2 = admin.fresh().enrolWith(admin, "term-bob-2");
        JsonObject ch2 = challenge(t, "bob", "password-2");
        HttpResponse<String> r = answer(t2, ch2, k, k.sign(ch2.get("signText").getAsString()));
        assertEquals(401, r.statusCode(), r.body());
        assertEquals("bad_challenge", ApiClient.json(r).get("error").getAsString());
        // ...does not spend it: the terminal it was issued to still signs in with it
        r = answer(t, ch2, k, k.sign(ch2.get("signText").getAsString()));
        assertEquals(200, r.statusCode(), r.body());
    }

    @Test
    void anExpiredCertificateIsRefusedAsSuch() throws Exception {
        UkeyKeys k = UkeyKeys.make("EC", Instant.now().minusSeconds(3600), Instant.now().plusSeconds(30), KeyUsage.digitalSignature);
        ApiClient t = terminalFor("carol", "password-3");
        enrol("carol", k);
        // past the certificate's end, still inside the terminal signature's clock skew (120 s)
        NOW.addAndGet(60_000);
        try {
            JsonObject ch = challenge(t, "carol", "password-3");
            refusedWith(answer(t, ch, k, k.sign(ch.get("signText").getAsString())), 401, "ukey_certificate_expired", "carol",
                    "expired certificate");
        } finally {
            NOW.addAndGet(-60_000);
        }
    }

    @Test
    void enrolmentChecksTheCertificate() throws Exception {
        assertEquals(201, admin.post("/api/v1/admin/users", ApiClient.obj("username", "dave", "password", "password-4")).statusCode());
        UkeyKeys noSigning = UkeyKeys.make("EC", Instant.now().minusSeconds(60), Instant.now().plusSeconds(3600),
                KeyUsage.keyEncipherment);
        HttpResponse<String> r = admin.post("/api/v1/admin/users/dave/ukey/certificates",
                ApiClient.obj("certificate", noSigning.certificateB64()));
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(r.body().contains("digitalSignature"), r.body());
        UkeyKeys expired = UkeyKeys.make("RSA", Instant.now().minusSeconds(7200), Instant.now().minusSeconds(3600),
                KeyUsage.digitalSignature);
        r = admin.post("/api/v1/admin/users/dave/ukey/certificates", ApiClient.obj("certificate", expired.certificateB64()));
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(r.body().contains("expired certificate"), r.body());
        r = admin.post("/api/v1/admin/users/dave/ukey/certificates", ApiClient.obj("certificate", "bm90IGEgY2VydA=="));
        assertEquals(400, r.statusCode(), r.body());
        UkeyKeys k = UkeyKeys.ec();
        enrol("dave", k);
        r = admin.post("/api/v1/admin/users/dave/ukey/certificates", ApiClient.obj("certificate", k.certificateB64()));
        assertEquals(409, r.statusCode(), r.body());
    }

    @Test
    void policyComesFromTheUserThenTheStrictestGroupThenTheDefault() throws Exception {
        assertEquals(201, admin.post("/api/v1/admin/groups", ApiClient.obj("name", "tellers")).statusCode());
        assertEquals(201, admin.post("/api/v1/admin/groups", ApiClient.obj("name", "branch")).statusCode());
        JsonObject erin = ApiClient.obj("username", "erin", "password", "password-5");
        com.google.gson.JsonArray groups = new com.google.gson.JsonArray();
        groups.add("tellers");
        groups.add("branch");
        erin.add("groups", groups);
        assertEquals(201, admin.post("/api/v1/admin/users", erin).statusCode());
        ApiClient t = admin.fresh().enrolWith(admin, "term-erin");
        // default (optional) and nothing enrolled: the password alone signs in
        assertEquals("ok", ApiClient.json(t.post("/api/v1/auth/login", ApiClient.obj("username", "erin", "password",
                "password-5"))).get("status").getAsString());
        admin.put("/api/v1/admin/groups/tellers/ukey/policy", ApiClient.obj("login", "optional", "removal", "lock"));
        admin.put("/api/v1/admin/groups/branch/ukey/policy", ApiClient.obj("login", "required", "removal", "nothing"));
        JsonObject eff = ApiClient.json(admin.get("/api/v1/admin/users/erin/ukey")).getAsJsonObject("effective");
        assertEquals("required", eff.get("login").getAsString());
        assertEquals("lock", eff.get("removal").getAsString());
        HttpResponse<String> r = t.post("/api/v1/auth/login", ApiClient.obj("username", "erin", "password", "password-5"));
        refusedWith(r, 403, "ukey_required", "erin", "UKEY required, none enrolled");
        admin.put("/api/v1/admin/users/erin/ukey/policy", ApiClient.obj("login", "off"));
        assertEquals("ok", ApiClient.json(t.post("/api/v1/auth/login", ApiClient.obj("username", "erin", "password",
                "password-5"))).get("status").getAsString(), "the user's own setting wins over the groups'");
    }

    @Test
    void aUserEnrolsTheirFirstCertificateOnlyWherePolicyAllows() throws Exception {
        ApiClient t = terminalFor("frank", "password-6");
        t.login("frank", "password-6");
        UkeyKeys k = UkeyKeys.rsa();
        HttpResponse<String> r = t.post("/api/v1/me/ukey/certificates", ApiClient.obj("certificate", k.certificateB64()));
        assertEquals(403, r.statusCode(), r.body());
        JsonObject p = new JsonObject();
        p.addProperty("selfEnrol", true);
        HttpResponse<String> put = admin.put("/api/v1/admin/users/frank/ukey/policy", p);
        assertEquals(200, put.statusCode(), put.body());
        assertTrue(admin.get("/api/v1/admin/users/frank/ukey").body().contains("\"selfEnrol\":true"),
                admin.get("/api/v1/admin/users/frank/ukey").body());
        r = t.post("/api/v1/me/ukey/certificates", ApiClient.obj("certificate", k.certificateB64()));
        assertEquals(201, r.statusCode(), r.body());
        r = t.post("/api/v1/me/ukey/certificates", ApiClient.obj("certificate", UkeyKeys.ec().certificateB64()));
        assertEquals(403, r.statusCode(), "only the first: " + r.body());
        JsonObject ch = challenge(t, "frank", "password-6");
        assertTrue(ch.has("signText"));
    }
}
