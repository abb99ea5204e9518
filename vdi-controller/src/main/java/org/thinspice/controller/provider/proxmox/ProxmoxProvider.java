package org.thinspice.controller.provider.proxmox;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.thinspice.controller.ControllerConfig;
import org.thinspice.controller.provider.CloudProvider;
import org.thinspice.controller.provider.DesktopInfo;
import org.thinspice.controller.provider.PlatformLogin;
import org.thinspice.controller.provider.PowerAction;
import org.thinspice.controller.provider.ProviderException;
import org.thinspice.controller.provider.SpiceTarget;
import org.thinspice.controller.provider.UserContext;

/**
 * Proxmox VE as the platform. Users sign in at {@code /access/ticket} (with the NeedTFA step; the
 * user's ticket and CSRF token stay in the controller's session, never with the terminal); desktops
 * are the cluster's qemu VMs the user can see; power actions are tasks polled until they stop;
 * connections are {@code spiceproxy} credentials minted at click time (they live ~30 s).
 */
public final class ProxmoxProvider implements CloudProvider {
    private static final Duration POLL = Duration.ofMillis(250);
    private final ProxmoxApi api;
    private final String realm;
    private final Duration taskTimeout;

    ProxmoxProvider(ProxmoxApi api, String realm, Duration taskTimeout) {
        this.api = api;
        this.realm = realm;
        this.taskTimeout = taskTimeout;
    }

    public static ProxmoxProvider create(ControllerConfig.Provider p, Path dataDir, Clock clock)
            throws IOException, GeneralSecurityException {
        if (p.url.isEmpty()) {
            throw new IOException("config: provider.url is required for proxmox");
        }
        HttpClient.Builder http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
        if (!p.caFile.isEmpty()) {
            http.sslContext(trusting(dataDir.resolve(p.caFile)));
        }
        return new ProxmoxProvider(new ProxmoxApi(http.build(), p.url), p.realm, Duration.ofSeconds(p.taskTimeoutSeconds));
    }

    @Override
    public String name() {
        return "proxmox";
    }

    @Override
    public boolean authenticatesUsers() {
        return true;
    }

    @Override
    public PlatformLogin login(String username, char[] password) throws ProviderException {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("username", username.contains("@") ? username : username + "@" + realm);
        form.put("password", new String(password));
        return loggedIn(api.post("/access/ticket", form, null).getAsJsonObject());
    }

    @Override
    public PlatformLogin secondFactor(String pendingState, String method, String response) throws ProviderException {
        JsonObject pending = JsonParser.parseString(pendingState).getAsJsonObject();
        Map<String, String> form = new LinkedHashMap<>();
        form.put("username", pending.get("username").getAsString());
        form.put("tfa-challenge", pending.get("ticket").getAsString());
        form.put("password", method + ":" + response);
        PlatformLogin pl = loggedIn(api.post("/access/ticket", form, null).getAsJsonObject());
        if (pl.needsSecondFactor()) {
            throw new ProviderException(ProviderException.Kind.AUTH_FAILED, "Proxmox asked for another factor");
        }
        return pl;
    }

    private static PlatformLogin loggedIn(JsonObject data) {
        JsonObject state = new JsonObject();
        state.addProperty("ticket", data.get("ticket").getAsString());
        state.addProperty("csrf", data.has("CSRFPreventionToken") ? data.get("CSRFPreventionToken").getAsString() : "");
        state.addProperty("username", data.get("username").getAsString());
        if (data.has("NeedTFA") && data.get("NeedTFA").getAsInt() == 1) {
            return PlatformLogin.needSecondFactor(state.toString(), List.of("totp", "recovery"));
        }
        return PlatformLogin.done(state.toString());
    }

