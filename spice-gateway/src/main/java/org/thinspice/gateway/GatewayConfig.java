package org.thinspice.gateway;

import org.thinspice.ticket.Ed25519Keys;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Gateway settings, read from {@code gateway.properties} (keys in docs/gateway.md) or built in code.
 * Relative paths in the file are resolved against the file's directory.
 */
public record GatewayConfig(String listenAddress, int listenPort, Path tlsCert, Path tlsKey,
                            Map<String, PublicKey> keys, int perSourceLimit, int globalLimit,
                            Duration handshakeTimeout, Duration idleTimeout, Duration connectTimeout,
                            Duration drainTimeout, Path auditPath, String adminAddress, int adminPort,
                            int ioThreads, String ioTransport, Duration announce) {
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

    public GatewayConfig {
        keys = Map.copyOf(keys);
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("no ticket public keys (key.<kid>=FILE)");
        }
        if (!ioTransport.equals("nio") && !ioTransport.equals("epoll")) {
            throw new IllegalArgumentException("io.transport must be nio or epoll: " + ioTransport);
        }
        if ((tlsCert == null) != (tlsKey == null)) {
            throw new IllegalArgumentException("tls.cert and tls.key go together");
        }
    }

    /**
     * Defaults: 0.0.0.0:3128, no TLS, 64 per source, 20000 global, 10 s handshake, 2 h idle, 5 s connect,
     * 30 s drain, no announce, one event loop per core, Java NIO.
     */
    public static GatewayConfig defaults(Map<String, PublicKey> keys) {
        return new GatewayConfig("0.0.0.0", 3128, null, null, keys, 64, 20_000, Duration.ofSeconds(10),
                Duration.ofHours(2), Duration.ofSeconds(5), Duration.ofSeconds(30), null, null, -1, 0, "nio", Duration.ZERO);
    }

    public boolean tls() {
        return tlsCert != null;
    }

    public static GatewayConfig load(Path file) throws IOException, GeneralSecurityException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        return fromProperties(p, file.toAbsolutePath().getParent());
    }

    public static GatewayConfig fromProperties(Properties p, Path baseDir) throws IOException,
            GeneralSecurityException {
        Map<String, PublicKey> keys = new LinkedHashMap<>();
        for (String name : p.stringPropertyNames()) {
            if (name.startsWith("key.")) {
                Path f = path(p.getProperty(name), baseDir);
                keys.put(name.substring(4), Ed25519Keys.publicKey(Files.readString(f, StandardCharsets.US_ASCII)));
            }
        }
        GatewayConfig d = defaults(keys);
        try {
            return new GatewayConfig(
                    p.getProperty("listen.address", d.listenAddress()),
                    integer(p, "listen.port", d.listenPort()),
                    pathOrNull(p.getProperty("tls.cert"), baseDir),
                    pathOrNull(p.getProperty("tls.key"), baseDir),
                    keys,
                    integer(p, "limit.per-source", d.perSourceLimit()),
                    integer(p, "limit.global", d.globalLimit()),
                    duration(p, "timeout.handshake", d.handshakeTimeout()),
                    duration(p, "timeout.idle", d.idleTimeout()),
                    duration(p, "timeout.connect", d.connectTimeout()),
                    duration(p, "shutdown.drain", d.drainTimeout()),
                    auditPath(p.getProperty("audit.path"), baseDir),
                    p.getProperty("admin.address", "127.0.0.1"),
                    integer(p, "admin.port", -1),
                    integer(p, "io.threads", 0),
                    p.getProperty("io.transport", "nio").strip(),
                    duration(p, "shutdown.announce", d.announce()));
        } catch (IllegalArgumentException e) {
            throw new IOException("bad gateway config: " + e.getMessage(), e);
        }
    }

    private static int integer(Properties p, String key, int def) {
        String v = p.getProperty(key);
        if (v == null || v.isBlank()) {
            return def;
        }
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " is not an integer: " + v);
        }
    }

    /** {@code 500ms}, {@code 10s}, {@code 5m}, {@code 2h}; {@code 0} disables a timeout. */
    static Duration duration(Properties p, String key, Duration def) {
        String v = p.getProperty(key);
        if (v == null || v.isBlank()) {
            return def;
        }
        v = v.strip();
        if (v.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = DURATION.matcher(v);
        if (!m.matches()) {
            throw new IllegalArgumentException(key + " is not a duration like 500ms, 10s, 5m, 2h: " + v);
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }

    /** The audit file; null (standard output, the journal under systemd) when unset or "-". */
    private static Path auditPath(String v, Path baseDir) {
        return v != null && v.strip().equals("-") ? null : pathOrNull(v, baseDir);
    }

    private static Path pathOrNull(String v, Path baseDir) {
        return v == null || v.isBlank() ? null : path(v, baseDir);
    }

    private static Path path(String v, Path baseDir) {
        Path f = Path.of(v.strip());
        return f.isAbsolute() || baseDir == null ? f : baseDir.resolve(f);
    }

    /** A copy listening on another address and port (tests, bench). */
    public GatewayConfig withListen(String address, int port) {
        return new GatewayConfig(address, port, tlsCert, tlsKey, keys, perSourceLimit, globalLimit,
                handshakeTimeout, idleTimeout, connectTimeout, drainTimeout, auditPath, adminAddress, adminPort,
                ioThreads, ioTransport, announce);
    }

    /** A copy on another I/O transport ({@code nio}, the default, or {@code epoll}: see {@link IoTransport}). */
    public GatewayConfig withTransport(String transport) {
        return new GatewayConfig(listenAddress, listenPort, tlsCert, tlsKey, keys, perSourceLimit, globalLimit,
                handshakeTimeout, idleTimeout, connectTimeout, drainTimeout, auditPath, adminAddress, adminPort,
                ioThreads, transport, announce);
    }

    public GatewayConfig withTls(Path cert, Path key) {
        return new GatewayConfig(listenAddress, listenPort, cert, key, keys, perSourceLimit, globalLimit,
                handshakeTimeout, idleTimeout, connectTimeout, drainTimeout, auditPath, adminAddress, adminPort,
                ioThreads, ioTransport, announce);
    }

    public GatewayConfig withLimits(int perSource, int global) {
        return new GatewayConfig(listenAddress, listenPort, tlsCert, tlsKey, keys, perSource, global,
                handshakeTimeout, idleTimeout, connectTimeout, drainTimeout, auditPath, adminAddress, adminPort,
                ioThreads, ioTransport, announce);
    }

    /**
     * A copy that, on SIGTERM, first stays up this long answering {@code /health/ready} with 503 (load balancers
     * take it out) before it closes its listeners and drains.
     */
    public GatewayConfig withAnnounce(Duration announce) {
        return new GatewayConfig(listenAddress, listenPort, tlsCert, tlsKey, keys, perSourceLimit, globalLimit,
                handshakeTimeout, idleTimeout, connectTimeout, drainTimeout, auditPath, adminAddress, adminPort,
                ioThreads, ioTransport, announce);
    }

    public GatewayConfig withTimeouts(Duration handshake, Duration idle, Duration drain) {
        return new GatewayConfig(listenAddress, listenPort, tlsCert, tlsKey, keys, perSourceLimit, globalLimit,
                handshake, idle, connectTimeout, drain, auditPath, adminAddress, adminPort, ioThreads, ioTransport, announce);
    }
}
