package org.thinspice.controller.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Desktop assignments to users and groups. */
public final class Assignments {
    private static final String COLUMNS = "id, desktop_id, principal_type, principal, policy_id";
    private final Database db;

    Assignments(Database db) {
        this.db = db;
    }

    public List<Assignment> list() throws SQLException {
        return db.query("SELECT " + COLUMNS + " FROM assignments ORDER BY desktop_id, principal", Assignments::map);
    }

    /** The assignments that reach {@code username} directly or through one of {@code groups}. */
    public List<Assignment> forUser(String username, List<String> groups) throws SQLException {
        List<Assignment> out = new ArrayList<>(db.query("SELECT " + COLUMNS
                + " FROM assignments WHERE principal_type = 'user' AND principal = ?", Assignments::map, username));
        for (String g : groups) {
            out.addAll(db.query("SELECT " + COLUMNS + " FROM assignments WHERE principal_type = 'group' AND principal = ?",
                    Assignments::map, g));
        }
        return out;
    }

    public void insert(Assignment a) throws SQLException {
        db.update("INSERT INTO assignments (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?)", a.id(), a.desktopId(),
                a.principalType(), a.principal(), a.policyId());
    }

    public boolean delete(String id) throws SQLException {
        return db.update("DELETE FROM assignments WHERE id = ?", id) > 0;
    }

    private static Assignment map(ResultSet rs) throws SQLException {
        return new Assignment(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5));
    }
}
