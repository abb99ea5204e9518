package org.thinspice.controller.pve;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;

/**
 * A fake Proxmox VE API ({@code /api2/json}) whose answers follow PVE's own code, at the PVE 7.4
 * (libpve-access-control 7.4-3, pve-http-server 4.x) and PVE 8.4 (libpve-access-control 8.2.2) releases;
 * every canned answer names the file and function it is taken from. Differences that do not matter to a
 * client are listed in docs/controller.md (signatures are HMACs, not RSA; one node; no pools).
 *
 * <p>Time runs on {@link #clock()}: the real clock plus {@link #advance}, so a test can move past the
 * two-hour ticket lifetime without waiting.
 */
public final class FakeProxmox implements AutoCloseable {
    /** pve-access-control PVE/AccessControl.pm: {@code my $ticket_lifetime = 3600 * 2}. */
    static final long TICKET_LIFETIME = 7200;
    /** pve-access-control PVE/AccessControl.pm: {@code $auth_graceperiod = 60 * 5}. */
    static final long AUTH_GRACE = 300;
    public static final String NODE = "pve1";
    /** What {@code hostname -f} gives on the node (remote_viewer_config's default proxy). */
    public static final String NODE_FQDN = "pve1.cluster.example";

    private record Task(String upid, long startedMillis, long durationMillis, String exitstatus, Runnable effect) {
    }

