package org.thinspice.controller;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.thinspice.controller.api.Readiness;
import org.thinspice.controller.api.Routes;
import org.thinspice.controller.audit.AuditLog;
import org.thinspice.controller.auth.AuthService;
import org.thinspice.controller.auth.PasswordHasher;
import org.thinspice.controller.desktop.ConnectionService;
import org.thinspice.controller.desktop.DesktopService;
import org.thinspice.controller.desktop.PowerService;
import org.thinspice.controller.http.ApiServer;
import org.thinspice.controller.metrics.ControllerMetrics;
import org.thinspice.controller.provider.CloudProvider;
import org.thinspice.controller.provider.local.LocalDesktop;
import org.thinspice.controller.provider.local.LocalQemuProvider;
import org.thinspice.controller.provider.fixed.FixedSpiceProvider;
import org.thinspice.controller.provider.proxmox.ProxmoxProvider;
import org.thinspice.controller.store.Store;
import org.thinspice.controller.terminal.TerminalService;
import org.thinspice.controller.ticket.GatewayTicketMinter;
import org.thinspice.ticket.Ed25519Keys;
import org.thinspice.controller.tls.ControllerCertificate;

/** A running controller: store, platform, services and the HTTP API, wired from a {@link ControllerConfig}. */
public final class Controller implements AutoCloseable {
    private final Store store;
    private final CloudProvider provider;
    private final AuditLog audit;
    private final ExecutorService powerWorkers;
    private final ScheduledExecutorService powerWatch;
    private final ApiServer server;
    private final ControllerCertificate certificate;
    private final String host;
    private final Readiness readiness;

    private Controller(Store store, CloudProvider provider, AuditLog audit, ExecutorService powerWorkers,
            ScheduledExecutorService powerWatch, ApiServer server,
            ControllerCertificate certificate, String host, Readiness readiness) {
        this.readiness = readiness;
        this.certificate = certificate;
        this.host = host;
        this.store = store;
        this.provider = provider;
        this.audit = audit;
        this.powerWorkers = powerWorkers;
        this.powerWatch = powerWatch;
        this.server = server;
    }

    public static Controller start(ControllerConfig c) throws IOException, SQLException, GeneralSecurityException {
        return start(c, Clock.systemUTC());
    }

