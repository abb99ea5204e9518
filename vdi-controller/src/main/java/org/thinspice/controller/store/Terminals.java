package org.thinspice.controller.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Terminals and the one-time enrolment codes (stored as SHA-256 hashes only). */
public final class Terminals {
    private final Database db;

    Terminals(Database db) {
        this.db = db;
    }

    public Optional<Terminal> find(String id) throws SQLException {
        return db.one("SELECT id, name, public_key, enrolled_at, revoked_at FROM terminals WHERE id = ?", Terminals::map, id);
    }

    public List<Terminal> list() throws SQLException {
        return db.query("SELECT id, name, public_key, enrolled_at, revoked_at FROM terminals ORDER BY enrolled_at",
                Terminals::map);
    }

    public void insert(Terminal t) throws SQLException {
        db.update("INSERT INTO terminals (id, name, public_key, enrolled_at, revoked_at) VALUES (?, ?, ?, ?, ?)",
                t.id(), t.name(), t.publicKey(), t.enrolledAt(), t.revokedAt());
    }

    public boolean revoke(String id, long at) throws SQLException {
        return db.update("UPDATE terminals SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", at, id) > 0;
    }

    public void insertCode(String codeHash, String createdBy, long expiresAt) throws SQLException {
        db.update("INSERT INTO enrolment_codes (code_hash, created_by, expires_at) VALUES (?, ?, ?)", codeHash, createdBy,
                expiresAt);
    }

    /** Marks an unused, unexpired code used; false when there is no such code (so it works once). */
    public boolean burnCode(String codeHash, long now) throws SQLException {
        return db.update("UPDATE enrolment_codes SET used_at = ? WHERE code_hash = ? AND used_at IS NULL AND expires_at > ?",
                now, codeHash, now) > 0;
    }

    private static Terminal map(ResultSet rs) throws SQLException {
        long revoked = rs.getLong(5);
        Long revokedAt = rs.wasNull() ? null : revoked;
        return new Terminal(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), revokedAt);
    }
}
