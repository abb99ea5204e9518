package org.thinspice.controller.auth;

import com.google.gson.JsonObject;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.thinspice.controller.ControllerConfig;
import org.thinspice.controller.audit.AuditLog;
import org.thinspice.controller.http.ApiException;
import org.thinspice.controller.http.Request;
import org.thinspice.controller.provider.CloudProvider;
import org.thinspice.controller.provider.PlatformLogin;
import org.thinspice.controller.provider.ProviderException;
import org.thinspice.controller.store.LoginChallenge;
import org.thinspice.controller.store.Session;
import org.thinspice.controller.store.Sessions;
import org.thinspice.controller.store.UkeyPolicy;
import org.thinspice.controller.store.Store;
import org.thinspice.controller.store.Terminal;
import org.thinspice.controller.store.User;
import org.thinspice.controller.terminal.TerminalService;

/**
 * Sign-in: password (in the store, or at the platform for users the store has no password for),
 * then a second factor when one applies (UKEY signature, or the platform's TOTP), then a session
 * token bound to the terminal. Failures count towards a lockout per user name and one per source
 * address (whatever names it tries); both counters live in the store, shared by every controller on it.
 */
public final class AuthService {
    public static final String TOKEN_PREFIX = "tss_";
    private final Store store;
    private final CloudProvider provider;
    private final TerminalService terminals;
    private final PasswordHasher hasher;
    private final AuditLog audit;
    private final Clock clock;
    private final ControllerConfig.Auth config;
    private final UkeyLogin ukey;

    public AuthService(Store store, CloudProvider provider, TerminalService terminals, PasswordHasher hasher, AuditLog audit,
            Clock clock, ControllerConfig.Auth config) {
        this.store = store;
        this.provider = provider;
        this.terminals = terminals;
        this.hasher = hasher;
        this.audit = audit;
        this.clock = clock;
        this.config = config;
        this.ukey = new UkeyLogin(store, config);
    }

    /** The UKEY policy and check (also used by the enrolment API). */
    public UkeyLogin ukey() {
        return ukey;
    }

    private java.util.function.BiConsumer<String, String> outcomes = (step, outcome) -> { };

    /** Told every sign-in step's outcome (metrics): ok, second_factor_required, failed, locked, error. */
    public void onOutcome(java.util.function.BiConsumer<String, String> listener) {
        this.outcomes = listener;
    }

    /** Step one. Returns the JSON answer: a session, or a second-factor challenge. */
    public JsonObject login(Request r, String username, char[] password) throws SQLException {
        return counted("login", () -> loginStep(r, username, password));
    }

    /** Step two: the answer to a challenge. A challenge is used once, right or wrong. */
    public JsonObject secondFactor(Request r, String challengeId, String method, String response) throws SQLException {
        return secondFactor(r, challengeId, method, response, null);
    }

    /** As above; for {@code ukey}, {@code certificate} is the card's certificate (base64 DER) naming the enrolled one to use. */
    public JsonObject secondFactor(Request r, String challengeId, String method, String response, String certificate)
            throws SQLException {
        return secondFactor(r, challengeId, method, response, certificate, null);
    }

    /**
     * As above; {@code problem} ({@code card_blocked}) is the terminal telling why no signature comes: the
     * challenge is spent and the reason audited, so an administrator sees the blocked card.
     */
    public JsonObject secondFactor(Request r, String challengeId, String method, String response, String certificate,
            String problem) throws SQLException {
        return counted("second_factor", () -> secondFactorStep(r, challengeId, method, response, certificate, problem));
    }

    private interface Step {
        JsonObject run() throws SQLException;
    }

    private JsonObject counted(String step, Step work) throws SQLException {
        try {
            JsonObject answer = work.run();
            outcomes.accept(step, answer.has("status") ? answer.get("status").getAsString() : "ok");
            return answer;
        } catch (ApiException e) {
            outcomes.accept(step, switch (e.code()) {
                case "wrong_credentials", "bad_challenge", "ukey_required" -> "failed";
                case "account_locked", "too_many_attempts" -> "locked";
                default -> UkeyLogin.Reason.CODES.contains(e.code()) ? "failed" : "refused";
            });
            throw e;
        } catch (SQLException | RuntimeException e) {
            outcomes.accept(step, "error");
            throw e;
        }
    }

