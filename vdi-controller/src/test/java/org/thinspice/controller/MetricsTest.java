package org.thinspice.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * Prometheus metrics at {@code /metrics} (loopback peers): sign-ins by outcome, requests by route
 * template and status with histogram buckets, the connection pool's state; off when disabled.
 */
class MetricsTest {
    @Test
    void loginsRequestsAndThePoolAreCounted() throws Exception {
        try (Controller controller = Controller.start(Fixtures.config(Files.createTempDirectory("ts-metrics")))) {
            ApiClient alice = new ApiClient(controller.port()).login(Fixtures.USER, Fixtures.USER_PASSWORD);
            assertEquals(401, new ApiClient(controller.port()).post("/api/v1/auth/login",
                    ApiClient.obj("username", Fixtures.USER, "password", "wrong")).statusCode());
            assertEquals(200, alice.get("/api/v1/desktops").statusCode());
            assertEquals(404, alice.get("/api/v1/desktops/nope").statusCode());

            HttpResponse<String> r = alice.get("/metrics");
            assertEquals(200, r.statusCode());
            assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"), r.headers().toString());
            String m = r.body();
            assertTrue(m.contains("thinspice_logins_total{outcome=\"ok\",step=\"login\"} 1.0"), m);
            assertTrue(m.contains("thinspice_logins_total{outcome=\"failed\",step=\"login\"} 1.0"), m);
            assertTrue(m.contains("thinspice_http_requests_seconds_count{method=\"GET\",route=\"/api/v1/desktops\",status=\"200\"} 1"), m);
            assertTrue(m.contains("thinspice_http_requests_seconds_count{method=\"GET\",route=\"/api/v1/desktops/{id}\",status=\"404\"} 1"), m);
            assertTrue(m.contains("thinspice_http_requests_seconds_bucket{method=\"POST\",route=\"/api/v1/auth/login\""), m);
            assertTrue(m.contains("hikaricp_connections_active{pool=\"store\"}"), m);
            assertTrue(m.contains("hikaricp_connections_max{pool=\"store\"}"), m);
        }
    }

    @Test
    void disabledMeansNoEndpoint() throws Exception {
        ControllerConfig c = Fixtures.config(Files.createTempDirectory("ts-metrics-off"));
        c.metrics.enabled = false;
        try (Controller controller = Controller.start(c)) {
            assertEquals(404, new ApiClient(controller.port()).get("/metrics").statusCode());
        }
    }
}
