package org.thinspice.controller;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.thinspice.controller.http.ApiServer;
import org.thinspice.controller.http.HttpSettings;

/**
 * The controller's configuration file (JSON). Relative paths resolve against {@code dataDir}, and
 * {@code dataDir} against the config file's directory. Every field has a default; see
 * {@code config/controller-demo.json} for a complete example.
 */
public final class ControllerConfig {
    /** Where the HTTP API listens, and what it tolerates from a connection. */
    public static final class Listen {
        public String host = "127.0.0.1";
        public int port = 8480;
        /** Workers that run requests. */
        public int threads = 16;
        /** Requests that may wait for a worker. */
        public int queue = 1024;
        public int maxConnections = 4000;
        /** A request head (and the TLS handshake) must be complete within this. */
        public int headTimeoutSeconds = 10;
        /** A connection without any traffic is closed after this. */
        public int idleTimeoutSeconds = 30;
        /** A request body must have arrived within this after its head. */
        public int bodyTimeoutSeconds = 20;
        public int maxHeaderBytes = 8192;
        /** NCSA access log (relative to dataDir); empty = none. */
        public String accessLog = "access.log";
        /** Plain HTTP instead of HTTPS: only on purpose, and then only on a loopback address. */
        public boolean plainHttp = false;
        /** Accept HAProxy's PROXY protocol header (behind a TCP-mode load balancer that sends it: send-proxy-v2). */
        public boolean proxyProtocol = false;
        /** On SIGTERM: readiness 503 for this long while still serving, so load balancers move away first. */
        public int stopAnnounceSeconds = 0;
        public Tls tls = new Tls();
    }

    /** The HTTPS certificate: PEM files (relative to dataDir); generated (self-signed) when both are missing. */
    public static final class Tls {
        /** Certificate chain, leaf first. */
        public String certFile = "tls-cert.pem";
        /** Unencrypted PKCS#8 or RSA/EC private key. */
        public String keyFile = "tls-key.pem";
    }

    /** JDBC store; empty url = embedded H2 file {@code <dataDir>/store}. */
    public static final class StoreConfig {
        public String url = "";
        public String user = "";
        public String password = "";
        /** A file holding the password (e.g. a mounted Kubernetes Secret); wins over {@code password} when set. */
        public String passwordFile = "";
        /** Connections in this controller's pool (HikariCP maximumPoolSize); the database must allow the sum over all controllers. */
        public int poolSize = 8;
    }

    /** Sign-in rules. */
    public static final class Auth {
        public int sessionTtlSeconds = 900;
        /** How long a second-factor challenge may be answered (once). */
        public int challengeTtlSeconds = 60;
        /** UKEY policy where neither the user nor a group sets one: off | optional | required. */
        public String ukeyLogin = "optional";
        /** What pulling the UKEY does to a session where no policy says: nothing | lock | end. */
        public String ukeyRemoval = "nothing";
        /** Whether users may enrol their own first UKEY certificate after a password sign-in. */
        public boolean ukeySelfEnrol = false;
        public int maxFailures = 5;
        public int lockSeconds = 300;
        /** Failed sign-ins from one source address (any user names) within the window that lock the address. */
        public int maxFailuresPerAddress = 20;
        public int addressWindowSeconds = 300;
        public int addressLockSeconds = 300;
        public int passwordIterations = 210_000;
        /** When true, sign-in requires a signed request from an enrolled terminal. */
        public boolean requireTerminal = true;
        public int terminalClockSkewSeconds = 120;
    }

    /** The optional gateway: when {@code proxy} is set, .vv files go through it with a signed ticket. */
    public static final class Gateway {
        public String proxy = "";
        public String kid = "c1";
        /** PKCS#8 PEM Ed25519 key; generated (with a .pub beside it) when missing. */
        public String keyFile = "gateway-ticket.pem";
        /** The host the gateway dials for local desktops (their SPICE listens on 127.0.0.1). */
        public String targetHost = "127.0.0.1";
    }

    /** A local-qemu desktop. */
    public static final class Desktop {
        public String id;
        public String name;
        public String kernel = "";
        public String initrd = "";
        public String append = "";
        public int memoryMb = 256;
        public String vga = "qxl";
        public List<String> extraArgs = new ArrayList<>();
        public boolean autostart = true;
        /** fixed: the SPICE server this desktop is (it runs elsewhere; the controller hands out its fixed password). */
        public String spiceHost = "127.0.0.1";
        public int spicePort;
        public String spicePassword = "";
    }

