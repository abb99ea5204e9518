package org.thinspice.controller.provider.proxmox;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.thinspice.controller.ControllerConfig;
import org.thinspice.controller.provider.CloudProvider;
import org.thinspice.controller.provider.DesktopInfo;
import org.thinspice.controller.provider.PlatformLogin;
import org.thinspice.controller.provider.PowerAction;
import org.thinspice.controller.provider.ProviderException;
import org.thinspice.controller.provider.SpiceTarget;
import org.thinspice.controller.provider.UserContext;

/**
 * Proxmox VE as the platform. Users sign in at {@code /access/ticket} (the user's ticket and CSRF
 * token stay in the controller's session, never with the terminal; the ticket is renewed before PVE's
 * two-hour lifetime ends); desktops are the cluster's qemu VMs the user can see, with their live state;
 * power actions are tasks polled until they stop, then the VM's own state is awaited (HA-managed VMs
 * answer with a {@code hastart}/{@code hastop} task that ends before the VM moves); connections are
 * {@code spiceproxy} credentials minted at click time (they live ~30 s).
 */
public final class ProxmoxProvider implements CloudProvider {
    private static final Duration POLL = Duration.ofMillis(250);
    /** At most this many VMs get a live {@code status/current} read per listing; the rest keep the cluster's view. */
    private static final int LIVE_STATUS_LIMIT = 32;
    /** pve-access-control {@code $ticket_lifetime}. */
    private static final long TICKET_LIFETIME_SECONDS = 7200;
    /** qemu-server's task error when a guest ignored the shutdown request ({@code PVE::QemuServer::_do_vm_stop}). */
    private static final Pattern SHUTDOWN_TIMEOUT = Pattern.compile("VM quit/powerdown failed.*");
    private final ProxmoxApi api;
    private final ProxmoxSettings settings;
    private final Clock clock;
    /**
     * Tickets this controller renewed, by the ticket they replace: one request may hold the session as read
     * before the renewal (connect lists, then mints) and must not renew twice. Entries leave once the old
     * ticket could no longer be valid.
     */
    private final Map<String, ProxmoxSession> renewed = new java.util.concurrent.ConcurrentHashMap<>();

    ProxmoxProvider(ProxmoxApi api, ProxmoxSettings settings, Clock clock) {
        this.api = api;
        this.settings = settings;
        this.clock = clock;
    }

    public static ProxmoxProvider create(ControllerConfig.Provider p, Path dataDir, Clock clock)
            throws IOException, GeneralSecurityException {
        if (p.url.isEmpty()) {
            throw new IOException("config: provider.url is required for proxmox");
        }
        ProxmoxTls tls = ProxmoxTls.of(p.caFile.isEmpty() ? null : dataDir.resolve(p.caFile), p.fingerprint);
        return new ProxmoxProvider(new ProxmoxApi(p.url, tls.socketFactory(), tls.hostnameVerifier()),
                ProxmoxSettings.of(p), clock);
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
        // With a realm configured the name is taken whole — "j@corp.com" stays the LDAP user's name and PVE
        // appends "@realm" itself (pve-access-control create_ticket); without one it must carry its realm.
        form.put("username", username);
        if (!settings.realm().isEmpty()) {
            form.put("realm", settings.realm());
        }
        form.put("password", new String(password));
        // PVE 7.x defaults to the old half-ticket that the tfa-challenge step refuses; 8.x ignores it
        form.put("new-format", "1");
        return loggedIn(api.post("/access/ticket", form, null).getAsJsonObject());
    }

    @Override
    public PlatformLogin secondFactor(String pendingState, String method, String response) throws ProviderException {
        ProxmoxSession pending = ProxmoxSession.parse(pendingState);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("username", pending.username());
        form.put("tfa-challenge", pending.ticket());
        form.put("password", method + ":" + response);
        form.put("new-format", "1");
        PlatformLogin pl = loggedIn(api.post("/access/ticket", form, null).getAsJsonObject());
        if (pl.needsSecondFactor()) {
            throw new ProviderException(ProviderException.Kind.AUTH_FAILED, "Proxmox asked for another factor");
        }
        return pl;
    }

