package org.thinspice.controller.desktop;

import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.thinspice.controller.audit.AuditLog;
import org.thinspice.controller.http.ApiException;
import org.thinspice.controller.http.Request;
import org.thinspice.controller.provider.CloudProvider;
import org.thinspice.controller.provider.SpiceTarget;
import org.thinspice.controller.store.Session;
import org.thinspice.controller.ticket.GatewayTicketMinter;

/**
 * Mints a connection when the user clicks: one-time SPICE credentials from the platform and, when a
 * gateway is configured, a gateway ticket bound to user, terminal, target host and ports. The result
 * is a .vv valid for seconds.
 */
public final class ConnectionService {
    private final DesktopService desktops;
    private final CloudProvider provider;
    private final GatewayTicketMinter minter;
    private final String gatewayProxy;
    private final String gatewayTargetHost;
    private final AuditLog audit;
    private final Clock clock;
    private final long validitySeconds;

    /** {@code minter}/{@code gatewayProxy} null = direct connections (no gateway). */
    public ConnectionService(DesktopService desktops, CloudProvider provider, GatewayTicketMinter minter, String gatewayProxy,
            String gatewayTargetHost, AuditLog audit, Clock clock, long validitySeconds) {
        this.desktops = desktops;
        this.provider = provider;
        this.minter = minter;
        this.gatewayProxy = gatewayProxy;
        this.gatewayTargetHost = gatewayTargetHost;
        this.audit = audit;
        this.clock = clock;
        this.validitySeconds = validitySeconds;
    }

    public String connect(Request r, Session s, String desktopId) throws SQLException {
        UserDesktop d = desktops.desktop(s, desktopId);
        SpiceTarget t;
        try {
            t = DesktopService.Providers.call(() -> provider.connect(desktops.context(s), desktopId));
        } catch (ApiException e) {
            audit.record("connect", "failed", s.username(), s.terminalId(), desktopId, r.remoteAddress(), e.getMessage());
            throw e;
        }
        String host = t.host();
        String proxy = t.platformProxy();
        String route = proxy == null ? "direct" : "platform proxy";
        if (minter != null) {
            List<Integer> ports = new ArrayList<>();
            if (t.port() > 0) {
                ports.add(t.port());
            }
            if (t.tlsPort() > 0) {
                ports.add(t.tlsPort());
            }
            if (t.platformProxy() == null) {
                String targetHost = t.host().equals("127.0.0.1") ? gatewayTargetHost : t.host();
                host = minter.mint(s.username(), s.terminalId(), desktopId, targetHost, ports);
                route = "gateway";
            } else {
                // the desktop is reachable only through the platform's proxy (Proxmox: qemu listens on the
                // node's loopback, spiceproxy on :3128 routes to it): the gateway asks that proxy in turn
                host = minter.mint(s.username(), s.terminalId(), desktopId, t.host(), ports,
                        hostPort(t.platformProxy()));
                route = "gateway via platform proxy";
            }
            proxy = gatewayProxy;
        }
        long expires = clock.millis() / 1000 + validitySeconds;
        String vv = ConnectionFiles.write(t, host, proxy, d, expires);
        audit.record("connect", "ok", s.username(), s.terminalId(), desktopId, r.remoteAddress(), route);
        return vv;
    }

    /** {@code host:port} of a proxy URL such as {@code http://pve1.example:3128}. */
    static String hostPort(String proxyUrl) {
        java.net.URI u = java.net.URI.create(proxyUrl);
        if (u.getHost() == null || u.getPort() < 0) {
            throw new IllegalStateException("the platform's proxy is not http://host:port: " + proxyUrl);
        }
        return u.getHost() + ":" + u.getPort();
    }
}
