package org.thinspice.controller.store;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Power tasks. */
public final class Tasks {
    private final Database db;

    Tasks(Database db) {
        this.db = db;
    }

    public void insert(Task t) throws SQLException {
        db.update("INSERT INTO tasks (id, desktop_id, username, action, state, detail, started_at, finished_at, heartbeat_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", t.id(), t.desktopId(), t.username(), t.action(), t.state(),
                t.detail(), t.startedAt(), t.finishedAt(), t.startedAt());
    }

    /** The running controller's word that these of its tasks are still being worked on. */
    public void heartbeat(Collection<String> ids, long now) throws SQLException {
        for (String id : ids) {
            db.update("UPDATE tasks SET heartbeat_at = ? WHERE id = ? AND state = 'running'", now, id);
        }
    }

    /**
     * Ends as {@code failed} every running task whose controller has not said it is alive since {@code silentSince}
     * (a controller that was killed or lost its host), and returns them as they are now. Each is taken by one
     * controller only, even when several sweep at once.
     */
    public List<Task> abandon(long silentSince, long now, String detail) throws SQLException {
        List<Task> silent = db.query("SELECT id, desktop_id, username, action, state, detail, started_at, finished_at FROM tasks "
                + "WHERE state = 'running' AND COALESCE(heartbeat_at, started_at) < ?", Tasks::map, silentSince);
        List<Task> ended = new ArrayList<>();
        for (Task t : silent) {
            if (db.update("UPDATE tasks SET state = 'failed', detail = ?, finished_at = ? WHERE id = ? AND state = 'running' "
                    + "AND COALESCE(heartbeat_at, started_at) < ?", detail, now, t.id(), silentSince) == 1) {
                ended.add(new Task(t.id(), t.desktopId(), t.username(), t.action(), "failed", detail, t.startedAt(), now));
            }
        }
        return ended;
    }

    public void finish(String id, String state, String detail, long at) throws SQLException {
        db.update("UPDATE tasks SET state = ?, detail = ?, finished_at = ? WHERE id = ?", state, detail, at, id);
    }

    public Optional<Task> find(String id) throws SQLException {
        return db.one("SELECT id, desktop_id, username, action, state, detail, started_at, finished_at FROM tasks WHERE id = ?",
                Tasks::map, id);
    }

    private static Task map(java.sql.ResultSet rs) throws SQLException {
        long fin = rs.getLong(8);
        Long finishedAt = rs.wasNull() ? null : fin;
        return new Task(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getLong(7), finishedAt);
    }
}
