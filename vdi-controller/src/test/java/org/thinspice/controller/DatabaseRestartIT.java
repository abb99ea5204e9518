package org.thinspice.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.thinspice.testbed.PostgresCluster;

/**
 * PostgreSQL restarted under a steady login load, the controller left running: logins fail at most
 * from the moment the database goes down until 5 s after it accepts connections again, and every
 * login after that succeeds (the pool drops the dead connections and opens new ones by itself).
 */
class DatabaseRestartIT {
    private static final int CLIENTS = 3;
    private static final long GRACE_MS = 5_000;

    /** One login's outcome, at the time its answer came. */
    private record Outcome(long atMs, boolean ok, String detail) {
    }

    @Test
    void loginsRecoverWithin5sOfARestartWithoutRestartingTheController() throws Exception {
        try (PostgresCluster pg = PostgresCluster.start(100);
                Controller controller = Controller.start(Fixtures.onPostgres(pg, Fixtures.config(Files.createTempDirectory("ts-pg-restart"))))) {
            List<Outcome> outcomes = Collections.synchronizedList(new ArrayList<>());
            AtomicBoolean running = new AtomicBoolean(true);
            long origin = System.nanoTime();
            ExecutorService load = Executors.newFixedThreadPool(CLIENTS);
            List<Future<?>> clients = new ArrayList<>();
            byte[] body = ("{\"username\":\"" + Fixtures.USER + "\",\"password\":\"" + Fixtures.USER_PASSWORD + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < CLIENTS; i++) {
                clients.add(load.submit(() -> {
                    ApiClient client = new ApiClient(controller.port());
                    while (running.get()) {
                        boolean ok;
                        String detail;
                        try {
                            HttpResponse<String> r = client.call("POST", "/api/v1/auth/login", "application/json", body);
                            ok = r.statusCode() == 200;
                            if (!ok && r.statusCode() != 503) {
                                throw new AssertionError("a failure that is not 503 store_unavailable: " + r.statusCode() + " " + r.body());
                            }
                            detail = r.statusCode() + " " + r.body();
                        } catch (Exception e) {
                            ok = false;
                            detail = e.toString();
                        }
                        outcomes.add(new Outcome((System.nanoTime() - origin) / 1_000_000, ok, detail));
                        Thread.sleep(20);
                    }
                    return null;
                }));
            }
            // logins work before the stop (on a loaded machine the first ones can take seconds)
            long waitUntil = System.nanoTime() + 60_000_000_000L;
            while (outcomes.stream().noneMatch(Outcome::ok) && System.nanoTime() < waitUntil) {
                Thread.sleep(100);
            }
            Thread.sleep(1_000);
            long downAt = (System.nanoTime() - origin) / 1_000_000;
            pg.stop();
            // longer than the pool's connection timeout, so logins do fail while it is down
            Thread.sleep(2_500);
            // meanwhile the controller is alive but not ready, and says why
            ApiClient probe = new ApiClient(controller.port());
            HttpResponse<String> ready = probe.get("/api/v1/health/ready");
            assertEquals(503, ready.statusCode(), ready.body());
            assertTrue(ApiClient.json(ready).getAsJsonObject("checks").get("store").getAsString().startsWith("unreachable"),
                    ready.body());
            assertEquals(200, probe.get("/api/v1/health/live").statusCode(), "a database outage restarts nothing");
            Thread.sleep(2_500);
            pg.startAgain();
            long upAt = (System.nanoTime() - origin) / 1_000_000;
            Thread.sleep(GRACE_MS + 10_000);
            running.set(false);
            for (Future<?> f : clients) {
                f.get(60, TimeUnit.SECONDS);
            }
            load.shutdown();

            List<Outcome> all = new ArrayList<>(outcomes);
            long failures = all.stream().filter(o -> !o.ok()).count();
            long lastFailure = all.stream().filter(o -> !o.ok()).mapToLong(Outcome::atMs).max().orElse(-1);
            long after = all.stream().filter(o -> o.atMs() > upAt + GRACE_MS).count();
            System.out.printf("database restart: down at %d ms, up at %d ms (%d ms), %d logins, %d failed, last failure at"
                    + " %d ms (%d ms after it was up), %d logins after the grace%n", downAt, upAt, upAt - downAt,
                    all.size(), failures, lastFailure, lastFailure < 0 ? 0 : lastFailure - upAt, after);
            assertTrue(all.stream().anyMatch(o -> o.ok() && o.atMs() < downAt), "no login worked before the restart");
            assertTrue(failures > 0, "no login failed while the database was down: the restart did not happen");
            for (Outcome o : all) {
                if (!o.ok()) {
                    assertTrue(o.atMs() >= downAt && o.atMs() <= upAt + GRACE_MS,
                            "a login failed at " + o.atMs() + " ms, outside the restart (" + downAt + "–" + upAt
                                    + " ms) + 5 s: " + o.detail());
                }
            }
            assertTrue(after > 50, "too few logins after the restart to tell: " + after);
            HttpResponse<String> readyAgain = new ApiClient(controller.port()).get("/api/v1/health/ready");
            assertEquals("ok", ApiClient.json(readyAgain).getAsJsonObject("checks").get("store").getAsString(), readyAgain.body());
        }
    }
}
