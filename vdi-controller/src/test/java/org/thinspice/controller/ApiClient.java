package org.thinspice.controller;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Base64;
import org.thinspice.controller.auth.Secrets;
import org.thinspice.controller.terminal.TerminalSignature;

/** A test client of the controller API: JSON calls, optional bearer token, optional terminal signature. */
final class ApiClient {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    String token;
    String terminalId;
    KeyPair terminalKey;
    /** When set, every signed request uses this nonce (a replay test's second request); else a fresh one each. */
    String fixedNonce;
    /** Sent as {@code X-Request-Id} when set. */
    String requestId;

    ApiClient(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    /** A copy sharing nothing but the address. */
    ApiClient fresh() {
        return new ApiClient(Integer.parseInt(base.substring(base.lastIndexOf(':') + 1)));
    }

    HttpResponse<String> call(String method, String path, String contentType, byte[] body) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (requestId != null) {
            b.header("X-Request-Id", requestId);
        }
        if (terminalId != null) {
            long now = System.currentTimeMillis() / 1000;
            String nonce = fixedNonce != null ? fixedNonce : Secrets.hex(12);
            b.header(TerminalSignature.ID_HEADER, terminalId).header(TerminalSignature.TIME_HEADER, Long.toString(now))
                    .header(TerminalSignature.NONCE_HEADER, nonce)
                    .header(TerminalSignature.SIGNATURE_HEADER, TerminalSignature.sign(terminalKey.getPrivate(), method,
                            path, now, nonce, body == null ? new byte[0] : body));
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    HttpResponse<String> post(String path, JsonObject body) throws IOException {
        return call("POST", path, "application/json", body.toString().getBytes(StandardCharsets.UTF_8));
    }

    HttpResponse<String> put(String path, JsonObject body) throws IOException {
        return call("PUT", path, "application/json", body.toString().getBytes(StandardCharsets.UTF_8));
    }

    HttpResponse<String> get(String path) throws IOException {
        return call("GET", path, null, null);
    }

    HttpResponse<String> delete(String path) throws IOException {
        return call("DELETE", path, null, null);
    }

    static JsonObject json(HttpResponse<String> r) {
        return JsonParser.parseString(r.body()).getAsJsonObject();
    }

    static JsonObject obj(String... kv) {
        JsonObject o = new JsonObject();
        for (int i = 0; i < kv.length; i += 2) {
            o.addProperty(kv[i], kv[i + 1]);
        }
        return o;
    }

    /** Signs in; fails the test unless the answer is a session. */
    ApiClient login(String user, String password) throws IOException {
        HttpResponse<String> r = post("/api/v1/auth/login", obj("username", user, "password", password));
        if (r.statusCode() != 200 || !json(r).has("token")) {
            throw new AssertionError("login of " + user + " failed: " + r.statusCode() + " " + r.body());
        }
        token = json(r).get("token").getAsString();
        return this;
    }

    /** Enrols this client as a terminal with a code an admin client creates. */
    ApiClient enrolWith(ApiClient admin, String name) throws IOException, GeneralSecurityException {
        HttpResponse<String> c = admin.post("/api/v1/admin/enrolment-codes", new JsonObject());
        if (c.statusCode() != 201) {
            throw new AssertionError("no enrolment code: " + c.body());
        }
        terminalKey = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        JsonObject body = obj("code", json(c).get("code").getAsString(), "name", name, "publicKey",
                Base64.getEncoder().encodeToString(terminalKey.getPublic().getEncoded()));
        HttpResponse<String> e = fresh().post("/api/v1/terminals/enrol", body);
        if (e.statusCode() != 201) {
            throw new AssertionError("enrolment failed: " + e.body());
        }
        terminalId = json(e).get("id").getAsString();
        return this;
    }
}
