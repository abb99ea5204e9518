package org.thinspice.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.thinspice.controller.Controller;
import org.thinspice.controller.ControllerConfig;
import org.thinspice.testbed.TinyGuest;

/**
 * A real controller (local-qemu, the tiny guest as desktop "demo", stopped until started) for the
 * kiosk's integration tests: users demo/demo-password and admin/admin-password, the guest's input
 * echo on, and a second QMP socket for the test's own screendump.
 */
final class ControllerFixture implements AutoCloseable {
    static final String USER = "demo";
    static final String PASSWORD = "demo-password";
    static final String ADMIN = "admin";
    static final String ADMIN_PASSWORD = "admin-password";
    Controller controller;
    final Path dataDir;
    final Path oracleSocket;
    private final ControllerConfig config;

    private ControllerFixture(Controller controller, Path dataDir, Path oracleSocket, ControllerConfig config) {
        this.controller = controller;
        this.dataDir = dataDir;
        this.oracleSocket = oracleSocket;
        this.config = config;
    }

    static ControllerFixture start(Path dir, boolean autostart) throws Exception {
        return start(dir, autostart, false);
    }

    /**
     * Over HTTPS with the certificate the controller makes itself, on a fixed port so that a restart
     * ({@link #restartWithNewCertificate()}) keeps the address the kiosk enrolled with.
     */
    static ControllerFixture startHttps(Path dir, boolean autostart) throws Exception {
        return start(dir, autostart, true);
    }

    /**
     * Started, over plain HTTP, with {@code n} usb-redir devices (ids redir1..n, spicevmc "usbredir") on a
     * qemu-xhci bus, as the testbed's QemuSpiceServer adds them.
     */
    static ControllerFixture startWithUsbRedir(Path dir, int n) throws Exception {
        List<String> usb = new ArrayList<>(List.of("-device", "qemu-xhci,id=xhci"));
        for (int i = 1; i <= n; i++) {
            usb.addAll(List.of("-chardev", "spicevmc,id=usbredir" + i + ",name=usbredir",
                    "-device", "usb-redir,chardev=usbredir" + i + ",id=redir" + i + ",bus=xhci.0"));
        }
        return start(dir, true, false, usb);
    }

    /**
     * Started, over plain HTTP, with QEMU's CCID reader for the SPICE smartcard channel: usb-ccid (id ccid0) on a
     * qemu-xhci bus and ccid-card-passthru on spicevmc "smartcard", as the testbed's QemuSpiceServer adds them.
     */
    static ControllerFixture startWithSmartcard(Path dir) throws Exception {
        return start(dir, true, false, List.of("-device", "qemu-xhci,id=xhci",
                "-chardev", "spicevmc,id=ccid,name=smartcard",
                "-device", "usb-ccid,id=ccid0,bus=xhci.0",
                "-device", "ccid-card-passthru,chardev=ccid,id=card0"));
    }

    private static ControllerFixture start(Path dir, boolean autostart, boolean https) throws Exception {
        return start(dir, autostart, https, List.of());
    }

