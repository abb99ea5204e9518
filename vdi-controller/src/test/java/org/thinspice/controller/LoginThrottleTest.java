package org.thinspice.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Sign-in throttling per user name and per source address, with {@code Retry-After}; the counters
 * live in the store, so a second controller on the same store refuses as well.
 */
class LoginThrottleTest {
    private static ControllerConfig config(Path dir) {
        ControllerConfig c = Fixtures.config(dir);
        c.auth.maxFailures = 3;
        c.auth.lockSeconds = 120;
        c.auth.maxFailuresPerAddress = 6;
        c.auth.addressWindowSeconds = 600;
        c.auth.addressLockSeconds = 90;
        return c;
    }

    private static HttpResponse<String> login(int port, String user, String password) throws Exception {
        return new ApiClient(port).post("/api/v1/auth/login", ApiClient.obj("username", user, "password", password));
    }

    private static void assertRefused(HttpResponse<String> r, String code, int maxSeconds) {
        assertEquals(429, r.statusCode(), r.body());
        assertEquals(code, ApiClient.json(r).get("error").getAsString(), r.body());
        int retry = Integer.parseInt(r.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retry > 0 && retry <= maxSeconds, "Retry-After " + retry);
        assertEquals(retry, ApiClient.json(r).get("retryAfterSeconds").getAsInt());
    }

    @Test
    void aNameAndThenTheAddressAreLockedAndASecondControllerOnTheStoreSeesIt() throws Exception {
        Path dir = Files.createTempDirectory("ts-throttle");
        ControllerConfig first = config(dir);
        first.store.url = "jdbc:h2:file:" + dir.resolve("shared-store");
        ControllerConfig second = config(Files.createTempDirectory("ts-throttle-2"));
        second.store.url = first.store.url;
        try (Controller a = Controller.start(first); Controller b = Controller.start(second)) {
            // per name: three wrong passwords for carol lock carol, on both controllers
            for (int i = 0; i < 3; i++) {
                assertEquals(401, login(a.port(), "carol", "wrong").statusCode());
            }
            assertRefused(login(a.port(), "carol", "wrong"), "account_locked", 120);
            assertRefused(login(b.port(), "carol", "whatever"), "account_locked", 120);
            assertEquals(200, login(b.port(), Fixtures.USER, Fixtures.USER_PASSWORD).statusCode(),
                    "another name from the same address is not locked yet");

            // per address: spraying different names from one address; 3 failures so far, 3 more lock it
            for (String name : new String[] {"dave", "erin", "frank"}) {
                assertEquals(401, login(b.port(), name, "wrong").statusCode());
            }
            assertRefused(login(b.port(), Fixtures.USER, Fixtures.USER_PASSWORD), "too_many_attempts", 90);
            assertRefused(login(a.port(), "grace", "x"), "too_many_attempts", 90);
        }
    }
}