    @Override
    public List<DesktopInfo> desktops(UserContext user) throws ProviderException {
        List<DesktopInfo> out = new ArrayList<>();
        for (JsonElement e : api.get("/cluster/resources?type=vm", creds(user)).getAsJsonArray()) {
            JsonObject vm = e.getAsJsonObject();
            if (!"qemu".equals(str(vm, "type")) || (vm.has("template") && vm.get("template").getAsInt() == 1)) {
                continue;
            }
            String id = vm.get("vmid").getAsString();
            String status = str(vm, "status");
            String state = "running".equals(status) ? "running" : "stopped".equals(status) ? "stopped"
                    : "paused".equals(status) ? "paused" : "unknown";
            out.add(new DesktopInfo(id, vm.has("name") ? str(vm, "name") : "VM " + id, state));
        }
        return out;
    }

    @Override
    public String power(UserContext user, String desktopId, PowerAction action) throws ProviderException {
        ProxmoxApi.Credentials c = creds(user);
        String node = nodeOf(desktopId, c);
        String upid = api.post(vmPath(node, desktopId) + "/status/" + action.wireName(), Map.of(), c).getAsString();
        long deadline = System.nanoTime() + taskTimeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonObject st = api.get("/nodes/" + ProxmoxApi.enc(node) + "/tasks/" + ProxmoxApi.enc(upid) + "/status", c)
                    .getAsJsonObject();
            if ("stopped".equals(str(st, "status"))) {
                String exit = str(st, "exitstatus");
                if (!"OK".equals(exit)) {
                    throw new ProviderException(ProviderException.Kind.FAILED, "Proxmox task " + upid + ": " + exit);
                }
                return "task " + upid + " OK";
            }
            sleep();
        }
        throw new ProviderException(ProviderException.Kind.FAILED, "Proxmox task " + upid + " still running after "
                + taskTimeout.toSeconds() + " s");
    }

    @Override
    public SpiceTarget connect(UserContext user, String desktopId) throws ProviderException {
        ProxmoxApi.Credentials c = creds(user);
        String node = nodeOf(desktopId, c);
        JsonObject v = api.post(vmPath(node, desktopId) + "/spiceproxy", Map.of(), c).getAsJsonObject();
        int port = v.has("port") ? v.get("port").getAsInt() : -1;
        int tlsPort = v.has("tls-port") ? v.get("tls-port").getAsInt() : -1;
        return new SpiceTarget(str(v, "host"), port, tlsPort, str(v, "password"), str(v, "proxy"),
                v.has("host-subject") ? str(v, "host-subject") : null, v.has("ca") ? str(v, "ca") : null,
                v.has("title") ? str(v, "title") : null);
    }

    private String nodeOf(String vmid, ProxmoxApi.Credentials c) throws ProviderException {
        for (JsonElement e : api.get("/cluster/resources?type=vm", c).getAsJsonArray()) {
            JsonObject vm = e.getAsJsonObject();
            if (vm.get("vmid").getAsString().equals(vmid)) {
                return str(vm, "node");
            }
        }
        throw new ProviderException(ProviderException.Kind.NOT_FOUND, "no VM " + vmid);
    }

    private static String vmPath(String node, String vmid) {
        return "/nodes/" + ProxmoxApi.enc(node) + "/qemu/" + ProxmoxApi.enc(vmid);
    }

    private static ProxmoxApi.Credentials creds(UserContext user) throws ProviderException {
        if (user.platformState() == null) {
            throw new ProviderException(ProviderException.Kind.AUTH_FAILED, "this session has no Proxmox ticket");
        }
        JsonObject s = JsonParser.parseString(user.platformState()).getAsJsonObject();
        return new ProxmoxApi.Credentials(s.get("ticket").getAsString(), s.get("csrf").getAsString());
    }

    private static String str(JsonObject o, String k) {
        JsonElement e = o.get(k);
        return e == null || e.isJsonNull() ? "" : e.getAsString();
    }

    private static void sleep() throws ProviderException {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException(ProviderException.Kind.FAILED, "interrupted");
        }
    }

    private static SSLContext trusting(Path pem) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        try (InputStream in = Files.newInputStream(pem)) {
            int i = 0;
            for (Certificate cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                ks.setCertificateEntry("ca" + i++, cert);
            }
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    @Override
    public void close() {
        // HttpClient holds no resources that need closing on Java 17
    }
}