    public static Controller start(ControllerConfig c, Clock clock) throws IOException, SQLException, GeneralSecurityException {
        Files.createDirectories(c.dataPath());
        ControllerMetrics metrics = c.metrics.enabled ? new ControllerMetrics() : null;
        String storePassword = c.store.passwordFile.isEmpty() ? c.store.password
                : Files.readString(c.resolve(c.store.passwordFile)).strip();
        Store store = Store.open(c.storeUrl(), c.store.user, storePassword, c.store.poolSize,
                metrics == null ? null : metrics.registry());
        List<AutoCloseable> opened = new ArrayList<>(List.of(store));
        try {
            PasswordHasher hasher = new PasswordHasher(c.auth.passwordIterations);
            Bootstrap.seed(store, c.bootstrap, hasher);
            store.sessions().deleteExpired(clock.millis());
            AuditLog audit = new AuditLog(store.audit(), c.resolve(c.auditLog), clock);
            opened.add(audit);
            CloudProvider provider = provider(c, clock);
            opened.add(provider);
            TerminalService terminals = new TerminalService(store, audit, clock, c.auth.terminalClockSkewSeconds);
            AuthService auth = new AuthService(store, provider, terminals, hasher, audit, clock, c.auth);
            if (metrics != null) {
                auth.onOutcome(metrics::login);
            }
            DesktopService desktops = new DesktopService(store, provider);
            GatewayTicketMinter minter = c.gateway.proxy.isEmpty() ? null
                    : new GatewayTicketMinter(c.gateway.kid, gatewayKey(c.resolve(c.gateway.keyFile)), clock);
            ConnectionService connections = new ConnectionService(desktops, provider, minter,
                    c.gateway.proxy.isEmpty() ? null : c.gateway.proxy, c.gateway.targetHost, audit, clock,
                    c.provider.passwordValiditySeconds);
            ExecutorService powerWorkers = Executors.newFixedThreadPool(4, r -> {
                Thread t = new Thread(r, "power-task");
                t.setDaemon(true);
                return t;
            });
            opened.add(powerWorkers::shutdownNow);
            PowerService power = new PowerService(store, desktops, provider, powerWorkers, audit, clock);
            // every controller says its running tasks are alive and ends those of a controller that stopped
            long silentMs = Math.max(2, c.provider.powerTaskSilentSeconds) * 1000L;
            ScheduledExecutorService powerWatch = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "power-heartbeat");
                t.setDaemon(true);
                return t;
            });
            opened.add(powerWatch::shutdownNow);
            powerWatch.scheduleWithFixedDelay(() -> {
                try {
                    power.heartbeatAndSweep(silentMs);
                } catch (SQLException | RuntimeException e) {
                    org.slf4j.LoggerFactory.getLogger(Controller.class).warn("power task heartbeat: {}", e.toString());
                }
            }, 0, silentMs / 4, TimeUnit.MILLISECONDS);
            ControllerCertificate certificate = certificate(c);
            List<String> readers = List.copyOf(c.metrics.allowFrom);
            Readiness readiness = new Readiness(store, provider, clock::millis);
            ApiServer server = new ApiServer(c.httpSettings(), certificate == null ? null : certificate.sslContextFactory(),
                    Routes.build(new Routes.Services(store, auth, terminals, desktops, connections, power, hasher, audit, clock,
                            readiness)),
                    metrics, peer -> readers.contains(peer) || isLoopback(peer));
            opened.add(server);
            startServer(server);
            if (provider instanceof LocalQemuProvider local) {
                local.autostart();
            }
            return new Controller(store, provider, audit, powerWorkers, powerWatch, server, certificate, c.listen.host, readiness);
        } catch (IOException | SQLException | GeneralSecurityException | RuntimeException e) {
            for (int i = opened.size() - 1; i >= 0; i--) {
                try {
                    opened.get(i).close();
                } catch (Exception ignored) {
                    // best effort while failing to start
                }
            }
            throw e;
        }
    }

    /** The HTTPS certificate, or null when plain HTTP is configured (refused unless on loopback). */
    private static ControllerCertificate certificate(ControllerConfig c) throws IOException, GeneralSecurityException {
        if (c.listen.plainHttp) {
            if (!isLoopback(c.listen.host)) {
                throw new IOException("config: listen.plainHttp is allowed only on a loopback address (127.0.0.1, ::1),"
                        + " not on " + c.listen.host + ": passwords would cross the network in clear text");
            }
            return null;
        }
        List<String> names = new ArrayList<>(List.of("localhost", "127.0.0.1", "::1"));
        if (!c.listen.host.isEmpty() && !c.listen.host.equals("0.0.0.0") && !c.listen.host.equals("::")) {
            names.add(c.listen.host);
        }
        try {
            names.add(InetAddress.getLocalHost().getHostName());
        } catch (IOException unresolvable) {
            // the generated certificate names only what is known; terminals pin it, not its names
        }
        return ControllerCertificate.loadOrGenerate(c.resolve(c.listen.tls.certFile), c.resolve(c.listen.tls.keyFile), names);
    }

    private static boolean isLoopback(String host) {
        try {
            for (InetAddress a : InetAddress.getAllByName(host)) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void startServer(ApiServer server) throws IOException {
        try {
            server.start();
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("the HTTP server did not start: " + e.getMessage(), e);
        }
    }

    private static CloudProvider provider(ControllerConfig c, Clock clock) throws IOException, GeneralSecurityException {
        ControllerConfig.Provider p = c.provider;
        switch (p.type) {
            case "local-qemu" -> {
                List<LocalDesktop> desktops = new ArrayList<>();
                for (ControllerConfig.Desktop d : p.desktops) {
                    if (d.id == null || !d.id.matches("[A-Za-z0-9._-]{1,64}")) {
                        throw new IOException("config: desktop id must be 1..64 of [A-Za-z0-9._-]: " + d.id);
                    }
                    desktops.add(new LocalDesktop(d.id, d.name == null ? d.id : d.name, d.kernel, d.initrd, d.append,
                            d.memoryMb, d.vga, List.copyOf(d.extraArgs), d.autostart));
                }
                return new LocalQemuProvider(p.qemuBinary, c.resolve("vms"), desktops,
                        Duration.ofSeconds(p.passwordValiditySeconds), Duration.ofSeconds(p.passwordGraceSeconds),
                        Duration.ofSeconds(p.shutdownTimeoutSeconds));
            }
            case "proxmox" -> {
                return ProxmoxProvider.create(p, c.dataPath(), clock);
            }
            case "fixed" -> {
                List<FixedSpiceProvider.FixedDesktop> desktops = new ArrayList<>();
                for (ControllerConfig.Desktop d : p.desktops) {
                    if (d.id == null || !d.id.matches("[A-Za-z0-9._-]{1,64}")) {
                        throw new IOException("config: desktop id must be 1..64 of [A-Za-z0-9._-]: " + d.id);
                    }
                    try {
                        desktops.add(new FixedSpiceProvider.FixedDesktop(d.id, d.name == null ? d.id : d.name,
                                d.spiceHost, d.spicePort, d.spicePassword));
                    } catch (IllegalArgumentException e) {
                        throw new IOException("config: " + e.getMessage(), e);
                    }
                }
                return new FixedSpiceProvider(desktops);
            }
            default -> throw new IOException("config: provider.type must be local-qemu, proxmox or fixed: " + p.type);
        }
    }

    private static PrivateKey gatewayKey(Path pem) throws IOException, GeneralSecurityException {
        return Files.exists(pem) ? Ed25519Keys.readPrivateKey(pem) : Ed25519Keys.generate(pem);
    }

    public int port() {
        return server.port();
    }

    /** {@code https://host:port} (or {@code http://} when plain HTTP is configured). */
    public String baseUrl() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return (certificate == null ? "http" : "https") + "://" + h + ":" + port();
    }

    /** The served certificate, or null over plain HTTP. */
    public ControllerCertificate certificate() {
        return certificate;
    }

    /** Connections the HTTP front closed because their request head came too slowly. */
    public long slowHeadsClosed() {
        return server.slowHeadsClosed();
    }

    public CloudProvider provider() {
        return provider;
    }

    public Store store() {
        return store;
    }

    /** Readiness turns false (load balancers stop sending new requests); the API keeps answering until {@link #close}. */
    public void stopping() {
        readiness.stopping();
    }

    @Override
    public void close() {
        readiness.stopping();
        server.close();
        powerWatch.shutdownNow();
        powerWorkers.shutdownNow();
        provider.close();
        try {
            audit.close();
        } catch (IOException ignored) {
            // the audit file is flushed after every line
        }
        store.close();
    }
}
