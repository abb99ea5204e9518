package org.thinspice.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.thinspice.controller.pve.FakeProxmox;
import org.thinspice.engine.vv.VvFile;
import org.thinspice.testbed.Pki;

/**
 * The Proxmox provider against {@link FakeProxmox}, a fake whose answers follow PVE 7.4's and 8.4's own
 * code. One test per point of issue 22 (numbers in the method names' comments).
 */
class ProxmoxIT {
    private static Pki pki;

    @BeforeAll
    static void certificates() throws Exception {
        pki = Pki.generate(Files.createDirectories(Path.of("target", "it", "pve-pki-" + System.nanoTime())).toAbsolutePath());
    }

    /** A controller on the fake; {@code tweak} adjusts the provider settings. */
    private static Controller controller(FakeProxmox pve, Consumer<ControllerConfig> tweak) throws Exception {
        ControllerConfig c = Fixtures.config(Files.createTempDirectory("ts-pve"));
        c.provider.type = "proxmox";
        c.provider.url = pve.url();
        c.bootstrap.assignments.clear();
        c.bootstrap.users.removeIf(u -> u.username.equals(Fixtures.USER));
        tweak.accept(c);
        return Controller.start(c, pve.clock());
    }

    private static String awaitTask(ApiClient client, HttpResponse<String> accepted) throws Exception {
        assertEquals(202, accepted.statusCode(), accepted.body());
        String task = ApiClient.json(accepted).get("id").getAsString();
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        JsonObject t = ApiClient.json(client.get("/api/v1/tasks/" + task));
        while (t.get("state").getAsString().equals("running") && System.nanoTime() < deadline) {
            Thread.sleep(100);
            t = ApiClient.json(client.get("/api/v1/tasks/" + task));
        }
        return t.get("state").getAsString() + (t.has("detail") && !t.get("detail").isJsonNull() ? ": " + t.get("detail").getAsString() : "");
    }

    private static String state(ApiClient client, String id) throws Exception {
        JsonArray list = ApiClient.json(client.get("/api/v1/desktops")).getAsJsonArray("desktops");
        for (var e : list) {
            if (e.getAsJsonObject().get("id").getAsString().equals(id)) {
                return e.getAsJsonObject().get("state").getAsString();
            }
        }
        throw new AssertionError("no desktop " + id + " in " + list);
    }

    @Test
    void loginListPowerConnectKeepsTheTicketServerSide() throws Exception {
        try (FakeProxmox pve = new FakeProxmox(8, null); Controller controller = controller(pve, c -> { })) {
            ApiClient alice = new ApiClient(controller.port());
            HttpResponse<String> bad = alice.post("/api/v1/auth/login", ApiClient.obj("username", "alice", "password", "no"));
            assertEquals(401, bad.statusCode(), bad.body());
            alice.login("alice", "pw");
            assertEquals("stopped", state(alice, "100"));
            String started = awaitTask(alice, alice.post("/api/v1/desktops/100/power", ApiClient.obj("action", "start")));
            assertTrue(started.startsWith("ok"), started);
            assertEquals("running", pve.vm(100).status());
            assertEquals(0, pve.csrfMissing, "a write went to Proxmox without its CSRF token");
            HttpResponse<String> vv = alice.call("POST", "/api/v1/desktops/100/connection", null, null);
            assertEquals(200, vv.statusCode(), vv.body());
            VvFile f = VvFile.parse(vv.body());
            assertTrue(f.host().orElseThrow().startsWith("pvespiceproxy:"), vv.body());
            assertFalse(vv.body().contains("PVEAuthCookie") || vv.body().contains("PVE:alice@pve"), "the Proxmox ticket leaked");
        }
    }

