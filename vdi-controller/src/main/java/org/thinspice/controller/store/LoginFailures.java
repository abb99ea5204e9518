package org.thinspice.controller.store;

import java.sql.SQLException;

/** Failed sign-in counts per user name (known or not, so lockout does not reveal which names exist). */
public final class LoginFailures {
    private final Database db;

    LoginFailures(Database db) {
        this.db = db;
    }

    /** Epoch ms until which the name is locked, or 0. */
    public long lockedUntil(String username) throws SQLException {
        return db.one("SELECT locked_until FROM login_failures WHERE username = ?", rs -> rs.getLong(1), username).orElse(0L);
    }

    /** Counts a failure; after {@code maxFailures} in a row the name is locked for {@code lockMs}. Returns the new lock end or 0. */
    public long recordFailure(String username, int maxFailures, long lockMs, long now) throws SQLException {
        return db.transaction(() -> {
            int failures = db.one("SELECT failures FROM login_failures WHERE username = ?", rs -> rs.getInt(1), username)
                    .orElse(0) + 1;
            long lockedUntil = 0;
            if (failures >= maxFailures) {
                lockedUntil = now + lockMs;
                failures = 0;
            }
            if (db.update("UPDATE login_failures SET failures = ?, locked_until = ? WHERE username = ?", failures,
                    lockedUntil, username) == 0) {
                db.update("INSERT INTO login_failures (username, failures, locked_until) VALUES (?, ?, ?)", username,
                        failures, lockedUntil);
            }
            return lockedUntil;
        });
    }

    public void clear(String username) throws SQLException {
        db.update("DELETE FROM login_failures WHERE username = ?", username);
    }
}
