package org.thinspice.client.api;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonSyntaxException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import okhttp3.Headers;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * {@link ControllerApi} (and the {@link UsbAudit} reports) over OkHttp: one client per controller address, so connections are reused
 * (HTTP/2 over TLS), with connect, read, write and whole-call timeouts. When the terminal is enrolled
 * every call is signed with its key ({@link TerminalSigning}); the session token from sign-in rides
 * along as a bearer token.
 */
public final class HttpControllerClient implements ControllerApi, UsbAudit {
    private static final int MAX_BODY = 4 << 20;
    private static final MediaType JSON = MediaType.get("application/json");
    private final URI base;
    private final OkHttpClient http;
    private volatile String token;

    /** An answer the controller gave: status, headers, body (bounded). */
    private record Answer(int statusCode, Headers headers, byte[] body) {
    }

    public HttpControllerClient(URI base, String terminalId, TerminalIdentity identity, Duration timeout) {
        this(base, terminalId, identity, timeout, "");
    }

    /**
     * @param pinnedSha256 the controller certificate's fingerprint fixed at enrolment: over https only
     *        that certificate is trusted (names not checked — the pin is the identity); empty = the JRE's
     *        trust (before enrolment, and for a publicly certified controller not yet pinned)
     */
    public HttpControllerClient(URI base, String terminalId, TerminalIdentity identity, Duration timeout,
            String pinnedSha256) {
        this.base = base;
        OkHttpClient.Builder b = new OkHttpClient.Builder().connectTimeout(timeout).readTimeout(timeout)
                .writeTimeout(timeout).callTimeout(timeout.multipliedBy(2))
                // a sign-in or a power action is not safely repeatable: no silent retry on another route
                .retryOnConnectionFailure(false);
        if (pinnedSha256 != null && !pinnedSha256.isEmpty()) {
            PinnedCertificate pin = new PinnedCertificate(pinnedSha256);
            b.sslSocketFactory(pin.socketFactory(), pin).hostnameVerifier((host, session) -> true);
        }
        if (identity != null && terminalId != null && !terminalId.isEmpty()) {
            b.addInterceptor(new TerminalSigning(terminalId, identity));
        }
        this.http = b.build();
    }

    /** Parses what a person typed: {@code host:port} or a full URL; http when no scheme is given. */
    public static URI parseAddress(String text) {
        String t = text == null ? "" : text.trim();
        if (t.isEmpty()) {
            throw new IllegalArgumentException("empty address");
        }
        if (!t.contains("://")) {
            t = "http://" + t;
        }
        URI u = URI.create(t.endsWith("/") ? t.substring(0, t.length() - 1) : t);
        if (u.getHost() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https"))) {
            throw new IllegalArgumentException("not an http(s) address: " + text);
        }
        return u;
    }

    public URI base() {
        return base;
    }

    public void setToken(String token) {
        this.token = token;
    }

    @Override
    public long health() throws ControllerException {
        long t0 = System.nanoTime();
        send("GET", "/api/v1/health", null, false);
        return (System.nanoTime() - t0) / 1_000_000L;
    }

    @Override
    public long clockSkewMillis() throws ControllerException {
        long before = System.currentTimeMillis();
        Answer r = send("GET", "/api/v1/health", null, false);
        long after = System.currentTimeMillis();
        String date = r.headers().get("Date");
        if (date == null) {
            throw new ControllerException(ControllerException.Kind.REFUSED, r.statusCode(), "no_date", "no Date header", 0);
        }
        long server = ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
        // Date has whole seconds: compare with the middle of the round trip, rounded down the same way.
        long local = (before + after) / 2 / 1000 * 1000;
        return server - local;
    }

    @Override
    public String enrol(String code, String name, String publicKeyB64) throws ControllerException {
        JsonObject b = new JsonObject();
        b.addProperty("code", code);
        b.addProperty("name", name);
        b.addProperty("publicKey", publicKeyB64);
        return json(send("POST", "/api/v1/terminals/enrol", b.toString(), false)).get("id").getAsString();
    }

    @Override
    public LoginOutcome login(String username, char[] password) throws ControllerException {
        JsonObject b = new JsonObject();
        b.addProperty("username", username);
        b.addProperty("password", new String(password));
        return outcome(json(send("POST", "/api/v1/auth/login", b.toString(), false)));
    }

