package org.thinspice.client.bench;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import org.thinspice.client.login.SecondFactorResponder;
import org.thinspice.client.ukey.PcscUkey;
import org.thinspice.controller.Controller;
import org.thinspice.controller.ControllerConfig;
import org.thinspice.device.smartcard.Pcsc;
import org.thinspice.device.smartcard.PcscSocket;
import org.thinspice.testbed.Pcscd;
import org.thinspice.testbed.VirtualPivCard;
import org.thinspice.testbed.VpcdCard;

/**
 * {@code ./thinspice bench ukey} (second part): a whole UKEY sign-in against a real controller (embedded
 * store, default password hashing) — password → challenge → PIN and signature on the virtual card behind
 * pcscd + vpcd, through the kiosk's own {@link PcscUkey} → second factor → session token — against the
 * password-only sign-in of another user, alternated round by round in the same run. Prints p50 / p99 / max
 * in ms and the ratio.
 * Root (Pcscd). Arguments: {@code [ROUNDS]} (default 100).
 */
public final class UkeyLoginBench {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static String base;

    private UkeyLoginBench() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int warm = Math.max(5, rounds / 10);
        Path dir = Files.createTempDirectory("ukey-bench");
        ControllerConfig c = ControllerConfig.defaults(dir.resolve("controller-data"));
        c.listen.plainHttp = true; // loopback only: the bench is about the sign-in steps, not TLS
        c.listen.port = 0;
        c.auth.requireTerminal = false;
        c.auth.maxFailures = 1_000_000;
        c.auth.maxFailuresPerAddress = 1_000_000;
        c.bootstrap.users.add(user("admin", "admin-password", "admin"));
        c.bootstrap.users.add(user("clerk", "clerk-password", "user"));
        c.bootstrap.users.add(user("teller", "teller-password", "user"));
        try (Pcscd pcscd = Pcscd.start(); Controller controller = Controller.start(c)) {
            base = controller.baseUrl();
            PcscSocket.use(pcscd.socket());
            PcscUkey ukey = new PcscUkey(Pcsc.system());
            String admin = token(post("/api/v1/auth/login", "{\"username\":\"admin\",\"password\":\"admin-password\"}", null));
            System.out.printf(Locale.ROOT, "UKEY sign-in vs password-only, %d rounds after %d warm-up, password hashing %d iterations%n",
                    rounds, warm, c.auth.passwordIterations);
            for (VirtualPivCard.KeyAlgorithm alg : VirtualPivCard.KeyAlgorithm.values()) {
                VirtualPivCard card = new VirtualPivCard(alg, "123456", 3);
                JsonObject cert = new JsonObject();
                cert.addProperty("certificate", Base64.getEncoder().encodeToString(card.certificate().getEncoded()));
                check(post("/api/v1/admin/users/teller/ukey/certificates", cert.toString(), admin), 201);
                check(put("/api/v1/admin/users/teller/ukey/policy", "{\"login\":\"required\"}", admin), 200);
                try (VpcdCard in = VpcdCard.insert(card, pcscd.slotPort(0))) {
                    long deadline = System.nanoTime() + 20_000_000_000L;
                    while (ukey.presence() != SecondFactorResponder.Presence.READY && System.nanoTime() < deadline) {
                        Thread.sleep(50);
                    }
                    // alternated round by round, so the machine's other load falls on both alike
                    double[][] both = alternate(warm, rounds, () -> token(post("/api/v1/auth/login",
                            "{\"username\":\"clerk\",\"password\":\"clerk-password\"}", null)), () -> ukeyLogin(ukey));
                    report(alg + " password only", both[0], null);
                    report(alg + " password + UKEY", both[1], both[0]);
                }
                String fp = JsonParser.parseString(get("/api/v1/admin/users/teller/ukey", admin)).getAsJsonObject()
                        .getAsJsonArray("certificates").get(0).getAsJsonObject().get("fingerprint").getAsString();
                HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/admin/users/teller/ukey/certificates/" + fp))
                        .header("Authorization", "Bearer " + admin).DELETE().build(), HttpResponse.BodyHandlers.discarding());
            }
        }
    }

    private static String ukeyLogin(PcscUkey ukey) throws Exception {
        JsonObject ch = JsonParser.parseString(post("/api/v1/auth/login", "{\"username\":\"teller\",\"password\":\"teller-password\"}",
                null).body()).getAsJsonObject().getAsJsonObject("challenge");
        SecondFactorResponder.UkeyAnswer a = ukey.respond(ch.get("signText").getAsString(), "123456".toCharArray());
        JsonObject b = new JsonObject();
        b.addProperty("challenge", ch.get("id").getAsString());
        b.addProperty("method", "ukey");
        b.addProperty("response", a.signature());
        b.addProperty("certificate", a.certificate());
        return token(post("/api/v1/auth/second-factor", b.toString(), null));
    }

    private interface Login {
        String run() throws Exception;
    }

    private static double[][] alternate(int warm, int rounds, Login a, Login b) throws Exception {
        double[][] ms = new double[2][rounds];
        Login[] logins = {a, b};
        for (int i = 0; i < warm + rounds; i++) {
            for (int k = 0; k < 2; k++) {
                long t0 = System.nanoTime();
                String token = logins[k].run();
                long t1 = System.nanoTime();
                if (!token.startsWith("tss_")) {
                    throw new IllegalStateException("no session token: " + token);
                }
                if (i >= warm) {
                    ms[k][i - warm] = (t1 - t0) / 1e6;
                }
            }
        }
        Arrays.sort(ms[0]);
        Arrays.sort(ms[1]);
        return ms;
    }

    private static void report(String what, double[] ms, double[] baseline) {
        double p50 = ms[ms.length / 2];
        double p99 = ms[Math.min(ms.length - 1, (int) Math.ceil(ms.length * 0.99) - 1)];
        System.out.printf(Locale.ROOT, "  %-28s p50 %7.1f ms  p99 %7.1f ms  max %7.1f ms%s%n", what, p50, p99, ms[ms.length - 1],
                baseline == null ? "" : String.format(Locale.ROOT, "  (p50 %.2fx password-only, +%.1f ms)", p50 / baseline[baseline.length / 2],
                        p50 - baseline[baseline.length / 2]));
    }

    private static ControllerConfig.SeedUser user(String name, String password, String role) {
        ControllerConfig.SeedUser u = new ControllerConfig.SeedUser();
        u.username = name;
        u.password = password;
        u.role = role;
        return u;
    }

    private static String token(HttpResponse<String> r) {
        check(r, 200);
        return JsonParser.parseString(r.body()).getAsJsonObject().get("token").getAsString();
    }

    private static HttpResponse<String> check(HttpResponse<String> r, int status) {
        if (r.statusCode() != status) {
            throw new IllegalStateException(r.request().uri() + " → " + r.statusCode() + " " + r.body());
        }
        return r;
    }

    private static HttpResponse<String> post(String path, String body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> put(String path, String body, String token) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token).PUT(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String get(String path, String token) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
