package org.thinspice.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Hostile and careless requests: each a clear 4xx with a JSON error, and nothing stored. */
class BadInputTest {
    private static Controller controller;
    private static ApiClient admin;

    @BeforeAll
    static void start() throws Exception {
        ControllerConfig c = Fixtures.config(Files.createTempDirectory("ts-bad"));
        c.auth.maxFailures = 3;
        c.auth.lockSeconds = 60;
        controller = Controller.start(c);
        admin = new ApiClient(controller.port()).login(Fixtures.ADMIN, Fixtures.ADMIN_PASSWORD);
    }

    @AfterAll
    static void stop() {
        if (controller != null) {
            controller.close();
        }
    }

    private static void assertError(HttpResponse<String> r, int status, String code) {
        assertEquals(status, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), r.body());
        assertEquals(code, ApiClient.json(r).get("error").getAsString(), r.body());
    }

    private static HttpResponse<String> createUser(String body, String type) throws Exception {
        return admin.call("POST", "/api/v1/admin/users", type, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void badBodiesAreRefusedAndNothingIsStored() throws Exception {
        long users = controller.store().users().count();
        String json = "application/json";
        assertError(createUser("{\"username\":\"bob\",", json), 400, "malformed_json");
        assertError(createUser("{\"username\":\"bob\"} x", json), 400, "malformed_json");
        assertError(createUser("{'username':'bob'}", json), 400, "malformed_json");
        assertError(createUser("[\"bob\"]", json), 400, "malformed_json");
        assertError(createUser("{\"username\":\"bob\",\"username\":\"eve\"}", json), 400, "malformed_json");
        assertError(createUser("{\"a\":" + "[".repeat(100) + "]".repeat(100) + "}", json), 400, "malformed_json");
        assertError(createUser("{\"username\":\"bob\",\"isAdmin\":true}", json), 400, "unknown_field");
        assertError(createUser("{\"username\":7}", json), 400, "invalid_field");
        assertError(createUser("{\"username\":\"bob\",\"password\":\"short\"}", json), 400, "invalid_field");
        assertError(createUser("{\"username\":\"b o b\"}", json), 400, "invalid_field");
        assertError(createUser("{\"username\":\"bob\",\"groups\":[\"nope\"]}", json), 400, "invalid_field");
        assertError(createUser("{\"username\":\"bob\"}", "text/plain"), 415, "unsupported_media_type");
        assertError(createUser("{\"username\":\"bob\"}", null), 415, "unsupported_media_type");
        byte[] big = ("{\"username\":\"" + "x".repeat(70_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        assertError(admin.call("POST", "/api/v1/admin/users", json, big), 413, "body_too_large");
        byte[] notUtf8 = {'{', '"', 'u', '"', ':', '"', (byte) 0xff, '"', '}'};
        assertError(admin.call("POST", "/api/v1/admin/users", json, notUtf8), 400, "malformed_json");
        assertEquals(users, controller.store().users().count(), "a refused request stored a user");
    }

    @Test
    void missingForgedAndWrongTokensAre401() throws Exception {
        ApiClient anonymous = admin.fresh();
        assertError(anonymous.get("/api/v1/desktops"), 401, "missing_token");
        anonymous.token = "tss_forged-but-well-formed";
        assertError(anonymous.get("/api/v1/desktops"), 401, "bad_token");
        anonymous.token = "something-else";
        assertError(anonymous.get("/api/v1/desktops"), 401, "bad_token");
        ApiClient alice = admin.fresh().login(Fixtures.USER, Fixtures.USER_PASSWORD);
        assertError(alice.get("/api/v1/admin/users"), 403, "admin_only");
        assertError(alice.get("/api/v1/nowhere"), 404, "not_found");
        assertError(alice.call("DELETE", "/api/v1/desktops", null, null), 405, "method_not_allowed");
        alice.call("POST", "/api/v1/auth/logout", null, null);
        assertError(alice.get("/api/v1/desktops"), 401, "bad_token");
    }

    @Test
    void refreshSwapsTheTokenOnce() throws Exception {
        ApiClient a = admin.fresh().login(Fixtures.USER, Fixtures.USER_PASSWORD);
        String old = a.token;
        HttpResponse<String> r = a.call("POST", "/api/v1/auth/refresh", null, null);
        assertEquals(200, r.statusCode(), r.body());
        a.token = ApiClient.json(r).get("token").getAsString();
        assertEquals(200, a.get("/api/v1/desktops").statusCode());
        a.token = old;
        assertError(a.get("/api/v1/desktops"), 401, "bad_token");
    }

    @Test
    void revokedAndForgedTerminalsAreRefused() throws Exception {
        ApiClient t = admin.fresh().enrolWith(admin, "kiosk-1");
        t.login(Fixtures.USER, Fixtures.USER_PASSWORD);
        assertEquals(200, t.get("/api/v1/desktops").statusCode());
        String realId = t.terminalId;
        ApiClient forger = admin.fresh().enrolWith(admin, "kiosk-2");
        forger.token = t.token;
        forger.terminalId = realId;
        assertError(forger.get("/api/v1/desktops"), 401, "bad_terminal_signature");
        assertEquals(204, admin.delete("/api/v1/admin/terminals/" + realId).statusCode());
        // revoking a terminal also ends its sessions
        assertError(t.get("/api/v1/desktops"), 401, "bad_token");
        t.token = null;
        assertError(t.post("/api/v1/auth/login", ApiClient.obj("username", Fixtures.USER, "password",
                Fixtures.USER_PASSWORD)), 403, "terminal_revoked");
        JsonObject list = ApiClient.json(admin.get("/api/v1/admin/terminals"));
        assertTrue(list.toString().contains("\"revoked\":true"), list.toString());
        assertError(admin.fresh().post("/api/v1/terminals/enrol", ApiClient.obj("code", "wrongcode123", "name", "x",
                "publicKey", "MCowBQYDK2VwAyEAA6EHv/POEL4dcN0Y50vAmWfk1jCbpQ1fHdyGZBJVMbg=")), 403, "bad_enrolment_code");
    }

    @Test
    void repeatedFailuresLockTheAccount() throws Exception {
        ApiClient c = admin.fresh();
        for (int i = 0; i < 3; i++) {
            assertError(c.post("/api/v1/auth/login", ApiClient.obj("username", "carol", "password", "wrong")), 401,
                    "wrong_credentials");
        }
        HttpResponse<String> locked = c.post("/api/v1/auth/login", ApiClient.obj("username", "carol", "password", "x"));
        assertError(locked, 429, "account_locked");
        assertTrue(ApiClient.json(locked).get("retryAfterSeconds").getAsInt() > 0);
    }
}
