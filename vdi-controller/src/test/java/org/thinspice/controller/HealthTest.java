package org.thinspice.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * Liveness and readiness: live answers without looking at anything; ready is 200 while the store and the platform
 * answer, 503 naming the check once the controller is stopping — while live stays 200. (A store outage: the real
 * PostgreSQL stopped in DatabaseRestartIT.)
 */
class HealthTest {
    @Test
    void readinessFollowsTheStoreAndStoppingLivenessDoesNot() throws Exception {
        ControllerConfig c = Fixtures.config(Files.createTempDirectory("ts-health"));
        c.provider.qemuBinary = "/bin/true"; // an executable: the local-qemu probe checks only that
        try (Controller controller = Controller.start(c)) {
            ApiClient client = new ApiClient(controller.port());
            assertEquals(200, client.get("/api/v1/health").statusCode());
            assertEquals(200, client.get("/api/v1/health/live").statusCode());
            HttpResponse<String> ready = client.get("/api/v1/health/ready");
            assertEquals(200, ready.statusCode(), ready.body());
            JsonObject o = ApiClient.json(ready);
            assertEquals("ready", o.get("status").getAsString());
            assertEquals("ok", o.getAsJsonObject("checks").get("store").getAsString());
            assertEquals("ok", o.getAsJsonObject("checks").get("provider").getAsString());

            controller.stopping();
            HttpResponse<String> stopping = client.get("/api/v1/health/ready");
            assertEquals(503, stopping.statusCode(), stopping.body());
            assertEquals("stopping", ApiClient.json(stopping).getAsJsonObject("checks").get("controller").getAsString());
            assertEquals(200, client.get("/api/v1/health/live").statusCode(), "still alive while stopping");

        }
    }
}