    private PlatformLogin loggedIn(JsonObject data) throws ProviderException {
        ProxmoxSession s = new ProxmoxSession(str(data, "ticket"), str(data, "CSRFPreventionToken"),
                str(data, "username"), clock.instant().getEpochSecond());
        if (data.has("NeedTFA") && data.get("NeedTFA").getAsInt() == 1) {
            List<String> methods = TfaChallenge.methods(s.ticket());
            return PlatformLogin.needSecondFactor(s.toJson(), methods);
        }
        return PlatformLogin.done(s.toJson());
    }

    @Override
    public List<DesktopInfo> desktops(UserContext user) throws ProviderException {
        ProxmoxApi.Credentials c = creds(user);
        List<DesktopInfo> out = new ArrayList<>();
        for (JsonElement e : api.get("/cluster/resources?type=vm", c).getAsJsonArray()) {
            JsonObject vm = e.getAsJsonObject();
            if (!"qemu".equals(str(vm, "type")) || (vm.has("template") && vm.get("template").getAsInt() == 1)) {
                continue;
            }
            String id = vm.get("vmid").getAsString();
            String status = str(vm, "status");
            // /cluster/resources is pvestatd's view, up to ~10 s old; status/current asks the node now
            if (out.size() < LIVE_STATUS_LIMIT) {
                status = liveStatus(str(vm, "node"), id, c);
            }
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
        Map<String, String> form = new LinkedHashMap<>();
        if (action == PowerAction.SHUTDOWN) {
            // PVE's own default is 60 s; ours is configurable and named in the error when a guest ignores it
            form.put("timeout", Long.toString(settings.shutdownTimeout().toSeconds()));
        }
        long deadline = System.nanoTime() + settings.taskTimeout().toNanos();
        String upid = api.post(vmPath(node, desktopId) + "/status/" + action.wireName(), form, c).getAsString();
        String exit = awaitTask(node, upid, deadline, c);
        if (!TaskStatus.isSuccess(exit)) {
            if (action == PowerAction.SHUTDOWN && SHUTDOWN_TIMEOUT.matcher(exit).matches()) {
                throw new ProviderException(ProviderException.Kind.FAILED, "the desktop did not shut down within "
                        + settings.shutdownTimeout().toSeconds() + " s: the guest ignored the shutdown request "
                        + "(no ACPI or guest agent listening); use force off (Proxmox: " + exit + ")");
            }
            throw new ProviderException(ProviderException.Kind.FAILED, "Proxmox task " + upid + " failed: " + exit);
        }
        String want = action == PowerAction.SHUTDOWN || action == PowerAction.STOP ? "stopped" : "running";
        awaitState(node, desktopId, want, deadline, c);
        return "task " + upid + " " + exit;
    }

    /** Polls {@code tasks/{upid}/status} until the task stops; its {@code exitstatus}. */
    private String awaitTask(String node, String upid, long deadline, ProxmoxApi.Credentials c) throws ProviderException {
        while (System.nanoTime() < deadline) {
            JsonObject st = api.get("/nodes/" + ProxmoxApi.enc(node) + "/tasks/" + ProxmoxApi.enc(upid) + "/status", c)
                    .getAsJsonObject();
            if ("stopped".equals(str(st, "status"))) {
                return str(st, "exitstatus");
            }
            sleep();
        }
        throw new ProviderException(ProviderException.Kind.FAILED, "Proxmox task " + upid + " still running after "
                + settings.taskTimeout().toSeconds() + " s");
    }

    /**
     * Waits until the VM itself reports {@code want}: an HA-managed VM's {@code hastart}/{@code hastop} task
     * only asks the HA manager and ends at once, the VM moves seconds later.
     */
    private void awaitState(String node, String vmid, String want, long deadline, ProxmoxApi.Credentials c)
            throws ProviderException {
        String now = liveStatus(node, vmid, c);
        while (!want.equals(now)) {
            if (System.nanoTime() >= deadline) {
                throw new ProviderException(ProviderException.Kind.FAILED, "Proxmox accepted the request, but VM "
                        + vmid + " is still " + now + " after " + settings.taskTimeout().toSeconds()
                        + " s (an HA-managed VM waits for the HA manager)");
            }
            sleep();
            now = liveStatus(node, vmid, c);
        }
    }

    private String liveStatus(String node, String vmid, ProxmoxApi.Credentials c) throws ProviderException {
        JsonObject st = api.get(vmPath(node, vmid) + "/status/current", c).getAsJsonObject();
        String qmp = str(st, "qmpstatus");
        return "paused".equals(qmp) ? "paused" : str(st, "status");
    }

    @Override
    public SpiceTarget connect(UserContext user, String desktopId) throws ProviderException {
        ProxmoxApi.Credentials c = creds(user);
        String node = nodeOf(desktopId, c);
        Map<String, String> form = new LinkedHashMap<>();
        if (!settings.spiceProxy().isEmpty()) {
            // otherwise PVE names `hostname -f` of the node, which terminals often cannot resolve
            form.put("proxy", settings.spiceProxy());
        }
        JsonObject v = api.post(vmPath(node, desktopId) + "/spiceproxy", form, c).getAsJsonObject();
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

    /** The session's ticket, renewed first when it is older than the renewal age (PVE's lifetime is 2 h). */
    private ProxmoxApi.Credentials creds(UserContext user) throws ProviderException {
        if (user.platformState() == null) {
            throw new ProviderException(ProviderException.Kind.AUTH_FAILED, "this session has no Proxmox ticket");
        }
        ProxmoxSession s = ProxmoxSession.parse(user.platformState());
        long now = clock.instant().getEpochSecond();
        renewed.values().removeIf(r -> now - r.issuedAt() > TICKET_LIFETIME_SECONDS);
        ProxmoxSession already = renewed.get(s.ticket());
        if (already != null) {
            s = already;
        } else if (now - s.issuedAt() >= settings.ticketRenewAfter().toSeconds()) {
            // pve-access-control create_ticket: a valid ticket as the password returns a fresh one
            Map<String, String> form = new LinkedHashMap<>();
            form.put("username", s.username());
            form.put("password", s.ticket());
            form.put("new-format", "1");
            JsonObject data = api.post("/access/ticket", form, null).getAsJsonObject();
            ProxmoxSession fresh = new ProxmoxSession(str(data, "ticket"), str(data, "CSRFPreventionToken"),
                    str(data, "username"), now);
            renewed.put(s.ticket(), fresh);
            user.stateRenewed().accept(fresh.toJson());
            s = fresh;
        }
        return new ProxmoxApi.Credentials(s.ticket(), s.csrf());
    }

    static String str(JsonObject o, String k) {
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

    /** PVE's API answers (any status) within 3 s. */
    @Override
    public void probe() throws ProviderException {
        api.probe(Duration.ofSeconds(3));
    }

    @Override
    public void close() {
        // HttpURLConnection holds nothing that needs closing
    }

    /** The platform state kept in the controller's session. */
    record ProxmoxSession(String ticket, String csrf, String username, long issuedAt) {
        static ProxmoxSession parse(String json) {
            JsonObject o = JsonParser.parseString(json).getAsJsonObject();
            return new ProxmoxSession(str(o, "ticket"), str(o, "csrf"), str(o, "username"),
                    o.has("issuedAt") ? o.get("issuedAt").getAsLong() : 0);
        }

        String toJson() {
            JsonObject o = new JsonObject();
            o.addProperty("ticket", ticket);
            o.addProperty("csrf", csrf);
            o.addProperty("username", username);
            o.addProperty("issuedAt", issuedAt);
            return o.toString();
        }
    }
}
