package org.thinspice.controller.store;

import java.sql.SQLException;
import java.util.Optional;

/** Power tasks. */
public final class Tasks {
    private final Database db;

    Tasks(Database db) {
        this.db = db;
    }

    public void insert(Task t) throws SQLException {
        db.update("INSERT INTO tasks (id, desktop_id, username, action, state, detail, started_at, finished_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", t.id(), t.desktopId(), t.username(), t.action(), t.state(),
                t.detail(), t.startedAt(), t.finishedAt());
    }

    public void finish(String id, String state, String detail, long at) throws SQLException {
        db.update("UPDATE tasks SET state = ?, detail = ?, finished_at = ? WHERE id = ?", state, detail, at, id);
    }

    public Optional<Task> find(String id) throws SQLException {
        return db.one("SELECT id, desktop_id, username, action, state, detail, started_at, finished_at FROM tasks WHERE id = ?",
                rs -> {
                    long fin = rs.getLong(8);
                    Long finishedAt = rs.wasNull() ? null : fin;
                    return new Task(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), rs.getLong(7), finishedAt);
                }, id);
    }
}
