package org.thinspice.controller.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Flyway migrates a new store from scratch, and takes over a store the old migrator made at its version. */
class MigrationsTest {
    @Test
    void migratesAnEmptyStoreOnceAndThenNothing() throws Exception {
        String url = "jdbc:h2:file:" + Files.createTempDirectory("ts-mig").resolve("store");
        try (Database db = new Database(url, "", "", 2)) {
            assertEquals(9, Migrations.apply(db));
            assertEquals(0, Migrations.apply(db));
            assertEquals(List.of("1", "2", "3", "4", "5", "6", "7", "8", "9"), history(db));
        }
    }

    @Test
    void takesOverAStoreTheOldMigratorMade() throws Exception {
        Path dir = Files.createTempDirectory("ts-mig-old");
        String url = "jdbc:h2:file:" + dir.resolve("store");
        // what the hand-written migrator left: both scripts applied, recorded in schema_version
        try (Connection c = DriverManager.getConnection(url, "", ""); Statement st = c.createStatement()) {
            for (String script : List.of("V1__init.sql", "V2__audit_outcome.sql")) {
                for (String sql : read(script).replaceAll("(?m)^\\s*--.*$", "").split(";\\s*(\\r?\\n|$)")) {
                    if (!sql.isBlank()) {
                        st.execute(sql);
                    }
                }
            }
            st.execute("CREATE TABLE schema_version (version INT PRIMARY KEY, script VARCHAR(200) NOT NULL, applied_at BIGINT NOT NULL)");
            st.execute("INSERT INTO schema_version VALUES (1, 'V1__init.sql', 0), (2, 'V2__audit_outcome.sql', 0)");
            st.execute("INSERT INTO users (username, role, created_at) VALUES ('kept', 'user', 0)");
            st.execute("INSERT INTO policies (id, clipboard, usb_redirect, usb_filter, actions) VALUES "
                    + "('usb', 'none', TRUE, '-1,-1,-1,-1,1', ''), ('nousb', 'none', FALSE, '-1,-1,-1,-1,1', '')");
        }
        try (Database db = new Database(url, "", "", 2)) {
            assertEquals(7, Migrations.apply(db), "re-ran a script the old migrator had applied, or skipped V3 to V9");
            assertEquals(List.of("2", "3", "4", "5", "6", "7", "8", "9"), history(db));
            assertEquals(1L, (long) db.one("SELECT COUNT(*) FROM users", rs -> rs.getLong(1)).orElseThrow());
            // V4: a policy that redirected USB shared devices automatically before, so it keeps doing that
            Policies policies = new Policies(db);
            assertEquals(true, policies.find("usb").orElseThrow().usbAutoshare());
            assertEquals(false, policies.find("nousb").orElseThrow().usbAutoshare());
            // V6: no existing policy starts sharing the terminal's smartcard
            assertEquals(false, policies.find("usb").orElseThrow().smartcardShare());
        }
    }

    private static List<String> history(Database db) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT \"version\" FROM \"flyway_schema_history\" WHERE \"success\" AND \"version\" IS NOT NULL ORDER BY \"installed_rank\"")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static String read(String name) throws Exception {
        try (InputStream in = MigrationsTest.class.getResourceAsStream("/org/thinspice/controller/db/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
