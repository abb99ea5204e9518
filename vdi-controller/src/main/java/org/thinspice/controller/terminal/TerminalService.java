package org.thinspice.controller.terminal;

import java.security.GeneralSecurityException;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.thinspice.controller.audit.AuditLog;
import org.thinspice.controller.auth.Secrets;
import org.thinspice.controller.http.ApiException;
import org.thinspice.controller.http.Request;
import org.thinspice.controller.store.Store;
import org.thinspice.controller.store.Terminal;

/**
 * Terminal identity: enrolment codes (one use, expiring, stored hashed), enrolment with the
 * terminal's own Ed25519 public key, verification of signed requests (with a replay cache for the
 * clock-skew window, kept in the store so a request replayed to another controller is refused too), listing
 * and revocation.
 */
public final class TerminalService {
    /** How often this controller sweeps stale nonces from the store. */
    private static final long SWEEP_EVERY_MS = 60_000;
    private final Store store;
    private final AuditLog audit;
    private final Clock clock;
    private final int skewSeconds;
    private final AtomicLong lastSweep = new AtomicLong();

    public TerminalService(Store store, AuditLog audit, Clock clock, int skewSeconds) {
        this.store = store;
        this.audit = audit;
        this.clock = clock;
        this.skewSeconds = skewSeconds;
    }

    /** A new enrolment code valid for {@code ttlSeconds}; only its hash is stored. */
    public String createCode(String admin, long ttlSeconds) throws SQLException {
        String code = Secrets.token(15).replace('-', 'x').replace('_', 'y');
        store.terminals().insertCode(Secrets.sha256Hex(code), admin, clock.millis() + ttlSeconds * 1000);
        audit.record("admin.enrolment_code", "ok", admin, "", "", "", "valid " + ttlSeconds + " s");
        return code;
    }

    /** Enrols a terminal: burns the code, checks the key, stores the terminal. */
    public Terminal enrol(String code, String name, String publicKeyB64, String remote) throws SQLException {
        try {
            TerminalSignature.publicKey(publicKeyB64);
        } catch (GeneralSecurityException e) {
            throw ApiException.badRequest("invalid_field", "\"publicKey\" must be a base64 Ed25519 SubjectPublicKeyInfo");
        }
        long now = clock.millis();
        Terminal t = new Terminal("t-" + Secrets.hex(8), name, publicKeyB64, now, null);
        boolean ok = store.db().transaction(() -> {
            if (!store.terminals().burnCode(Secrets.sha256Hex(code), now)) {
                return false;
            }
            store.terminals().insert(t);
            return true;
        });
        if (!ok) {
            audit.record("enrol", "failed", "", "", name, remote, "unknown, used or expired code");
            throw ApiException.forbidden("bad_enrolment_code", "the enrolment code is unknown, used or expired");
        }
        audit.record("enrol", "ok", "", t.id(), name, remote, "");
        return t;
    }

    /**
     * The terminal that signed {@code r}, or empty when the request carries no terminal headers.
     * Bad, stale, replayed or revoked signatures are refused (401/403).
     */
    public Optional<Terminal> verify(Request r) throws SQLException {
        Optional<String> id = r.header(TerminalSignature.ID_HEADER);
        if (id.isEmpty()) {
            return Optional.empty();
        }
        String time = r.header(TerminalSignature.TIME_HEADER).orElseThrow(() -> bad("missing " + TerminalSignature.TIME_HEADER));
        String sig = r.header(TerminalSignature.SIGNATURE_HEADER)
                .orElseThrow(() -> bad("missing " + TerminalSignature.SIGNATURE_HEADER));
        String nonce = r.header(TerminalSignature.NONCE_HEADER).orElse("");
        if (!nonce.matches("[A-Za-z0-9_-]{8,64}")) {
            throw bad("missing or bad " + TerminalSignature.NONCE_HEADER);
        }
        long t;
        try {
            t = Long.parseLong(time);
        } catch (NumberFormatException e) {
            throw bad("bad " + TerminalSignature.TIME_HEADER);
        }
        long now = clock.millis() / 1000;
        if (Math.abs(now - t) > skewSeconds) {
            throw bad("the terminal's clock is off by more than " + skewSeconds + " s");
        }
        Terminal terminal = store.terminals().find(id.get()).orElseThrow(() -> bad("unknown terminal"));
        if (!TerminalSignature.verify(terminal.publicKey(), sig, r.method(), r.target(), t, nonce, r.body())) {
            throw bad("the terminal signature does not verify");
        }
        if (terminal.revoked()) {
            throw ApiException.forbidden("terminal_revoked", "this terminal has been revoked");
        }
        remember(terminal.id(), nonce, clock.millis());
        return Optional.of(terminal);
    }

    public boolean revoke(String admin, String id) throws SQLException {
        boolean done = store.terminals().revoke(id, clock.millis());
        if (done) {
            store.sessions().revokeAllOfTerminal(id);
            audit.record("admin.terminal_revoke", "ok", admin, id, id, "", "");
        }
        return done;
    }

    private void remember(String terminalId, String nonce, long nowMs) throws SQLException {
        long last = lastSweep.get();
        if (nowMs - last >= SWEEP_EVERY_MS && lastSweep.compareAndSet(last, nowMs)) {
            // a nonce older than twice the skew belongs to a signature refused as stale anyway
            store.terminalNonces().sweep(nowMs - 2000L * skewSeconds - 1000);
        }
        if (!store.terminalNonces().firstUse(terminalId, nonce, nowMs)) {
            throw bad("replayed terminal nonce");
        }
    }

    private static ApiException bad(String message) {
        return ApiException.unauthorized("bad_terminal_signature", message);
    }
}