    private JsonObject loginStep(Request r, String username, char[] password) throws SQLException {
        String terminalId = terminalOf(r);
        checkNotLocked(username, r);
        Optional<User> user = store.users().find(username);
        if (user.isPresent() && user.get().passwordHash() != null || !provider.authenticatesUsers()) {
            if (!hasher.verify(password, user.map(User::passwordHash).orElse(null))) {
                throw failed(username, terminalId, r, "login", "wrong password");
            }
            User u = user.get();
            requireTerminal(terminalId, u.role());
            UkeyPolicy policy = ukey.effective(u);
            boolean enrolled = ukey.enrolled(u);
            if ("required".equals(policy.login()) && !enrolled) {
                audit.record("login", "failed", u.username(), terminalId, "ukey", r.remoteAddress(), "UKEY required, none enrolled");
                throw ApiException.forbidden("ukey_required", "this account needs a UKEY and none is enrolled: ask your administrator");
            }
            if (enrolled && !"off".equals(policy.login())) {
                return challenge(u.username(), terminalId, List.of("ukey"), null, r);
            }
            return session(u.username(), u.role(), terminalId, null, r, "login");
        }
        try {
            requireTerminal(terminalId, User.USER);
            PlatformLogin pl = provider.login(username, password);
            if (pl.needsSecondFactor()) {
                return challenge(username, terminalId, pl.secondFactorMethods(), pl.pendingState(), r);
            }
            return session(username, User.USER, terminalId, pl.state(), r, "login");
        } catch (ProviderException e) {
            if (e.kind() == ProviderException.Kind.AUTH_FAILED) {
                throw failed(username, terminalId, r, "login", "platform refused");
            }
            audit.record("login", "failed", username, terminalId, provider.name(), r.remoteAddress(), e.getMessage());
            throw new ApiException(502, "platform_unavailable", "the cloud platform did not answer: " + e.getMessage());
        }
    }

    private JsonObject secondFactorStep(Request r, String challengeId, String method, String response, String certificate,
            String problem) throws SQLException {
        String terminalId = terminalOf(r);
        long now = clock.millis();
        Sessions.Taken taken = store.sessions().takeChallenge(challengeId, terminalId, now)
                .orElseThrow(() -> ApiException.unauthorized("bad_challenge", "the challenge is unknown"));
        LoginChallenge c = taken.challenge();
        if (!c.terminalId().equals(terminalId)) {
            throw ApiException.unauthorized("bad_challenge", "the challenge belongs to another terminal");
        }
        checkNotLocked(c.username(), r);
        if (taken.usedBefore() != 0) {
            throw refused(c.username(), terminalId, r, UkeyLogin.Reason.REPLAYED_CHALLENGE, method);
        }
        if (c.expiresAt() <= now) {
            throw refused(c.username(), terminalId, r, UkeyLogin.Reason.EXPIRED_CHALLENGE, method);
        }
        if (!c.methods().contains(method)) {
            throw ApiException.badRequest("invalid_field", "\"method\" must be one of " + c.methods());
        }
        if (method.equals("ukey") && problem != null) {
            throw refused(c.username(), terminalId, r, UkeyLogin.Reason.BLOCKED_CARD, "");
        }
        if (method.equals("ukey")) {
            User u = store.users().find(c.username()).orElseThrow(() -> failed(c.username(), terminalId, r, "second_factor", "user gone"));
            String fingerprint;
            try {
                fingerprint = ukey.check(u, c, certificate, response, now);
            } catch (UkeyLogin.Refusal e) {
                throw refused(u.username(), terminalId, r, e.reason(), e.detail());
            }
            JsonObject answer = session(u.username(), u.role(), terminalId, null, r, "second_factor");
            JsonObject k = new JsonObject();
            k.addProperty("removal", ukey.effective(u).removal());
            k.addProperty("certificate", fingerprint);
            answer.add("ukey", k);
            return answer;
        }
        try {
            PlatformLogin pl = provider.secondFactor(c.providerState(), method, response);
            return session(c.username(), User.USER, terminalId, pl.state(), r, "second_factor");
        } catch (ProviderException e) {
            throw failed(c.username(), terminalId, r, "second_factor", "platform refused the second factor");
        }
    }

    /** Audits a refused second factor with its own reason; wrong signatures and foreign cards count towards the lockout. */
    private ApiException refused(String username, String terminalId, Request r, UkeyLogin.Reason reason, String detail) {
        if (reason.countsAsFailure()) {
            failed(username, terminalId, r, "second_factor", reason.audit() + (detail.isEmpty() ? "" : " (" + detail + ")"));
        } else {
            audit.record("second_factor", "failed", username, terminalId, "", r.remoteAddress(),
                    reason.audit() + (detail.isEmpty() ? "" : " (" + detail + ")"));
        }
        return ApiException.unauthorized(reason.code(), reason.message());
    }

    /** Swaps a live session for a new one (same user, terminal and platform state); the old token dies. */
    public JsonObject refresh(Request r) throws SQLException {
        Session s = authenticate(r);
        if (!store.sessions().revoke(s.tokenHash())) {
            throw ApiException.unauthorized("bad_token", "the session token is revoked");
        }
        return session(s.username(), s.role(), s.terminalId(), s.providerState(), r, "refresh");
    }

    public void logout(Request r) throws SQLException {
        Session s = authenticate(r);
        store.sessions().revoke(s.tokenHash());
        audit.record("logout", "ok", s.username(), s.terminalId(), "", r.remoteAddress(), "");
    }

