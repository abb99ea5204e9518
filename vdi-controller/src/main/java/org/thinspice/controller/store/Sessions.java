package org.thinspice.controller.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** Sessions and pending second-factor challenges. */
public final class Sessions {
    private static final String COLUMNS = "token_hash, username, role, terminal_id, created_at, expires_at, revoked, provider_state";
    /** How long a used or expired challenge is kept, to name a replay as such. */
    static final long KEEP_USED_CHALLENGES_MS = 3_600_000;
    private final Database db;

    Sessions(Database db) {
        this.db = db;
    }

    public void insert(Session s) throws SQLException {
        db.update("INSERT INTO sessions (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)", s.tokenHash(), s.username(),
                s.role(), s.terminalId(), s.createdAt(), s.expiresAt(), s.revoked(), s.providerState());
    }

    public Optional<Session> find(String tokenHash) throws SQLException {
        return db.one("SELECT " + COLUMNS + " FROM sessions WHERE token_hash = ?", Sessions::map, tokenHash);
    }

    /** Revokes a live session; false when it was already revoked (so a token is swapped only once). */
    public boolean revoke(String tokenHash) throws SQLException {
        return db.update("UPDATE sessions SET revoked = ? WHERE token_hash = ? AND revoked = ?", true, tokenHash, false) > 0;
    }

    /** Replaces the platform state of a session (a renewed platform ticket). */
    public void updateProviderState(String tokenHash, String providerState) throws SQLException {
        db.update("UPDATE sessions SET provider_state = ? WHERE token_hash = ?", providerState, tokenHash);
    }

    public void revokeAllOf(String username) throws SQLException {
        db.update("UPDATE sessions SET revoked = ? WHERE username = ?", true, username);
    }

    public void revokeAllOfTerminal(String terminalId) throws SQLException {
        db.update("UPDATE sessions SET revoked = ? WHERE terminal_id = ?", true, terminalId);
    }

    public void deleteExpired(long now) throws SQLException {
        db.update("DELETE FROM sessions WHERE expires_at < ?", now);
        db.update("DELETE FROM login_challenges WHERE expires_at < ?", now - KEEP_USED_CHALLENGES_MS);
    }

    public void insertChallenge(LoginChallenge c) throws SQLException {
        db.update("INSERT INTO login_challenges (id, username, terminal_id, nonce, methods, expires_at, provider_state) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?)", c.id(), c.username(), c.terminalId(), c.nonce(), String.join(",", c.methods()),
                c.expiresAt(), c.providerState());
    }

    /** What taking a challenge found: the challenge, and when it was used before (0 when this is its first use). */
    public record Taken(LoginChallenge challenge, long usedBefore) {
    }

    /**
     * Marks a challenge used and returns it with when it had been used before, if it had: a challenge
     * answers once, right or wrong — but only when {@code terminalId} is the terminal it was issued to; an
     * answer from any other terminal is returned unspent (the caller refuses it). Used and expired challenges stay until {@link #deleteExpired} (an
     * hour past their expiry), so a replay is told apart from an id never issued.
     */
    public Optional<Taken> takeChallenge(String id, String terminalId, long now) throws SQLException {
        return db.transaction(() -> {
            Optional<Taken> c = db.one("SELECT id, username, terminal_id, nonce, methods, expires_at, provider_state, used_at "
                    + "FROM login_challenges WHERE id = ?", rs -> {
                        long used = rs.getLong(8);
                        return new Taken(new LoginChallenge(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                java.util.List.of(rs.getString(5).split(",")), rs.getLong(6), rs.getString(7)), used);
                    }, id);
            // only the terminal it was issued to spends it: another terminal's answer leaves it to its owner
            if (c.isPresent() && c.get().usedBefore() == 0 && c.get().challenge().terminalId().equals(terminalId)
                    && db.update("UPDATE login_challenges SET used_at = ? WHERE id = ? AND used_at IS NULL", now, id) == 0) {
                // another answer took it between the read and the update: this one is the replay
                return Optional.of(new Taken(c.get().challenge(), now));
            }
            return c;
        });
    }

    private static Session map(ResultSet rs) throws SQLException {
        return new Session(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5),
                rs.getLong(6), rs.getBoolean(7), rs.getString(8));
    }
}