    @Override
    public LoginOutcome secondFactor(String challengeId, String method, String response) throws ControllerException {
        JsonObject b = new JsonObject();
        b.addProperty("challenge", challengeId);
        b.addProperty("method", method);
        b.addProperty("response", response);
        return outcome(json(send("POST", "/api/v1/auth/second-factor", b.toString(), false)));
    }

    @Override
    public LoginOutcome ukeyAnswer(String challengeId, String certificate, String signature) throws ControllerException {
        JsonObject b = new JsonObject();
        b.addProperty("challenge", challengeId);
        b.addProperty("method", "ukey");
        b.addProperty("response", signature);
        b.addProperty("certificate", certificate);
        return outcome(json(send("POST", "/api/v1/auth/second-factor", b.toString(), false)));
    }

    @Override
    public void ukeyBlocked(String challengeId) throws ControllerException {
        JsonObject b = new JsonObject();
        b.addProperty("challenge", challengeId);
        b.addProperty("method", "ukey");
        b.addProperty("response", "");
        b.addProperty("problem", "card_blocked");
        send("POST", "/api/v1/auth/second-factor", b.toString(), false);
    }

    private LoginOutcome outcome(JsonObject o) throws ControllerException {
        String status = o.has("status") ? o.get("status").getAsString() : "";
        if (status.equals("ok")) {
            token = o.get("token").getAsString();
            JsonObject u = o.getAsJsonObject("user");
            String removal = o.has("ukey") ? o.getAsJsonObject("ukey").get("removal").getAsString() : null;
            return new LoginOutcome.SignedIn(token, u.get("username").getAsString(), u.get("role").getAsString(), removal);
        }
        if (status.equals("second_factor_required")) {
            JsonObject c = o.getAsJsonObject("challenge");
            List<String> methods = new ArrayList<>();
            c.getAsJsonArray("methods").forEach(m -> methods.add(m.getAsString()));
            return new LoginOutcome.SecondFactor(c.get("id").getAsString(), c.get("nonce").getAsString(), methods,
                    c.has("signText") ? c.get("signText").getAsString() : null);
        }
        throw new ControllerException(ControllerException.Kind.REFUSED, 200, "bad_answer", "unexpected sign-in answer", 0);
    }

    @Override
    public void logout() throws ControllerException {
        if (token != null) {
            try {
                send("POST", "/api/v1/auth/logout", "", true);
            } finally {
                token = null;
            }
        }
    }

    @Override
    public List<Desktop> desktops() throws ControllerException {
        JsonArray a = json(send("GET", "/api/v1/desktops", null, true)).getAsJsonArray("desktops");
        List<Desktop> out = new ArrayList<>();
        for (JsonElement e : a) {
            JsonObject d = e.getAsJsonObject();
            JsonObject p = d.has("policy") ? d.getAsJsonObject("policy") : new JsonObject();
            List<String> actions = new ArrayList<>();
            if (p.has("actions")) {
                p.getAsJsonArray("actions").forEach(x -> actions.add(x.getAsString()));
            }
            out.add(new Desktop(d.get("id").getAsString(), d.get("name").getAsString(), d.get("state").getAsString(),
                    p.has("clipboard") ? p.get("clipboard").getAsString() : "none",
                    p.has("usbRedirect") && p.get("usbRedirect").getAsBoolean(), List.copyOf(actions)));
        }
        return out;
    }

