package org.thinspice.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.thinspice.controller.http.ApiServer;

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

    @Test
    void aStopLetsTheRequestsInFlightFinish() throws Exception {
        ControllerConfig c = Fixtures.config(Files.createTempDirectory("ts-graceful"));
        c.provider.qemuBinary = "/bin/true";
        // a sign-in that hashes for a few seconds: in flight when the stop comes
        c.auth.passwordIterations = 4_000_000;
        Controller controller = Controller.start(c);
        ApiClient client = new ApiClient(controller.port());
        // how long one sign-in takes here: the stop comes a third of that into the next one
        long t = System.nanoTime();
        HttpResponse<String> first = client.post("/api/v1/auth/login", ApiClient.obj("username", Fixtures.USER, "password",
                Fixtures.USER_PASSWORD));
        assertEquals(200, first.statusCode(), first.body());
        long signInMs = (System.nanoTime() - t) / 1_000_000;
        CompletableFuture<HttpResponse<String>> login = CompletableFuture.supplyAsync(() -> {
            try {
                return client.post("/api/v1/auth/login", ApiClient.obj("username", Fixtures.USER, "password", Fixtures.USER_PASSWORD));
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });
        Thread.sleep(Math.max(50, signInMs / 3));
        assertFalse(login.isDone(), "the sign-in (" + signInMs + " ms the first time) was not in flight when the stop came");
        long t0 = System.nanoTime();
        controller.close();
        long stopMs = (System.nanoTime() - t0) / 1_000_000;
        HttpResponse<String> r = login.get(5, TimeUnit.SECONDS);
        assertEquals(200, r.statusCode(), "the sign-in in flight was cut by the stop: " + r.body());
        assertTrue(ApiClient.json(r).has("token"), r.body());
        assertTrue(stopMs < STOP_LIMIT_MS, "the stop waited " + stopMs + " ms");
    }

    private static final long STOP_LIMIT_MS = ApiServer.IN_FLIGHT_WAIT.toMillis() + 5_000;
}