    /** The cloud platform. */
    public static final class Provider {
        /** "local-qemu", "proxmox" or "fixed" (SPICE servers that run elsewhere, e.g. the fleet's stand-ins). */
        public String type = "local-qemu";
        public String qemuBinary = "qemu-system-x86_64";
        public List<Desktop> desktops = new ArrayList<>();
        public int passwordValiditySeconds = 30;
        public int passwordGraceSeconds = 20;
        public int shutdownTimeoutSeconds = 60;
        /** Proxmox: API base, e.g. https://pve.example:8006/api2/json */
        public String url = "";
        /** Proxmox: the realm every user name is in (sent as PVE's realm parameter); "" = names carry user@realm. */
        public String realm = "pve";
        /** Proxmox: trust this PEM CA file for the API (empty = the JRE's trust store). */
        public String caFile = "";
        /** Proxmox: the API certificate's SHA-256 fingerprint (hex, colons allowed) — pins it; host names are not checked. */
        public String fingerprint = "";
        /** Proxmox: host name or address sent as spiceproxy's {@code proxy} (terminals reach PVE's :3128 there); "" = the node's own name. */
        public String proxy = "";
        /** Proxmox: renew a user's ticket once it is this old (PVE's tickets live 7200 s). */
        public int ticketRenewSeconds = 3600;
        public int taskTimeoutSeconds = 120;
        /**
         * A running power task whose controller has said nothing for this long (it beats every quarter of it) is
         * ended as failed by another controller: its controller was killed or lost its host.
         */
        public int powerTaskSilentSeconds = 60;
    }

    /** Prometheus metrics at {@code GET /metrics} on the API's port. */
    public static final class Metrics {
        public boolean enabled = true;
        /** Addresses besides loopback that may read them (a Prometheus server); others get 404. */
        public List<String> allowFrom = new ArrayList<>();
    }

    /** Seed applied once to an empty store (first start). */
    public static final class Bootstrap {
        public List<SeedUser> users = new ArrayList<>();
        public List<SeedPolicy> policies = new ArrayList<>();
        public List<SeedAssignment> assignments = new ArrayList<>();
    }

    /** A seeded user. */
    public static final class SeedUser {
        public String username;
        public String password;
        public String role = "user";
        public List<String> groups = new ArrayList<>();
    }

    /** A seeded policy. */
    public static final class SeedPolicy {
        public String id;
        public String clipboard = "none";
        public boolean usbRedirect;
        /** Devices the filter allows go by themselves (at connect and on plug-in), not only by hand. */
        public boolean usbAutoshare;
        public String usbFilter = "";
        /** The terminal's smartcard is shared with the desktop (SPICE smartcard channel). */
        public boolean smartcardShare;
        /** The terminal's microphone may reach the desktop (SPICE record channel); some sites forbid it. */
        public boolean microphone = true;
        public List<String> actions = new ArrayList<>();
    }

    /** A seeded assignment. */
    public static final class SeedAssignment {
        public String desktop;
        public String user;
        public String group;
        public String policy;
    }

    public String dataDir = "data";
    public Listen listen = new Listen();
    public StoreConfig store = new StoreConfig();
    public Auth auth = new Auth();
    public Gateway gateway = new Gateway();
    public Provider provider = new Provider();
    public Bootstrap bootstrap = new Bootstrap();
    public Metrics metrics = new Metrics();
    /** JSON-lines audit file (relative to dataDir). */
    public String auditLog = "audit.jsonl";

    private transient Path base = Path.of(".");

    public static ControllerConfig load(Path file) throws IOException {
        ControllerConfig c;
        try {
            c = new Gson().fromJson(Files.readString(file, StandardCharsets.UTF_8), ControllerConfig.class);
        } catch (JsonParseException e) {
            throw new IOException("bad config " + file + ": " + e.getMessage(), e);
        }
        if (c == null) {
            throw new IOException("empty config " + file);
        }
        Path dir = file.toAbsolutePath().getParent();
        c.base = dir.resolve(c.dataDir);
        return c;
    }

    /** A config with defaults whose data dir is {@code dataDir} (for tests and embedding). */
    public static ControllerConfig defaults(Path dataDir) {
        ControllerConfig c = new ControllerConfig();
        c.base = dataDir.toAbsolutePath();
        c.dataDir = c.base.toString();
        return c;
    }

    public Path dataPath() {
        return base;
    }

    public Path resolve(String path) {
        return base.resolve(path);
    }

    /** The HTTP front's settings from {@link #listen}. */
    public HttpSettings httpSettings() {
        Listen l = listen;
        return new HttpSettings(l.host, l.port, l.threads, l.queue, l.maxConnections,
                Duration.ofSeconds(l.headTimeoutSeconds), Duration.ofSeconds(l.idleTimeoutSeconds),
                Duration.ofSeconds(l.bodyTimeoutSeconds), l.maxHeaderBytes, ApiServer.MAX_BODY,
                l.accessLog.isEmpty() ? null : resolve(l.accessLog), l.proxyProtocol);
    }

    public String storeUrl() {
        return store.url.isEmpty() ? "jdbc:h2:file:" + resolve("store").toAbsolutePath() : store.url;
    }
}
