package org.thinspice.controller.store;

import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Users, groups and group membership. */
public final class Users {
    private final Database db;

    Users(Database db) {
        this.db = db;
    }

    public Optional<User> find(String username) throws SQLException {
        Optional<User> u = db.one("SELECT username, password_hash, role, second_factor_key FROM users WHERE username = ?",
                rs -> new User(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), List.of()), username);
        if (u.isEmpty()) {
            return u;
        }
        User x = u.get();
        return Optional.of(new User(x.username(), x.passwordHash(), x.role(), x.secondFactorKey(), groupsOf(username)));
    }

    public List<User> list() throws SQLException {
        List<User> bare = db.query("SELECT username, password_hash, role, second_factor_key FROM users ORDER BY username",
                rs -> new User(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), List.of()));
        List<User> out = new java.util.ArrayList<>();
        for (User u : bare) {
            out.add(new User(u.username(), u.passwordHash(), u.role(), u.secondFactorKey(), groupsOf(u.username())));
        }
        return out;
    }

    public long count() throws SQLException {
        return db.one("SELECT COUNT(*) FROM users", rs -> rs.getLong(1)).orElse(0L);
    }

    public void insert(User u) throws SQLException {
        db.transaction(() -> {
            db.update("INSERT INTO users (username, password_hash, role, second_factor_key, created_at) VALUES (?, ?, ?, ?, ?)",
                    u.username(), u.passwordHash(), u.role(), u.secondFactorKey(), System.currentTimeMillis());
            setGroups(u.username(), u.groups());
            return null;
        });
    }

    public void update(User u) throws SQLException {
        db.transaction(() -> {
            db.update("UPDATE users SET password_hash = ?, role = ?, second_factor_key = ? WHERE username = ?",
                    u.passwordHash(), u.role(), u.secondFactorKey(), u.username());
            setGroups(u.username(), u.groups());
            return null;
        });
    }

    public boolean delete(String username) throws SQLException {
        return db.update("DELETE FROM users WHERE username = ?", username) > 0;
    }

    public List<String> groupsOf(String username) throws SQLException {
        return db.query("SELECT group_name FROM group_members WHERE username = ? ORDER BY group_name",
                rs -> rs.getString(1), username);
    }

    public List<String> groups() throws SQLException {
        return db.query("SELECT name FROM user_groups ORDER BY name", rs -> rs.getString(1));
    }

    public boolean groupExists(String name) throws SQLException {
        return db.one("SELECT name FROM user_groups WHERE name = ?", rs -> rs.getString(1), name).isPresent();
    }

    public void insertGroup(String name) throws SQLException {
        db.update("INSERT INTO user_groups (name, created_at) VALUES (?, ?)", name, System.currentTimeMillis());
    }

    public boolean deleteGroup(String name) throws SQLException {
        return db.update("DELETE FROM user_groups WHERE name = ?", name) > 0;
    }

    private void setGroups(String username, List<String> groups) throws SQLException {
        db.update("DELETE FROM group_members WHERE username = ?", username);
        for (String g : groups) {
            db.update("INSERT INTO group_members (group_name, username) VALUES (?, ?)", g, username);
        }
    }
}
