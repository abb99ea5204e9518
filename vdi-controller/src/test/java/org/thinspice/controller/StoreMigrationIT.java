package org.thinspice.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.thinspice.testbed.PostgresCluster;

/**
 * Two controllers started at the same moment on one empty PostgreSQL database: both come up, the
 * schema is migrated once (each script one successful row in Flyway's history), the bootstrap seed
 * is stored once, and both serve sign-ins from it.
 */
class StoreMigrationIT {
    @Test
    void twoControllersStartingTogetherEndWithOneSchema() throws Exception {
        try (PostgresCluster pg = PostgresCluster.start(100)) {
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService starters = Executors.newFixedThreadPool(2);
            List<Future<Controller>> started = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                ControllerConfig c = Fixtures.onPostgres(pg, Fixtures.config(Files.createTempDirectory("ts-race")));
                started.add(starters.submit(() -> {
                    go.await();
                    return Controller.start(c);
                }));
            }
            go.countDown();
            List<Controller> controllers = new ArrayList<>();
            try {
                for (Future<Controller> f : started) {
                    controllers.add(f.get(120, TimeUnit.SECONDS));
                }
                try (Connection db = DriverManager.getConnection(pg.jdbcUrl(), "postgres", "");
                        Statement st = db.createStatement()) {
                    List<String> history = new ArrayList<>();
                    try (ResultSet rs = st.executeQuery(
                            "SELECT version, success FROM flyway_schema_history WHERE version IS NOT NULL ORDER BY installed_rank")) {
                        while (rs.next()) {
                            history.add(rs.getString(1) + ":" + rs.getBoolean(2));
                        }
                    }
                    assertEquals(List.of("1:true", "2:true", "3:true", "4:true", "5:true", "6:true", "7:true", "8:true", "9:true"), history, "each script applied exactly once");
                    try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM users")) {
                        rs.next();
                        assertEquals(2, rs.getInt(1), "the seed was stored more than once or not at all");
                    }
                    try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM information_schema.tables "
                            + "WHERE table_schema = 'public' AND table_name = 'users'")) {
                        rs.next();
                        assertEquals(1, rs.getInt(1));
                    }
                    for (String table : List.of("terminal_nonces", "usb_event_windows")) {
                        try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM information_schema.tables "
                                + "WHERE table_schema = 'public' AND table_name = '" + table + "'")) {
                            rs.next();
                            assertEquals(1, rs.getInt(1), table + " (V8)");
                        }
                    }
                }
                for (Controller c : controllers) {
                    assertTrue(new ApiClient(c.port()).login(Fixtures.USER, Fixtures.USER_PASSWORD).token != null);
                    java.net.http.HttpResponse<String> ready = new ApiClient(c.port()).get("/api/v1/health/ready");
                    assertEquals("ok", ApiClient.json(ready).getAsJsonObject("checks").get("store").getAsString(), ready.body());
                }
                // a session made on one controller is good on the other
                ApiClient first = new ApiClient(controllers.get(0).port()).login(Fixtures.USER, Fixtures.USER_PASSWORD);
                ApiClient second = new ApiClient(controllers.get(1).port());
                second.token = first.token;
                assertEquals(200, second.get("/api/v1/desktops").statusCode());
            } finally {
                for (Future<Controller> f : started) {
                    if (f.isDone() && !f.isCancelled()) {
                        try {
                            f.get().close();
                        } catch (Exception failedToStart) {
                            // the assertion above reports it
                        }
                    }
                }
                starters.shutdownNow();
            }
        }
    }
}
