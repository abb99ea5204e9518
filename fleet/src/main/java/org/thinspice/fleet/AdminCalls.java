package org.thinspice.fleet;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The administrator's part of a fleet run: one-time enrolment codes, one per terminal (what a technician does at
 * each terminal, done ahead). Administrators may sign in from any workstation, so no terminal signature here.
 */
public final class AdminCalls {
    private static final int MAX_ANSWER = 64 << 10;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final URI base;
    private final String token;

    private AdminCalls(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    public static AdminCalls signIn(URI base, String username, String password) throws IOException, InterruptedException {
        JsonObject b = new JsonObject();
        b.addProperty("username", username);
        b.addProperty("password", password);
        AdminCalls anonymous = new AdminCalls(base, null);
        JsonObject a = anonymous.post("/api/v1/auth/login", b.toString());
        if (!a.has("token")) {
            throw new IOException("the administrator's sign-in was not completed: " + a);
        }
        return new AdminCalls(base, a.get("token").getAsString());
    }

    /** {@code n} one-time enrolment codes, valid {@code ttlSeconds}. */
    public List<String> enrolmentCodes(int n, int ttlSeconds) throws IOException, InterruptedException {
        List<String> codes = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            codes.add(post("/api/v1/admin/enrolment-codes", "{\"ttlSeconds\":" + ttlSeconds + "}").get("code")
                    .getAsString());
        }
        return codes;
    }

    private JsonObject post(String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder r = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (token != null) {
            r.header("Authorization", "Bearer " + token);
        }
        HttpResponse<byte[]> a = http.send(r.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (a.body().length > MAX_ANSWER) {
            throw new IOException(path + ": answer of " + a.body().length + " bytes");
        }
        String text = new String(a.body(), StandardCharsets.UTF_8);
        if (a.statusCode() / 100 != 2) {
            throw new IOException(path + ": HTTP " + a.statusCode() + " " + text);
        }
        return JsonParser.parseString(text).getAsJsonObject();
    }
}