    private final int version;
    private final AtomicLong offsetSeconds = new AtomicLong();
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.now().plusSeconds(offsetSeconds.get());
        }
    };
    private final PveTickets tickets = new PveTickets(clock);
    private final Map<Integer, PveVm> vms = new ConcurrentHashMap<>();
    private final Map<String, Task> tasks = new ConcurrentHashMap<>();
    /** pvestatd's last cluster-wide view (refreshed every 10 s, PVE::Service::pvestatd update_status). */
    private final Map<Integer, String> statdView = new ConcurrentHashMap<>();
    private volatile long statdAt;
    /** user@realm → password; TFA users by method. */
    private final Map<String, String> passwords = new ConcurrentHashMap<>();
    private final Map<String, String> tfa = new ConcurrentHashMap<>();
    /** Users without VM.PowerMgmt on /vms. */
    private final Map<String, Boolean> auditors = new ConcurrentHashMap<>();
    private final PveHttp http;
    private final boolean https;
    private volatile String rootCaPem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
    private volatile String nodeSubject = "OU=PVE Cluster Node,O=Proxmox Virtual Environment,CN=" + NODE_FQDN;
    private volatile Consumer<String> spicePasswordSink = pw -> { };
    public final Map<String, Integer> calls = new ConcurrentHashMap<>();
    public volatile int csrfMissing;
    public volatile String lastSpiceProxyParam;

    /** {@code version}: 7 (PVE 7.4) or 8 (PVE 8.4); {@code tls}: serve HTTPS with this context (null = HTTP). */
    public FakeProxmox(int version, SSLContext tls) throws IOException {
        if (version != 7 && version != 8) {
            throw new IllegalArgumentException("PVE 7 or 8");
        }
        this.version = version;
        this.https = tls != null;
        SecureRandom r = new SecureRandom();
        passwords.put("alice@pve", "pw");
        passwords.put("tfa@pve", "pw");
        tfa.put("tfa@pve", "totp");
        passwords.put("yubi@pve", "pw");
        tfa.put("yubi@pve", "yubico");
        passwords.put("webauthn@pve", "pw");
        tfa.put("webauthn@pve", "webauthn");
        passwords.put("j@corp.com@corp", "pw");
        passwords.put("auditor@pve", "pw");
        auditors.put("auditor@pve", true);
        vm(100, "office-100");
        vm(900, "template").template = true;
        http = new PveHttp(this::handle, tls);
    }

    public PveVm vm(int vmid, String name) {
        PveVm v = new PveVm(vmid, name);
        vms.put(vmid, v);
        statdView.put(vmid, v.status);
        return v;
    }

    public PveVm vm(int vmid) {
        return vms.get(vmid);
    }

    public String url() {
        return (https ? "https" : "http") + "://127.0.0.1:" + http.port() + "/api2/json";
    }

    public Clock clock() {
        return clock;
    }

    /** Moves the fake's time (and so ticket ages) forward. */
    public void advance(Duration d) {
        offsetSeconds.addAndGet(d.toSeconds());
    }

    /** The cluster CA (/etc/pve/pve-root-ca.pem) and node certificate subject (/etc/pve/local/pve-ssl.pem). */
    public void spiceTls(String caPem, String subject) {
        rootCaPem = caPem;
        nodeSubject = subject;
    }

    /** Where spiceproxy's one-time password goes (qemu-server: QMP set_password + expire_password +30). */
    public void onSpicePassword(Consumer<String> sink) {
        spicePasswordSink = sink;
    }

    /** The spice proxy ticket check, for {@link FakeSpiceProxy}. */
    boolean verifySpiceConnect(String connect) {
        return tickets.verifySpiceConnect(connect);
    }

    private PveHttp.Response handle(PveHttp.Request r) throws Exception {
        String path = r.path().substring("/api2/json".length());
        calls.merge(r.method() + " " + path, 1, Integer::sum);
        if (path.equals("/access/ticket") && r.method().equals("POST")) {
            return createTicket(r.form());
        }
        // pve-http-server PVE/APIServer/AnyEvent.pm auth_handler: ticket from the PVEAuthCookie cookie
        String cookie = r.header("Cookie");
        String ticket = cookie != null && cookie.startsWith("PVEAuthCookie=") ? cookie.substring(14) : null;
        String user = ticket == null ? null : tickets.verifyTicket(ticket);
        if (user == null || user.startsWith("!tfa!") || user.startsWith("tfa!")) {
            // PVE::AccessControl::verify_ticket fails → 401 "authentication failure" (pveproxy delays it 3 s)
            return unauthorized("authentication failure");
        }
        if (!r.method().equals("GET") && !tickets.csrfValid(user, r.header("CSRFPreventionToken"))) {
            // PVE/HTTPServer.pm auth_handler: "Permission denied - invalid csrf token"
            csrfMissing++;
            return error(401, "Permission denied - invalid csrf token");
        }
        return route(r, path, user);
    }

    // ---- pve-access-control PVE/API2/AccessControl.pm create_ticket / create_ticket_do ----

    private PveHttp.Response createTicket(Map<String, String> f) throws InterruptedException {
        String username = f.getOrDefault("username", "");
        if (f.containsKey("realm")) {
            // create_ticket: $username .= "\@$param->{realm}" if $param->{realm};
            username += "@" + f.get("realm");
        }
        String password = f.getOrDefault("password", "");
        String challengeTicket = f.get("tfa-challenge");
        // PVE 7.4: 'new-format' default 0; PVE 8: "This parameter is now ignored and assumed to be 1."
        boolean newFormat = version == 8 || "1".equals(f.get("new-format"));
        String tfaInfo = null;
        String ticketUser = challengeTicket == null ? tickets.verifyTicket(password) : null;
        if (ticketUser != null && ticketUser.equals(username)) {
            // create_ticket_do: "valid ticket" — a ticket as the password renews it
        } else if (challengeTicket != null) {
            // PVE::AccessControl::authenticate_2nd_new → verify_ticket($tfa_challenge, 0, $username): the data
            // must be "!tfa!<challenge>" (die "bad ticket" otherwise), signed with the user name as aad
            String data = tickets.verifyTicket(challengeTicket, username);
            if (data == null || !data.startsWith("!tfa!") || !tfaResponseOk(username, password)) {
                return unauthorized("authentication failure");
            }
        } else {
            if (!password.equals(passwords.get(username))) {
                return unauthorized("authentication failure");
            }
            String kind = tfa.get(username);
            if (kind != null) {
                tfaInfo = challengeJson(kind);
            }
        }
        JsonObject d = new JsonObject();
        String data = username;
        String aad = null;
        if (tfaInfo != null) {
            d.addProperty("NeedTFA", 1);
            if (newFormat) {
                data = "!tfa!" + tfaInfo;
                aad = username;
            } else {
                // PVE 7.4 create_ticket_do, old format: "General half-login / 'missing 2nd factor' ticket"
                data = "tfa!" + username;
            }
        }
        d.addProperty("ticket", tickets.assembleTicket(data, aad));
        d.addProperty("username", username);
        d.addProperty("CSRFPreventionToken", tickets.csrfToken(username));
        if (tfaInfo == null) {
            d.add("cap", new JsonObject()); // create_ticket: computed permissions, left out while TFA is pending
        }
        return ok(d);
    }

    /** The TfaChallenge JSON of proxmox-tfa (what authentication_challenge / authenticate_2nd_new_do return). */
    private static String challengeJson(String kind) {
        return switch (kind) {
            case "totp" -> "{\"totp\":true,\"recovery\":[true,true,false]}";
            // authenticate_2nd_new_do, yubico realm: { yubico => JSON::true } plus recovery when configured
            case "yubico" -> "{\"yubico\":true,\"recovery\":[true]}";
            default -> "{\"webauthn\":{\"publicKey\":{\"challenge\":\"x\"}}}";
        };
    }

    private boolean tfaResponseOk(String user, String response) {
        return switch (tfa.getOrDefault(user, "")) {
            case "totp" -> response.equals("totp:123456") || response.equals("recovery:abcd-efgh");
            case "yubico" -> response.equals("yubico:cccccckdvjhe") || response.equals("recovery:abcd-efgh");
            default -> false;
        };
    }

    // ---- the API calls ----

    private PveHttp.Response route(PveHttp.Request r, String path, String user) throws Exception {
        java.util.regex.Matcher vmCall = java.util.regex.Pattern
                .compile("/nodes/" + NODE + "/qemu/(\\d+)/(status/\\w+|spiceproxy)").matcher(path);
        if (path.equals("/cluster/resources") && r.method().equals("GET")) {
            return ok(resources());
        } else if (vmCall.matches()) {
            PveVm vm = vms.get(Integer.parseInt(vmCall.group(1)));
            if (vm == null) {
                // PVE::QemuConfig->load_config: "Configuration file 'nodes/pve1/qemu-server/N.conf' does not exist"
                return error(500, "Configuration file 'nodes/" + NODE + "/qemu-server/" + vmCall.group(1) + ".conf' does not exist");
            }
            String op = vmCall.group(2);
            if (op.equals("status/current") && r.method().equals("GET")) {
                return ok(statusCurrent(vm));
            }
            if (op.equals("spiceproxy") && r.method().equals("POST")) {
                return spiceproxy(vm, user, r.form().get("proxy"));
            }
            if (r.method().equals("POST") && op.startsWith("status/")) {
                return power(vm, op.substring("status/".length()), user, r.form());
            }
        } else if (path.startsWith("/nodes/" + NODE + "/tasks/") && path.endsWith("/status")) {
            return taskStatus(URLDecoder.decode(path.substring(("/nodes/" + NODE + "/tasks/").length(),
                    path.length() - "/status".length()), StandardCharsets.UTF_8));
        }
        // pve-http-server AnyEvent.pm handle_api2_request: no such method → 501 "Method 'GET /…' not implemented"
        return error(501, "Method '" + r.method() + " /" + path.substring(1) + "' not implemented");
    }

    /** pve-manager PVE/API2/Cluster.pm resources: pvestatd's view, refreshed every 10 s. */
    private JsonArray resources() {
        long now = clock.instant().getEpochSecond();
        if (now - statdAt >= 10) {
            vms.forEach((id, v) -> statdView.put(id, v.status));
            statdAt = now;
        }
        JsonArray a = new JsonArray();
        for (PveVm v : vms.values()) {
            JsonObject o = new JsonObject();
            o.addProperty("id", "qemu/" + v.vmid);
            o.addProperty("type", "qemu");
            o.addProperty("vmid", v.vmid);
            o.addProperty("node", NODE);
            o.addProperty("name", v.name);
            o.addProperty("status", statdView.getOrDefault(v.vmid, v.status));
            o.addProperty("template", v.template ? 1 : 0);
            if (v.haManaged) {
                o.addProperty("hastate", "started");
            }
            a.add(o);
        }
        return a;
    }

    /** qemu-server PVE/API2/Qemu.pm vm_status: PVE::QemuServer::vmstatus($vmid, 1) plus ha, spice. */
    private JsonObject statusCurrent(PveVm vm) {
        JsonObject o = new JsonObject();
        o.addProperty("vmid", vm.vmid);
        o.addProperty("name", vm.name);
        o.addProperty("status", vm.status);
        if (vm.status.equals("running")) {
            o.addProperty("qmpstatus", "running");
        }
        JsonObject ha = new JsonObject();
        ha.addProperty("managed", vm.haManaged ? 1 : 0);
        o.add("ha", ha);
        o.addProperty("spice", 1);
        return o;
    }

    /** qemu-server PVE/API2/Qemu.pm vm_start / vm_stop / vm_shutdown / vm_reboot / vm_reset. */
    private PveHttp.Response power(PveVm vm, String action, String user, Map<String, String> form) {
        if (auditors.containsKey(user)) {
            // PVE::RPCEnvironment check: 403 "Permission check failed (/vms/100, VM.PowerMgmt)"
            return error(403, "Permission check failed (/vms/" + vm.vmid + ", VM.PowerMgmt)");
        }
        boolean running = vm.status.equals("running");
        switch (action) {
            case "reset", "reboot" -> {
                if (!running) {
                    // vm_reset / vm_reboot: die "VM $vmid not running\n" if !PVE::QemuServer::check_running($vmid)
                    return error(500, "VM " + vm.vmid + " not running");
                }
            }
            case "start", "stop", "shutdown" -> {
            }
            default -> {
                return error(501, "Method 'POST /nodes/" + NODE + "/qemu/" + vm.vmid + "/status/" + action + "' not implemented");
            }
        }
        String want = action.equals("stop") || action.equals("shutdown") ? "stopped" : "running";
        if (vm.haManaged && !action.equals("reset") && !action.equals("reboot")) {
            // vm_start: fork_worker('hastart', …) runs `ha-manager set vm:N --state started` and ends at once;
            // vm_stop / vm_shutdown: fork_worker('hastop', …) `ha-manager crm-command stop vm:N <timeout>`.
            // The CRM/LRM move the VM later (a few seconds).
            String type = want.equals("running") ? "hastart" : "hastop";
            return ok(new JsonPrimitive(task(type, vm, user, 200, "OK", () -> later(vm, want, 3000))));
        }
        if (action.equals("shutdown") && vm.ignoresAcpi && running) {
            // vm_shutdown → PVE::QemuServer::_do_vm_stop: $timeout = 60 if !defined($timeout); then
            // die "VM quit/powerdown failed - got timeout\n"
            long timeout = Long.parseLong(form.getOrDefault("timeout", "60"));
            return ok(new JsonPrimitive(task("qmshutdown", vm, user, timeout * 1000, "VM quit/powerdown failed - got timeout", () -> { })));
        }
        String type = "qm" + action;
        // PVE::RESTEnvironment fork_worker: the last log line "TASK WARNINGS: n" → exitstatus "WARNINGS: n"
        String exit = action.equals("start") && vm.startWarnings > 0 ? "WARNINGS: " + vm.startWarnings : "OK";
        return ok(new JsonPrimitive(task(type, vm, user, 500, exit, () -> vm.status = want)));
    }

    private static void later(PveVm vm, String state, long millis) {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                return;
            }
            vm.status = state;
        }, "fake-pve-ha");
        t.setDaemon(true);
        t.start();
    }

    /** PVE::Tools::upid_encode: UPID:node:pid:pstart:starttime:type:id:user: */
    private String task(String type, PveVm vm, String user, long durationMillis, String exit, Runnable effect) {
        String upid = String.format("UPID:%s:%08X:%08X:%08X:%s:%d:%s:", NODE, 4242 + tasks.size(), 12345,
                clock.instant().getEpochSecond(), type, vm.vmid, user);
        tasks.put(upid, new Task(upid, System.currentTimeMillis(), durationMillis, exit, effect));
        return upid;
    }

    /** pve-manager PVE/API2/Tasks.pm read_task_status: status running|stopped, exitstatus once stopped. */
    private PveHttp.Response taskStatus(String upid) {
        Task t = tasks.get(upid);
        if (t == null) {
            return error(500, "no such task");
        }
        JsonObject o = new JsonObject();
        o.addProperty("upid", upid);
        o.addProperty("node", NODE);
        boolean done = System.currentTimeMillis() - t.startedMillis() >= t.durationMillis();
        if (done && tasks.replace(upid, t, new Task(upid, t.startedMillis(), t.durationMillis(), t.exitstatus(), () -> { }))) {
            t.effect().run();
        }
        o.addProperty("status", done ? "stopped" : "running");
        if (done) {
            o.addProperty("exitstatus", t.exitstatus());
        }
        return ok(o);
    }

    /**
     * qemu-server PVE/API2/Qemu.pm spiceproxy → pve-access-control PVE/AccessControl.pm remote_viewer_config
     * and pve-common PVE/Ticket.pm assemble_spice_ticket.
     */
    private PveHttp.Response spiceproxy(PveVm vm, String user, String proxy) throws GeneralSecurityException {
        lastSpiceProxyParam = proxy;
        if (auditors.containsKey(user)) {
            // spiceproxy permissions: check => ['perm', '/vms/{vmid}', ['VM.Console']]
            return error(403, "Permission check failed (/vms/" + vm.vmid + ", VM.Console)");
        }
        if (!vm.status.equals("running")) {
            // PVE::QemuServer::spice_port → mon_cmd on a stopped VM: "VM $vmid not running"
            return error(500, "VM " + vm.vmid + " not running");
        }
        // assemble_spice_ticket: password = sha1_hex(random string), pushed with set_password/expire_password +30
        byte[] rnd = new byte[20];
        new SecureRandom().nextBytes(rnd);
        String password = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(rnd));
        spicePasswordSink.accept(password);
        String ts = String.format("%08x", clock.instant().getEpochSecond());
        String plain = "pvespiceproxy:" + ts + ":" + vm.vmid + ":" + NODE.toLowerCase(Locale.ROOT) + ":" + vm.spicePort;
        // remote_viewer_config: $proxy = `hostname -f` when not given; [v6]; always :3128
        String p = proxy == null || proxy.isEmpty() ? NODE_FQDN : proxy;
        if (p.contains(":")) {
            p = "[" + p + "]";
        }
        JsonObject c = new JsonObject();
        c.addProperty("secure-attention", "Ctrl+Alt+Ins");
        c.addProperty("toggle-fullscreen", "Shift+F11");
        c.addProperty("release-cursor", "Ctrl+Alt+R");
        c.addProperty("type", "spice");
        c.addProperty("title", "VM " + vm.vmid + " - " + vm.name);
        c.addProperty("host", plain + "::" + tickets.spiceSignature(plain));
        c.addProperty("proxy", "http://" + p + ":3128");
        c.addProperty("tls-port", vm.spicePort);
        c.addProperty("host-subject", nodeSubject);
        // remote_viewer_config: $cacert =~ s/\n/\\n/g;
        c.addProperty("ca", rootCaPem.replace("\n", "\\n"));
        c.addProperty("password", password);
        c.addProperty("delete-this-file", 1);
        return ok(c);
    }

    // ---- answers: pve-http-server PVE/APIServer/Formatter/Standard.pm (json) and AnyEvent.pm response ----

    private static PveHttp.Response ok(JsonElement data) {
        JsonObject o = new JsonObject();
        o.add("data", data);
        return new PveHttp.Response(200, "OK", o.toString());
    }

    /**
     * An error: the text is the HTTP reason phrase (AnyEvent.pm response: {@code $resp->message}); the JSON
     * body is {@code {"data":null}}, and from pve-http-server's "fix #6503: return api handler errors in the
     * json body" (January 2025, PVE 8.4) it also carries {@code message}.
     */
    private PveHttp.Response error(int status, String text) {
        JsonObject o = new JsonObject();
        o.add("data", JsonNull.INSTANCE);
        if (version == 8) {
            o.addProperty("message", text + "\n");
        }
        return new PveHttp.Response(status, text, o.toString());
    }

    /** create_ticket: die PVE::Exception->new("authentication failure\n", code => 401); pveproxy delays it 3 s. */
    private PveHttp.Response unauthorized(String text) throws InterruptedException {
        Thread.sleep(3000);
        return error(401, text);
    }

    public List<String> users() {
        return List.copyOf(passwords.keySet());
    }

    @Override
    public void close() throws IOException {
        http.close();
    }
}