    /** The session behind the bearer token; a session bound to a terminal also needs that terminal's signature. */
    public Session authenticate(Request r) throws SQLException {
        String header = r.header("Authorization").orElseThrow(
                () -> ApiException.unauthorized("missing_token", "an Authorization: Bearer token is required"));
        if (!header.startsWith("Bearer " + TOKEN_PREFIX)) {
            throw ApiException.unauthorized("bad_token", "the session token is malformed");
        }
        String token = header.substring("Bearer ".length()).trim();
        Session s = store.sessions().find(Secrets.sha256Hex(token))
                .orElseThrow(() -> ApiException.unauthorized("bad_token", "the session token is unknown"));
        if (s.revoked() || s.expiresAt() <= clock.millis()) {
            throw ApiException.unauthorized("bad_token", "the session token is expired or revoked");
        }
        if (!s.terminalId().isEmpty()) {
            Terminal t = terminals.verify(r).orElseThrow(
                    () -> ApiException.unauthorized("bad_terminal_signature", "this session needs its terminal's signature"));
            if (!t.id().equals(s.terminalId())) {
                throw ApiException.unauthorized("bad_terminal_signature", "the session belongs to another terminal");
            }
        }
        return s;
    }

    public Session requireAdmin(Request r) throws SQLException {
        Session s = authenticate(r);
        if (!User.ADMIN.equals(s.role())) {
            throw ApiException.forbidden("admin_only", "this needs the administrator role");
        }
        return s;
    }

    private String terminalOf(Request r) throws SQLException {
        return terminals.verify(r).map(Terminal::id).orElse("");
    }

    /** Staff sign in from enrolled terminals; administrators may also use a management workstation. */
    private void requireTerminal(String terminalId, String role) {
        if (terminalId.isEmpty() && config.requireTerminal && !User.ADMIN.equals(role)) {
            throw ApiException.unauthorized("terminal_required", "sign-in needs a signed request from an enrolled terminal");
        }
    }

    private void checkNotLocked(String username, Request r) throws SQLException {
        long now = clock.millis();
        long address = store.addressFailures().lockedUntil(r.remoteAddress());
        if (address > now) {
            int seconds = (int) ((address - now + 999) / 1000);
            throw new ApiException(429, "too_many_attempts", "too many failed sign-ins from this address, try again in "
                    + seconds + " s", seconds);
        }
        long until = store.loginFailures().lockedUntil(username);
        if (until > now) {
            int seconds = (int) ((until - now + 999) / 1000);
            throw new ApiException(429, "account_locked", "account locked, try again in " + seconds + " s", seconds);
        }
    }

    private ApiException failed(String username, String terminalId, Request r, String event, String why) {
        try {
            long now = clock.millis();
            long until = store.loginFailures().recordFailure(username, config.maxFailures, config.lockSeconds * 1000L, now);
            long addressUntil = store.addressFailures().recordFailure(r.remoteAddress(), config.maxFailuresPerAddress,
                    config.addressWindowSeconds * 1000L, config.addressLockSeconds * 1000L, now);
            audit.record(event, "failed", username, terminalId, "", r.remoteAddress(), why + (until > 0 ? "; locked" : "")
                    + (addressUntil > 0 ? "; address locked" : ""));
        } catch (SQLException e) {
            audit.record(event, "failed", username, terminalId, "", r.remoteAddress(), why + "; failure not counted: " + e);
        }
        return ApiException.unauthorized("wrong_credentials", "wrong username or password");
    }

    private JsonObject challenge(String username, String terminalId, List<String> methods, String providerState, Request r)
            throws SQLException {
        LoginChallenge c = new LoginChallenge("c-" + Secrets.hex(16), username, terminalId, Secrets.hex(32), methods,
                clock.millis() + config.challengeTtlSeconds * 1000L, providerState);
        store.sessions().insertChallenge(c);
        audit.record("login", "second_factor_required", username, terminalId, String.join(",", methods), r.remoteAddress(), "");
        JsonObject ch = new JsonObject();
        ch.addProperty("id", c.id());
        ch.addProperty("nonce", c.nonce());
        ch.addProperty("signText", UkeyResponse.signedText(c.id(), c.nonce(), c.terminalId()));
        com.google.gson.JsonArray m = new com.google.gson.JsonArray();
        methods.forEach(m::add);
        ch.add("methods", m);
        ch.addProperty("expiresAt", c.expiresAt() / 1000);
        JsonObject o = new JsonObject();
        o.addProperty("status", "second_factor_required");
        o.add("challenge", ch);
        return o;
    }

    private JsonObject session(String username, String role, String terminalId, String providerState, Request r,
            String event) throws SQLException {
        String token = TOKEN_PREFIX + Secrets.token(32);
        long now = clock.millis();
        long expires = now + config.sessionTtlSeconds * 1000L;
        store.sessions().insert(new Session(Secrets.sha256Hex(token), username, role, terminalId, now, expires, false,
                providerState));
        store.loginFailures().clear(username);
        audit.record(event, "ok", username, terminalId, "", r.remoteAddress(), "");
        JsonObject o = new JsonObject();
        o.addProperty("status", "ok");
        o.addProperty("token", token);
        o.addProperty("expiresAt", expires / 1000);
        JsonObject u = new JsonObject();
        u.addProperty("username", username);
        u.addProperty("role", role);
        o.add("user", u);
        o.addProperty("terminal", terminalId);
        return o;
    }
}
