package org.thinspice.controller.provider;

/**
 * One-time SPICE credentials for a desktop. {@code port}/{@code tlsPort} are -1 when absent.
 * {@code platformProxy} is set when the platform brings its own CONNECT proxy (Proxmox spiceproxy,
 * with its ticket in {@code host}); {@code hostSubject} and {@code caKeyFileValue} pin the SPICE TLS
 * certificate. {@code caKeyFileValue} is the CA PEM already in key-file form — newlines written as the
 * two characters {@code \n}, exactly as Proxmox's {@code spiceproxy} returns it — and goes into the
 * {@code .vv} unchanged. With our gateway in the route, the gateway dials {@code platformProxy} and asks it for
 * {@code host:port} in turn.
 */
public record SpiceTarget(String host, int port, int tlsPort, String password, String platformProxy, String hostSubject,
        String caKeyFileValue, String title) {
}
