package org.thinspice.controller.store;

import java.sql.SQLException;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Schema migrations with Flyway: the numbered SQL scripts under {@code org/thinspice/controller/db}
 * ({@code V1__init.sql}, …), each applied once and recorded in {@code flyway_schema_history}.
 * Flyway holds a lock while it migrates (an advisory lock on PostgreSQL), so controllers that start
 * together on one database end with one schema. Scripts are never edited once released; a change
 * is a new script.
 *
 * <p>A store made before Flyway kept its versions in {@code schema_version}; such a store is taken
 * over at its recorded version (Flyway's baseline) and migrated on from there.
 */
public final class Migrations {
    static final String LOCATION = "classpath:org/thinspice/controller/db";

    private Migrations() {
    }

    /** Applies every script not yet applied; returns how many ran. */
    public static int apply(Database db) throws SQLException {
        try {
            var config = Flyway.configure().dataSource(db.dataSource()).locations(LOCATION);
            Optional<Integer> legacy = legacyVersion(db);
            if (legacy.isPresent()) {
                config = config.baselineOnMigrate(true).baselineVersion(legacy.get().toString())
                        .baselineDescription("taken over from schema_version");
            }
            MigrateResult result = config.load().migrate();
            return result.migrationsExecuted;
        } catch (FlywayException e) {
            throw new SQLException("schema migration failed: " + e.getMessage(), e);
        }
    }

    /** The version the pre-Flyway migrator recorded, if this store has its table. */
    private static Optional<Integer> legacyVersion(Database db) {
        try {
            return db.one("SELECT MAX(version) FROM schema_version", rs -> rs.getInt(1)).filter(v -> v > 0);
        } catch (SQLException noSuchTable) {
            return Optional.empty();
        }
    }
}
