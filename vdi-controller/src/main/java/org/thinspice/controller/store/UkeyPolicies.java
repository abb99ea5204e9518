package org.thinspice.controller.store;

import java.sql.SQLException;
import java.util.Optional;

/** UKEY policies stored per user ({@code subject_kind} "user") and per group ("group"). */
public final class UkeyPolicies {
    public static final String USER = "user";
    public static final String GROUP = "group";
    private final Database db;

    UkeyPolicies(Database db) {
        this.db = db;
    }

    public UkeyPolicy of(String kind, String subject) throws SQLException {
        Optional<UkeyPolicy> p = db.one("SELECT login, removal, self_enrol FROM ukey_policies WHERE subject_kind = ? AND subject = ?",
                rs -> {
                    String login = rs.getString(1);
                    String removal = rs.getString(2);
                    boolean self = rs.getBoolean(3);
                    return new UkeyPolicy(login, removal, rs.wasNull() ? null : self);
                }, kind, subject);
        return p.orElse(UkeyPolicy.unset());
    }

    /** Stores {@code p}; an all-unset policy removes the row. */
    public void put(String kind, String subject, UkeyPolicy p) throws SQLException {
        db.transaction(() -> {
            db.update("DELETE FROM ukey_policies WHERE subject_kind = ? AND subject = ?", kind, subject);
            if (!p.isUnset()) {
                db.update("INSERT INTO ukey_policies (subject_kind, subject, login, removal, self_enrol) VALUES (?, ?, ?, ?, ?)",
                        kind, subject, p.login(), p.removal(), p.selfEnrol());
            }
            return null;
        });
    }

    public void delete(String kind, String subject) throws SQLException {
        db.update("DELETE FROM ukey_policies WHERE subject_kind = ? AND subject = ?", kind, subject);
    }
}
