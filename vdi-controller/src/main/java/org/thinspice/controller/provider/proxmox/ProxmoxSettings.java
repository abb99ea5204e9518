package org.thinspice.controller.provider.proxmox;

import java.time.Duration;
import org.thinspice.controller.ControllerConfig;

/**
 * The provider's settings: realm for user names, the {@code proxy} sent to spiceproxy, how long a shutdown
 * may take, how long a power action may take in all, and when a user's ticket is renewed.
 */
record ProxmoxSettings(String realm, String spiceProxy, Duration shutdownTimeout, Duration taskTimeout,
        Duration ticketRenewAfter) {
    static ProxmoxSettings of(ControllerConfig.Provider p) {
        if (p.ticketRenewSeconds <= 0 || p.ticketRenewSeconds >= 7200) {
            throw new IllegalArgumentException("config: provider.ticketRenewSeconds must be 1..7199 (PVE tickets live 7200 s)");
        }
        if (!p.proxy.isEmpty() && !p.proxy.matches("[A-Za-z0-9.\\-]{1,253}|[0-9A-Fa-f:.]{2,45}")) {
            throw new IllegalArgumentException("config: provider.proxy must be a host name or address (PVE adds :3128)");
        }
        // the whole action waits for the guest's shutdown first
        Duration task = Duration.ofSeconds(Math.max(p.taskTimeoutSeconds, p.shutdownTimeoutSeconds + 30));
        return new ProxmoxSettings(p.realm, p.proxy, Duration.ofSeconds(p.shutdownTimeoutSeconds), task,
                Duration.ofSeconds(p.ticketRenewSeconds));
    }
}
