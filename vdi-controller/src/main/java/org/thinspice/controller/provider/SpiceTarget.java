package org.thinspice.controller.provider;

/**
 * One-time SPICE credentials for a desktop. {@code port}/{@code tlsPort} are -1 when absent.
 * {@code platformProxy} is set when the platform brings its own CONNECT proxy (Proxmox spiceproxy,
 * with its ticket in {@code host}); {@code hostSubject} and {@code ca} pin the SPICE TLS certificate.
 */
public record SpiceTarget(String host, int port, int tlsPort, String password, String platformProxy, String hostSubject,
        String ca, String title) {
}
