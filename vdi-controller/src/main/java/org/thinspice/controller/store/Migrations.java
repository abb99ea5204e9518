package org.thinspice.controller.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.HashSet;

/**
 * Schema migrations: numbered SQL scripts ({@code db/V1__init.sql}, …) applied in order, each in its
 * own transaction together with its row in {@code schema_version}. Scripts are never edited once
 * released; a change is a new script.
 */
public final class Migrations {
    /** The scripts, in order. Add new ones at the end. */
    static final List<String> SCRIPTS = List.of("V1__init.sql", "V2__audit_outcome.sql");

    private Migrations() {
    }

    /** Applies every script not yet recorded; returns how many ran. */
    public static int apply(Database db) throws SQLException {
        db.update("CREATE TABLE IF NOT EXISTS schema_version (version INT PRIMARY KEY, script VARCHAR(200) NOT NULL, "
                + "applied_at BIGINT NOT NULL)");
        Set<Integer> done = new HashSet<>(db.query("SELECT version FROM schema_version", rs -> rs.getInt(1)));
        int ran = 0;
        for (int i = 0; i < SCRIPTS.size(); i++) {
            int version = i + 1;
            if (done.contains(version)) {
                continue;
            }
            String name = SCRIPTS.get(i);
            String sql = read(name);
            db.transaction(() -> {
                db.executeScript(sql);
                db.update("INSERT INTO schema_version (version, script, applied_at) VALUES (?, ?, ?)", version, name,
                        System.currentTimeMillis());
                return null;
            });
            ran++;
        }
        return ran;
    }

    private static String read(String name) throws SQLException {
        try (InputStream in = Migrations.class.getResourceAsStream("/org/thinspice/controller/db/" + name)) {
            if (in == null) {
                throw new SQLException("migration script missing: " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SQLException("cannot read migration " + name, e);
        }
    }
}
