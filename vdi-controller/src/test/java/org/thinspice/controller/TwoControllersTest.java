package org.thinspice.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Two controllers on one store answer as one: a session made on one works on the other, a signed terminal request
 * replayed to the other controller is refused there, USB events count against one budget, and every request's id
 * ({@code X-Request-Id}) is the one in the audit record it caused.
 */
class TwoControllersTest {
    private static ControllerConfig config(Path dir, String url) {
        ControllerConfig c = Fixtures.withDemoDesktop(Fixtures.config(dir), "/nonexistent/qemu-system-x86_64");
        c.store.url = url;
        return c;
    }

    private static JsonObject usbEvent() {
        JsonObject e = new JsonObject();
        e.addProperty("action", "redirected");
        e.addProperty("vendorId", 0x1209);
        e.addProperty("productId", 1);
        e.addProperty("deviceClass", 0);
        return e;
    }

    @Test
    void anyControllerAnswersAnyRequest() throws Exception {
        Path dir = Files.createTempDirectory("ts-two");
        String url = "jdbc:h2:file:" + dir.resolve("shared-store");
        try (Controller a = Controller.start(config(dir.resolve("a"), url));
                Controller b = Controller.start(config(dir.resolve("b"), url))) {
            ApiClient adminA = new ApiClient(a.port()).login(Fixtures.ADMIN, Fixtures.ADMIN_PASSWORD);

            // a terminal enrolled and signed in on A; its session is good on B
            ApiClient kioskA = new ApiClient(a.port()).enrolWith(adminA, "kiosk two");
            kioskA.login(Fixtures.USER, Fixtures.USER_PASSWORD);
            ApiClient kioskB = new ApiClient(b.port());
            kioskB.token = kioskA.token;
            kioskB.terminalId = kioskA.terminalId;
            kioskB.terminalKey = kioskA.terminalKey;
            assertEquals(200, kioskB.get("/api/v1/desktops").statusCode(), "A's session on B");

            // the same signed request (same nonce) to A, then replayed to B: B refuses it as a replay
            kioskA.fixedNonce = "replay-nonce-0001";
            kioskB.fixedNonce = kioskA.fixedNonce;
            assertEquals(200, kioskA.get("/api/v1/desktops").statusCode());
            HttpResponse<String> replay = kioskB.get("/api/v1/desktops");
            assertEquals(401, replay.statusCode(), replay.body());
            assertEquals("bad_terminal_signature", ApiClient.json(replay).get("error").getAsString());
            assertTrue(ApiClient.json(replay).get("message").getAsString().contains("replayed"), replay.body());
            kioskA.fixedNonce = null;
            kioskB.fixedNonce = null;

            // 120 USB events a minute per session, whichever controller takes them: 60 on A, 60 on B, then both refuse
            for (int i = 0; i < 60; i++) {
                assertEquals(204, kioskA.post("/api/v1/desktops/demo/usb-events", usbEvent()).statusCode(), "A, event " + i);
                assertEquals(204, kioskB.post("/api/v1/desktops/demo/usb-events", usbEvent()).statusCode(), "B, event " + i);
            }
            HttpResponse<String> over = kioskA.post("/api/v1/desktops/demo/usb-events", usbEvent());
            assertEquals(429, over.statusCode(), over.body());
            assertEquals(429, kioskB.post("/api/v1/desktops/demo/usb-events", usbEvent()).statusCode());

            // the request id: offered by the client, answered, and in the audit record of that request
            kioskB.requestId = "lb-req-4711-abcdef";
            HttpResponse<String> out = kioskB.post("/api/v1/auth/logout", new JsonObject());
            assertEquals("lb-req-4711-abcdef", out.headers().firstValue("X-Request-Id").orElse(""), out.body());
            ApiClient adminB = new ApiClient(b.port()).login(Fixtures.ADMIN, Fixtures.ADMIN_PASSWORD);
            HttpResponse<String> made = adminB.get("/api/v1/admin/audit?limit=5");
            String ownId = made.headers().firstValue("X-Request-Id").orElse("");
            assertTrue(ownId.matches("[0-9a-f]{16}"), "a request without one gets a fresh id: " + ownId);
            JsonArray events = ApiClient.json(made).getAsJsonArray("events");
            boolean found = false;
            for (var e : events) {
                JsonObject o = e.getAsJsonObject();
                if (o.get("event").getAsString().equals("logout")) {
                    assertEquals("lb-req-4711-abcdef", o.get("requestId").getAsString(), o.toString());
                    found = true;
                    break;
                }
            }
            assertTrue(found, "the logout is audited: " + events);
            String lines = Files.readString(dir.resolve("b").resolve("audit.jsonl"));
            assertTrue(lines.contains("\"event\":\"logout\"") && lines.contains("\"requestId\":\"lb-req-4711-abcdef\""),
                    "B's JSON lines carry it too");
            assertFalse(Files.readString(dir.resolve("a").resolve("audit.jsonl")).contains("lb-req-4711-abcdef"),
                    "A did not serve it");
        }
    }
}
