package org.thinspice.gateway;

/**
 * A parsed CONNECT request head.
 *
 * @param host    the authority's host part (for thinspice: the ticket text)
 * @param port    the authority's port
 * @param version "HTTP/1.0" or "HTTP/1.1"
 */
public record ConnectHead(String host, int port, String version) {
}