    /** 1: the CA arrives escaped (remote_viewer_config) and must reach the .vv escaped once: it parses as a certificate. */
    @Test
    void caInTheVvParsesAsTheClusterCertificate() throws Exception {
        try (FakeProxmox pve = new FakeProxmox(8, null); Controller controller = controller(pve, c -> { })) {
            pve.spiceTls(pki.caPem(), pki.serverSubject());
            pve.vm(100).running();
            ApiClient alice = new ApiClient(controller.port()).login("alice", "pw");
            HttpResponse<String> vv = alice.call("POST", "/api/v1/desktops/100/connection", null, null);
            assertEquals(200, vv.statusCode(), vv.body());
            String ca = VvFile.parse(vv.body()).ca().orElseThrow();
            assertFalse(ca.contains("\\n"), "the CA still holds escaped newlines: " + ca);
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(ca.getBytes(StandardCharsets.US_ASCII)));
            assertTrue(cert.getSubjectX500Principal().getName().contains("thinspice test CA"), cert.toString());
        }
    }

    /** 2: PVE 7.4 defaults to the old half-ticket; the login must ask for the new format to finish TFA. */
    @Test
    void totpSignInOnPve7() throws Exception {
        try (FakeProxmox pve = new FakeProxmox(7, null); Controller controller = controller(pve, c -> { })) {
            ApiClient tfa = new ApiClient(controller.port());
            JsonObject ch = ApiClient.json(tfa.post("/api/v1/auth/login", ApiClient.obj("username", "tfa", "password", "pw")));
            assertEquals("second_factor_required", ch.get("status").getAsString(), ch.toString());
            String id = ch.getAsJsonObject("challenge").get("id").getAsString();
            HttpResponse<String> done = tfa.post("/api/v1/auth/second-factor",
                    ApiClient.obj("challenge", id, "method", "totp", "response", "123456"));
            assertEquals(200, done.statusCode(), done.body());
            assertTrue(ApiClient.json(done).has("token"));
        }
    }

    /** 2: the offered methods come from the challenge in the ticket — a Yubico realm offers yubico (+ recovery). */
    @Test
    void secondFactorMethodsComeFromTheChallenge() throws Exception {
        try (FakeProxmox pve = new FakeProxmox(8, null); Controller controller = controller(pve, c -> { })) {
            ApiClient yubi = new ApiClient(controller.port());
            JsonObject ch = ApiClient.json(yubi.post("/api/v1/auth/login", ApiClient.obj("username", "yubi", "password", "pw")));
            assertEquals("second_factor_required", ch.get("status").getAsString(), ch.toString());
            assertEquals("[\"yubico\",\"recovery\"]", ch.getAsJsonObject("challenge").get("methods").toString());
            String id = ch.getAsJsonObject("challenge").get("id").getAsString();
            HttpResponse<String> done = yubi.post("/api/v1/auth/second-factor",
                    ApiClient.obj("challenge", id, "method", "yubico", "response", "cccccckdvjhe"));
            assertEquals(200, done.statusCode(), done.body());
            HttpResponse<String> webauthn = new ApiClient(controller.port()).post("/api/v1/auth/login",
                    ApiClient.obj("username", "webauthn", "password", "pw"));
            assertEquals(401, webauthn.statusCode(), webauthn.body());
        }
    }

    /** 3: "WARNINGS: n" is success (pve-common upid_status_is_error). */
    @Test
    void startEndingWithWarningsIsSuccess() throws Exception {
        try (FakeProxmox pve = new FakeProxmox(8, null); Controller controller = controller(pve, c -> { })) {
            pve.vm(101, "efi-101").warnings(1);
            ApiClient alice = new ApiClient(controller.port()).login("alice", "pw");
            String result = awaitTask(alice, alice.post("/api/v1/desktops/101/power", ApiClient.obj("action", "start")));
            assertTrue(result.startsWith("ok"), result);
            assertTrue(result.contains("WARNINGS: 1"), result);
        }
    }

    /** 4: the provider's proxy setting goes to spiceproxy; PVE answers http://<proxy>:3128. */
    @Test
    void proxySettingReachesSpiceproxy() throws Exception {
        try (FakeProxmox pve = new FakeProxmox(8, null);
                Controller controller = controller(pve, c -> c.provider.proxy = "vdi.example.org")) {
            pve.vm(100).running();
            ApiClient alice = new ApiClient(controller.port()).login("alice", "pw");
            HttpResponse<String> vv = alice.call("POST", "/api/v1/desktops/100/connection", null, null);
            assertEquals(200, vv.statusCode(), vv.body());
            assertEquals("vdi.example.org", pve.lastSpiceProxyParam);
            assertEquals("http://vdi.example.org:3128", VvFile.parse(vv.body()).proxy().orElseThrow());
        }
    }

    /** 5: the PVE ticket lives 2 h; the controller renews it so a longer session keeps working. */
    @Test
    void ticketIsRenewedBeforeItsTwoHoursEnd() throws Exception {
        try (FakeProxmox pve = new FakeProxmox(8, null);
                Controller controller = controller(pve, c -> c.auth.sessionTtlSeconds = 4 * 3600)) {
            ApiClient alice = new ApiClient(controller.port()).login("alice", "pw");
            assertEquals("stopped", state(alice, "100"));
            pve.advance(Duration.ofMinutes(90));
            assertEquals("stopped", state(alice, "100"));
            pve.advance(Duration.ofMinutes(60));
            HttpResponse<String> late = alice.get("/api/v1/desktops");
            assertEquals(200, late.statusCode(), "2.5 h after sign-in: " + late.body());
        }
    }

    /** 6: an HA-managed VM's hastart task ends before the VM runs; the action waits for the VM, so connect works. */
    @Test
    void haManagedStartWaitsForTheVm() throws Exception {
        try (FakeProxmox pve = new FakeProxmox(8, null); Controller controller = controller(pve, c -> { })) {
            pve.vm(102, "ha-102").ha();
            ApiClient alice = new ApiClient(controller.port()).login("alice", "pw");
            String result = awaitTask(alice, alice.post("/api/v1/desktops/102/power", ApiClient.obj("action", "start")));
            assertTrue(result.startsWith("ok"), result);
            HttpResponse<String> vv = alice.call("POST", "/api/v1/desktops/102/connection", null, null);
            assertEquals(200, vv.statusCode(), "connect right after the HA start: " + vv.body());
        }
    }

    /** 7: the state shown comes from status/current, not pvestatd's ≤10 s old cluster view. */
    @Test
    void stateIsLive() throws Exception {
        try (FakeProxmox pve = new FakeProxmox(8, null); Controller controller = controller(pve, c -> { })) {
            ApiClient alice = new ApiClient(controller.port()).login("alice", "pw");
            assertEquals("stopped", state(alice, "100"));
            assertTrue(awaitTask(alice, alice.post("/api/v1/desktops/100/power", ApiClient.obj("action", "start"))).startsWith("ok"));
            assertEquals("running", state(alice, "100"));
        }
    }

    /** 7: PVE's words (reason phrase) reach the user; "VM not running" is 409, a permission refusal 403. */
    @Test
    void pveErrorsKeepTheirWordsAndStatus() throws Exception {
        for (int version : new int[] {7, 8}) {
            try (FakeProxmox pve = new FakeProxmox(version, null); Controller controller = controller(pve, c -> { })) {
                ApiClient alice = new ApiClient(controller.port()).login("alice", "pw");
                HttpResponse<String> stopped = alice.call("POST", "/api/v1/desktops/100/connection", null, null);
                assertEquals(409, stopped.statusCode(), stopped.body());
                assertEquals("desktop_not_running", ApiClient.json(stopped).get("error").getAsString());
                assertTrue(ApiClient.json(stopped).get("message").getAsString().contains("VM 100 not running"), stopped.body());
                ApiClient auditor = new ApiClient(controller.port()).login("auditor", "pw");
                String result = awaitTask(auditor, auditor.post("/api/v1/desktops/100/power", ApiClient.obj("action", "start")));
                assertTrue(result.startsWith("failed") && result.contains("Permission check failed (/vms/100, VM.PowerMgmt)"),
                        "PVE " + version + ": " + result);
                pve.vm(100).running();
                HttpResponse<String> reset = auditor.call("POST", "/api/v1/desktops/100/connection", null, null);
                assertEquals(403, reset.statusCode(), reset.body());
                assertEquals("platform_forbidden", ApiClient.json(reset).get("error").getAsString());
            }
        }
    }

    /** 7: the API's certificate pinned by fingerprint — no CA, and the name need not match. */
    @Test
    void apiCertificatePinnedByFingerprint() throws Exception {
        Path p12 = pki.dir().resolve("api.p12");
        Process openssl = new ProcessBuilder("openssl", "pkcs12", "-export", "-in", pki.serverCert().toString(),
                "-inkey", pki.serverKey().toString(), "-out", p12.toString(), "-passout", "pass:changeit")
                .redirectErrorStream(true).start();
        assertTrue(openssl.waitFor(60, TimeUnit.SECONDS) && openssl.exitValue() == 0,
                new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(Files.newInputStream(pki.serverCert()));
        String fp = HexFormat.ofDelimiter(":").withUpperCase().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
        try (FakeProxmox pve = new FakeProxmox(8, tls);
                Controller controller = controller(pve, c -> c.provider.fingerprint = fp)) {
            HttpResponse<String> ok = new ApiClient(controller.port()).post("/api/v1/auth/login",
                    ApiClient.obj("username", "alice", "password", "pw"));
            assertEquals(200, ok.statusCode(), ok.body());
        }
        String wrong = fp.substring(0, fp.length() - 2) + (fp.endsWith("00") ? "11" : "00");
        try (FakeProxmox pve = new FakeProxmox(8, tls);
                Controller controller = controller(pve, c -> c.provider.fingerprint = wrong)) {
            HttpResponse<String> refused = new ApiClient(controller.port()).post("/api/v1/auth/login",
                    ApiClient.obj("username", "alice", "password", "pw"));
            assertEquals(502, refused.statusCode(), refused.body());
        }
    }

    /** 7: with a realm configured, a name containing @ is the user's whole name (LDAP j@corp.com). */
    @Test
    void userNameWithAtSignInARealm() throws Exception {
        try (FakeProxmox pve = new FakeProxmox(8, null); Controller controller = controller(pve, c -> c.provider.realm = "corp")) {
            HttpResponse<String> r = new ApiClient(controller.port()).post("/api/v1/auth/login",
                    ApiClient.obj("username", "j@corp.com", "password", "pw"));
            assertEquals(200, r.statusCode(), r.body());
        }
    }

    /** 7: a guest that ignores shutdown fails after the configured timeout, and the task says why. */
    @Test
    void shutdownTimeoutIsExplained() throws Exception {
        try (FakeProxmox pve = new FakeProxmox(8, null);
                Controller controller = controller(pve, c -> c.provider.shutdownTimeoutSeconds = 2)) {
            pve.vm(103, "deaf-103").ignoringAcpi().running();
            ApiClient alice = new ApiClient(controller.port()).login("alice", "pw");
            String result = awaitTask(alice, alice.post("/api/v1/desktops/103/power", ApiClient.obj("action", "shutdown")));
            assertTrue(result.startsWith("failed") && result.contains("did not shut down within 2 s"), result);
        }
    }
}
