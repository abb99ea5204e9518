package org.thinspice.controller.store;

import java.sql.SQLException;

/**
 * Nonces of signed terminal requests seen within the clock-skew window, shared by every controller on the
 * store: a request replayed to another controller is refused there as well.
 */
public final class TerminalNonces {
    static final String UNIQUE_VIOLATION = "23505";
    private final Database db;

    TerminalNonces(Database db) {
        this.db = db;
    }

    /**
     * Records the nonce; false when it was seen before (a replay). Must not run inside a transaction (on
     * PostgreSQL the refused insert would end it).
     */
    public boolean firstUse(String terminalId, String nonce, long now) throws SQLException {
        try {
            db.update("INSERT INTO terminal_nonces (terminal_id, nonce, seen_at) VALUES (?, ?, ?)", terminalId, nonce, now);
            return true;
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                return false;
            }
            throw e;
        }
    }

    /** Forgets nonces seen before {@code before}: their signatures are stale by then anyway. */
    public int sweep(long before) throws SQLException {
        return db.update("DELETE FROM terminal_nonces WHERE seen_at < ?", before);
    }

    public long count() throws SQLException {
        return db.one("SELECT COUNT(*) FROM terminal_nonces", rs -> rs.getLong(1)).orElse(0L);
    }
}