    private static ControllerFixture start(Path dir, boolean autostart, boolean https, List<String> qemuArgs)
            throws Exception {
        Path data = dir.resolve("controller-data");
        Path sock = Files.createTempDirectory("tsk").resolve("oracle.sock");
        ControllerConfig c = ControllerConfig.defaults(data);
        // plain HTTP on loopback, on purpose, unless the test is about TLS
        c.listen.plainHttp = !https;
        c.listen.port = https ? freePort() : 0;
        c.auth.passwordIterations = 10_000;
        c.auth.requireTerminal = true;
        c.bootstrap.users.add(user(ADMIN, ADMIN_PASSWORD, "admin"));
        c.bootstrap.users.add(user(USER, PASSWORD, "user"));
        ControllerConfig.SeedPolicy p = new ControllerConfig.SeedPolicy();
        p.id = "demo";
        p.clipboard = "both";
        p.usbRedirect = true;
        p.actions = new ArrayList<>(List.of("start", "shutdown", "stop", "reboot", "reset"));
        c.bootstrap.policies.add(p);
        ControllerConfig.SeedAssignment a = new ControllerConfig.SeedAssignment();
        a.desktop = "demo";
        a.user = USER;
        a.policy = "demo";
        c.bootstrap.assignments.add(a);
        TinyGuest.Images guest;
        try {
            guest = TinyGuest.ensureBuilt();
        } catch (java.nio.file.FileSystemException raceWithAnotherBuild) {
            guest = TinyGuest.ensureBuilt();
        }
        ControllerConfig.Desktop d = new ControllerConfig.Desktop();
        d.id = "demo";
        d.name = "Demo desktop";
        d.kernel = guest.vmlinux().toString();
        d.initrd = guest.initramfs().toString();
        // tb.input=1: the guest echoes every key it gets on its serial console (the typing oracle);
        // tb.agent=1: a minimal vdagent that logs the clipboard it receives there too.
        d.append = TinyGuest.kernelCmdline("qxl") + " tb.pattern=bars tb.input=1 tb.agent=1";
        d.extraArgs = new ArrayList<>(List.of("-qmp", "unix:" + sock + ",server=on,wait=off"));
        d.extraArgs.addAll(qemuArgs);
        d.autostart = autostart;
        c.provider.desktops.add(d);
        return new ControllerFixture(Controller.start(c), data, sock, c);
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** The certificate's fingerprint (HTTPS only). */
    String fingerprint() {
        return controller.certificate().fingerprint();
    }

    /**
     * An administrator replaces the controller's certificate: stop, remove the pair, start again on the
     * same address and store (a new certificate is made).
     */
    void restartWithNewCertificate() throws Exception {
        controller.close();
        Files.delete(dataDir.resolve(config.listen.tls.certFile));
        Files.delete(dataDir.resolve(config.listen.tls.keyFile));
        controller = Controller.start(config);
    }

    static ControllerConfig.SeedUser user(String name, String password, String role) {
        ControllerConfig.SeedUser u = new ControllerConfig.SeedUser();
        u.username = name;
        u.password = password;
        u.role = role;
        return u;
    }

    String url() {
        return controller.baseUrl();
    }

    Path serialLog() {
        return dataDir.resolve("vms/demo/serial.log");
    }

    /** An enrolment code, as an administrator gets it from the management side. */
    String enrolmentCode() throws IOException, InterruptedException {
        HttpClient http = client();
        JsonObject login = new JsonObject();
        login.addProperty("username", ADMIN);
        login.addProperty("password", ADMIN_PASSWORD);
        String token = JsonParser.parseString(http.send(HttpRequest.newBuilder(URI.create(url() + "/api/v1/auth/login"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(login.toString())).build(),
                HttpResponse.BodyHandlers.ofString()).body()).getAsJsonObject().get("token").getAsString();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url() + "/api/v1/admin/enrolment-codes"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            throw new IOException("no enrolment code: " + r.body());
        }
        return JsonParser.parseString(r.body()).getAsJsonObject().get("code").getAsString();
    }

    /** The management side's client: over HTTPS it trusts exactly the controller's certificate. */
    private HttpClient client() throws IOException {
        if (controller.certificate() == null) {
            return HttpClient.newHttpClient();
        }
        try {
            java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setCertificateEntry("controller", controller.certificate().leaf());
            javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
                    javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return HttpClient.newBuilder().sslContext(ctx).build();
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    /** Enrols {@code certificate} as {@code user}'s UKEY and makes the UKEY required for them (removal: nothing). */
    void requireUkey(String user, java.security.cert.X509Certificate certificate) throws Exception {
        HttpClient http = client();
        String token = adminToken(http);
        JsonObject cert = new JsonObject();
        cert.addProperty("certificate", java.util.Base64.getEncoder().encodeToString(certificate.getEncoded()));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url() + "/api/v1/admin/users/" + user + "/ukey/certificates"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(cert.toString())).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            throw new IOException("UKEY enrolment refused: " + r.body());
        }
        r = http.send(HttpRequest.newBuilder(URI.create(url() + "/api/v1/admin/users/" + user + "/ukey/policy"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"login\":\"required\",\"removal\":\"nothing\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("UKEY policy refused: " + r.body());
        }
    }

    private String adminToken(HttpClient http) throws IOException, InterruptedException {
        JsonObject login = new JsonObject();
        login.addProperty("username", ADMIN);
        login.addProperty("password", ADMIN_PASSWORD);
        return JsonParser.parseString(http.send(HttpRequest.newBuilder(URI.create(url() + "/api/v1/auth/login"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(login.toString())).build(),
                HttpResponse.BodyHandlers.ofString()).body()).getAsJsonObject().get("token").getAsString();
    }

    boolean serialContains(String text) throws IOException {
        Path log = serialLog();
        return Files.exists(log) && Files.readString(log, StandardCharsets.ISO_8859_1).contains(text);
    }

    static void await(String what, Duration timeout, Check check) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (check.ok()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out waiting for " + what);
    }

    @FunctionalInterface
    interface Check {
        boolean ok() throws Exception;
    }

    @Override
    public void close() {
        controller.close();
    }
}