    @Override
    public String connection(String desktopId) throws ControllerException {
        Answer r = send("POST", "/api/v1/desktops/" + desktopId + "/connection", "", true);
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    @Override
    public String power(String desktopId, String action) throws ControllerException {
        JsonObject b = new JsonObject();
        b.addProperty("action", action);
        return json(send("POST", "/api/v1/desktops/" + desktopId + "/power", b.toString(), true)).get("id").getAsString();
    }

    @Override
    public String taskState(String taskId) throws ControllerException {
        return json(send("GET", "/api/v1/tasks/" + taskId, null, true)).get("state").getAsString();
    }

    /** POST /desktops/{id}/usb-events: one USB event of the signed-in user's session, for the audit. */
    @Override
    public void report(UsbEvent e) throws ControllerException {
        JsonObject b = new JsonObject();
        b.addProperty("action", e.action().wire());
        b.addProperty("vendorId", e.vendorId());
        b.addProperty("productId", e.productId());
        b.addProperty("deviceClass", e.deviceClass());
        JsonArray ifs = new JsonArray();
        e.interfaceClasses().forEach(ifs::add);
        b.add("interfaceClasses", ifs);
        b.addProperty("product", e.product());
        b.addProperty("reason", e.reason());
        send("POST", "/api/v1/desktops/" + e.desktopId() + "/usb-events", b.toString(), true);
    }

    private Answer send(String method, String path, String body, boolean auth) throws ControllerException {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        Request.Builder b = new Request.Builder().url(base + path)
                .method(method, body == null ? null : RequestBody.create(bytes, body.isEmpty() ? null : JSON))
                .tag(TerminalSigning.SignedBody.class, new TerminalSigning.SignedBody(bytes));
        if (auth && token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        Answer r;
        try (Response response = http.newCall(b.build()).execute()) {
            r = new Answer(response.code(), response.headers(), bounded(response.body()));
        } catch (IOException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof PinnedCertificate.Changed changed) {
                    // the message carries what was presented, for the mismatch screen
                    throw new ControllerException(ControllerException.Kind.CERTIFICATE_CHANGED, 0, "certificate_changed",
                            changed.presented(), 0);
                }
            }
            throw ControllerException.unreachable(String.valueOf(e.getMessage() == null ? e : e.getMessage()));
        }
        if (r.body() == null) {
            throw new ControllerException(ControllerException.Kind.REFUSED, r.statusCode(), "too_large", "answer too large", 0);
        }
        if (r.statusCode() / 100 == 2) {
            return r;
        }
        throw refusal(r.statusCode(), r.body());
    }

    /** The body, or null when it is over {@link #MAX_BODY}. */
    private static byte[] bounded(ResponseBody body) throws IOException {
        if (body.contentLength() > MAX_BODY) {
            return null;
        }
        try (InputStream in = body.byteStream()) {
            byte[] b = in.readNBytes(MAX_BODY + 1);
            return b.length > MAX_BODY ? null : b;
        }
    }

    static ControllerException refusal(int status, byte[] body) {
        String code = "http_" + status;
        String message = "HTTP " + status;
        int retry = 0;
        try {
            JsonObject o = JsonParser.parseString(new String(body, StandardCharsets.UTF_8)).getAsJsonObject();
            code = o.has("error") ? o.get("error").getAsString() : code;
            message = o.has("message") ? o.get("message").getAsString() : message;
            retry = o.has("retryAfterSeconds") ? o.get("retryAfterSeconds").getAsInt() : 0;
        } catch (RuntimeException notJson) {
            if (status >= 500) {
                // A proxy's or a broken server's error page: the controller itself is not answering.
                return new ControllerException(ControllerException.Kind.UNREACHABLE, status, code, message, 0);
            }
        }
        return new ControllerException(kindOf(status, code), status, code, message, retry);
    }

    static ControllerException.Kind kindOf(int status, String code) {
        return switch (code) {
            case "wrong_credentials" -> ControllerException.Kind.WRONG_CREDENTIALS;
            case "account_locked", "too_many_attempts" -> ControllerException.Kind.LOCKED;
            case "bad_token", "missing_token" -> ControllerException.Kind.SIGNED_OUT;
            case "bad_enrolment_code" -> ControllerException.Kind.BAD_ENROLMENT_CODE;
            case "bad_terminal_signature", "terminal_revoked", "terminal_required" -> ControllerException.Kind.TERMINAL_REFUSED;
            default -> status == 502 || status == 503 || status == 504 ? ControllerException.Kind.UNREACHABLE
                    : ControllerException.Kind.REFUSED;
        };
    }

    private static JsonObject json(Answer r) throws ControllerException {
        try {
            return JsonParser.parseString(new String(r.body(), StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (JsonSyntaxException | IllegalStateException e) {
            throw new ControllerException(ControllerException.Kind.REFUSED, r.statusCode(), "bad_answer", "not JSON", 0);
        }
    }
}
