package org.thinspice.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.thinspice.testbed.PostgresCluster;

/**
 * Restart on the same store: users, terminals and assignments survive — on the embedded H2 file and
 * on PostgreSQL ({@link PostgresCluster}).
 */
class StoreIT {
    @Test
    void embeddedStoreSurvivesARestart() throws Exception {
        ControllerConfig c = Fixtures.config(Files.createTempDirectory("ts-store"));
        survivesRestart(c);
    }

    @Test
    void postgresStoreSurvivesARestart() throws Exception {
        try (PostgresCluster pg = PostgresCluster.start(100)) {
            survivesRestart(Fixtures.onPostgres(pg, Fixtures.config(Files.createTempDirectory("ts-store-pg"))));
        }
    }

    private static void survivesRestart(ControllerConfig c) throws Exception {
        String terminalId;
        try (Controller first = Controller.start(c)) {
            ApiClient admin = new ApiClient(first.port()).login(Fixtures.ADMIN, Fixtures.ADMIN_PASSWORD);
            assertEquals(201, admin.post("/api/v1/admin/groups", ApiClient.obj("name", "night-shift")).statusCode());
            HttpResponse<String> u = admin.post("/api/v1/admin/users", ApiClient.obj("username", "bob", "password",
                    "bob-password-1", "role", "user"));
            assertEquals(201, u.statusCode(), u.body());
            HttpResponse<String> a = admin.post("/api/v1/admin/assignments", ApiClient.obj("desktop", "demo", "user", "bob",
                    "policy", "office"));
            assertEquals(201, a.statusCode(), a.body());
            terminalId = new ApiClient(first.port()).enrolWith(admin, "kiosk-7").terminalId;
        }
        try (Controller second = Controller.start(c)) {
            ApiClient admin = new ApiClient(second.port()).login(Fixtures.ADMIN, Fixtures.ADMIN_PASSWORD);
            new ApiClient(second.port()).login("bob", "bob-password-1");
            assertTrue(admin.get("/api/v1/admin/terminals").body().contains(terminalId));
            String assignments = admin.get("/api/v1/admin/assignments").body();
            assertTrue(assignments.contains("\"user\":\"bob\"") && assignments.contains("\"policy\":\"office\""), assignments);
            assertTrue(admin.get("/api/v1/admin/groups").body().contains("night-shift"));
            assertTrue(admin.get("/api/v1/admin/audit?limit=50").body().contains("admin.user_create"));
        }
    }
}
