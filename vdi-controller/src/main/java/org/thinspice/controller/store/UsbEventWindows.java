package org.thinspice.controller.store;

import java.sql.SQLException;
import java.util.Optional;

/**
 * Per-session one-minute windows of reported USB events, counted in the store so every controller spends
 * from the same budget. Each step is one single-row statement the database applies atomically, so two
 * controllers counting at once never both take the last event of a window.
 */
public final class UsbEventWindows {
    private final Database db;

    UsbEventWindows(Database db) {
        this.db = db;
    }

    /**
     * Takes one event from the session's window: 0 when taken, else the milliseconds until the window
     * ends. A window older than {@code windowMs} restarts with this event.
     */
    public long take(String sessionKey, long now, long windowMs, int perWindow) throws SQLException {
        for (int attempt = 0; attempt < 3; attempt++) {
            if (db.update("UPDATE usb_event_windows SET window_start = ?, events = 1 WHERE session_key = ? AND window_start <= ?",
                    now, sessionKey, now - windowMs) > 0) {
                return 0;
            }
            if (db.update("UPDATE usb_event_windows SET events = events + 1 WHERE session_key = ? AND window_start > ? "
                    + "AND events < ?", sessionKey, now - windowMs, perWindow) > 0) {
                return 0;
            }
            Optional<Long> start = db.one("SELECT window_start FROM usb_event_windows WHERE session_key = ?",
                    rs -> rs.getLong(1), sessionKey);
            if (start.isPresent()) {
                if (start.get() > now - windowMs) {
                    return Math.max(1, start.get() + windowMs - now);
                }
                continue; // it ended between the statements: restart it
            }
            try {
                db.update("INSERT INTO usb_event_windows (session_key, window_start, events) VALUES (?, ?, 1)", sessionKey, now);
                return 0;
            } catch (SQLException e) {
                if (!TerminalNonces.UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    throw e;
                }
                // another controller opened the window first: count in it
            }
        }
        throw new SQLException("the USB event window of one session kept changing under three attempts");
    }

    /** Removes windows that ended before {@code before}. */
    public int sweep(long before) throws SQLException {
        return db.update("DELETE FROM usb_event_windows WHERE window_start < ?", before);
    }

    public long count() throws SQLException {
        return db.one("SELECT COUNT(*) FROM usb_event_windows", rs -> rs.getLong(1)).orElse(0L);
    }
}
