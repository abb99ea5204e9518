package org.thinspice.controller.store;

import java.sql.SQLException;

/**
 * Failed sign-in counts per source address, whatever user names they tried, kept in the store so
 * every controller on it sees them. Failures count within a window; {@code maxFailures} of them in
 * one window lock the address for a while.
 */
public final class AddressFailures {
    private final Database db;

    AddressFailures(Database db) {
        this.db = db;
    }

    /** Epoch ms until which the address is locked, or 0. */
    public long lockedUntil(String address) throws SQLException {
        return db.one("SELECT locked_until FROM address_failures WHERE address = ?", rs -> rs.getLong(1), address).orElse(0L);
    }

    /**
     * Counts a failure from {@code address}. Returns the new lock end, or 0 when not locked.
     *
     * @param windowMs failures older than this (counted from the window's first one) are forgotten
     */
    public long recordFailure(String address, int maxFailures, long windowMs, long lockMs, long now) throws SQLException {
        return db.transaction(() -> {
            long[] row = db.one("SELECT failures, window_start FROM address_failures WHERE address = ?",
                    rs -> new long[] {rs.getInt(1), rs.getLong(2)}, address).orElse(null);
            int failures = 1;
            long windowStart = now;
            if (row != null && now - row[1] < windowMs) {
                failures = (int) row[0] + 1;
                windowStart = row[1];
            }
            long lockedUntil = 0;
            if (failures >= maxFailures) {
                lockedUntil = now + lockMs;
                failures = 0;
                windowStart = now;
            }
            if (row == null) {
                db.update("INSERT INTO address_failures (address, failures, window_start, locked_until) VALUES (?, ?, ?, ?)",
                        address, failures, windowStart, lockedUntil);
            } else {
                db.update("UPDATE address_failures SET failures = ?, window_start = ?, locked_until = ? WHERE address = ?",
                        failures, windowStart, lockedUntil, address);
            }
            return lockedUntil;
        });
    }
}
