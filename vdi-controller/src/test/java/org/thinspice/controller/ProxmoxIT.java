package org.thinspice.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.thinspice.engine.vv.VvFile;

/** The Proxmox adapter against a fake Proxmox: login, TFA challenge, list, power, connect. */
class ProxmoxIT {
    @Test
    void loginTfaListPowerConnect() throws Exception {
        try (FakeProxmox pve = new FakeProxmox()) {
            ControllerConfig c = Fixtures.config(Files.createTempDirectory("ts-pve"));
            c.provider.type = "proxmox";
            c.provider.url = pve.url();
            c.bootstrap.assignments.clear();
            c.bootstrap.users.removeIf(u -> u.username.equals(Fixtures.USER));
            try (Controller controller = Controller.start(c)) {
                ApiClient alice = new ApiClient(controller.port());
                HttpResponse<String> bad = alice.post("/api/v1/auth/login", ApiClient.obj("username", "alice", "password", "no"));
                assertEquals(401, bad.statusCode(), bad.body());
                alice.login("alice", "pw");

                ApiClient tfa = new ApiClient(controller.port());
                JsonObject ch = ApiClient.json(tfa.post("/api/v1/auth/login", ApiClient.obj("username", "tfa", "password", "pw")));
                assertEquals("second_factor_required", ch.get("status").getAsString(), ch.toString());
                String id = ch.getAsJsonObject("challenge").get("id").getAsString();
                HttpResponse<String> done = tfa.post("/api/v1/auth/second-factor",
                        ApiClient.obj("challenge", id, "method", "totp", "response", "123456"));
                assertEquals(200, done.statusCode(), done.body());
                assertTrue(ApiClient.json(done).has("token"));

                JsonObject list = ApiClient.json(alice.get("/api/v1/desktops"));
                assertEquals(1, list.getAsJsonArray("desktops").size(), list.toString());
                JsonObject d = list.getAsJsonArray("desktops").get(0).getAsJsonObject();
                assertEquals("100", d.get("id").getAsString());
                assertEquals("stopped", d.get("state").getAsString());

                HttpResponse<String> p = alice.post("/api/v1/desktops/100/power", ApiClient.obj("action", "start"));
                assertEquals(202, p.statusCode(), p.body());
                String task = ApiClient.json(p).get("id").getAsString();
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                String state = "running";
                while (state.equals("running") && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                    state = ApiClient.json(alice.get("/api/v1/tasks/" + task)).get("state").getAsString();
                }
                assertEquals("ok", state);
                assertEquals("running", pve.vmStatus.get("100"));
                assertEquals(0, pve.csrfMissing, "a write went to Proxmox without its CSRF token");

                HttpResponse<String> vv = alice.call("POST", "/api/v1/desktops/100/connection", null, null);
                assertEquals(200, vv.statusCode(), vv.body());
                VvFile f = VvFile.parse(vv.body());
                assertTrue(f.host().orElseThrow().startsWith("pvespiceproxy:4EEC61E2:100:pve1::"));
                assertEquals("http://pve1.example:3128", f.proxy().orElseThrow());
                assertEquals(61000, f.tlsPort().getAsInt());
                assertTrue(f.hostSubject().isPresent() && f.ca().isPresent());
                assertEquals("none", f.get("thinspice", "clipboard").orElseThrow());
                assertTrue(!vv.body().contains(FakeProxmox.TICKET), "the Proxmox ticket leaked to the client");
            }
        }
    }
}
