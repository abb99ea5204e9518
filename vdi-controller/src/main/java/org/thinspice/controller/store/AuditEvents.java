package org.thinspice.controller.store;

import java.sql.SQLException;
import java.util.List;
import org.thinspice.controller.audit.AuditEvent;

/** The audit trail in the store. */
public final class AuditEvents {
    private final Database db;

    AuditEvents(Database db) {
        this.db = db;
    }

    public void insert(AuditEvent e) throws SQLException {
        db.update("INSERT INTO audit_events (at, event, outcome, username, terminal_id, target, remote, detail, request_id) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", e.at(), e.event(), e.outcome(), e.username(), e.terminalId(),
                e.target(), e.remote(), e.detail(), e.requestId() == null || e.requestId().isEmpty() ? null : e.requestId());
    }

    /** The newest {@code limit} events, newest first. */
    public List<AuditEvent> latest(int limit) throws SQLException {
        return db.query("SELECT at, event, outcome, username, terminal_id, target, remote, detail, request_id FROM audit_events "
                + "ORDER BY id DESC FETCH FIRST " + limit + " ROWS ONLY", rs -> new AuditEvent(rs.getLong(1),
                rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
                rs.getString(8), rs.getString(9) == null ? "" : rs.getString(9)));
    }
}
