package org.thinspice.controller.http;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How the HTTP front listens and what it tolerates.
 *
 * @param threads workers that run requests (the server adds its own acceptor and selector threads)
 * @param queue requests that may wait for a worker; beyond it new requests are refused
 * @param maxConnections open connections beyond which the server stops accepting until some close
 * @param headTimeout a request head (and, with TLS, the handshake) must be complete this long after
 *        the connection became ready for it, or the connection is closed — a peer trickling bytes
 *        never lets the idle timeout fire
 * @param idleTimeout a connection with no traffic at all is closed after this
 * @param bodyTimeout a request body must have arrived this long after its head (408 otherwise)
 * @param maxHeaderBytes request line plus headers (431 beyond)
 * @param maxBody request body (413 beyond)
 * @param accessLog NCSA access log file, or null for none
 * @param proxyProtocol accept HAProxy's PROXY protocol (v1 or v2) header on a connection, so the client address
 *        behind a TCP-mode load balancer is the peer's (lockouts per address, audit); connections without one
 *        are served as before
 */
public record HttpSettings(String host, int port, int threads, int queue, int maxConnections, Duration headTimeout,
        Duration idleTimeout, Duration bodyTimeout, int maxHeaderBytes, int maxBody, Path accessLog,
        boolean proxyProtocol) {

    public HttpSettings(String host, int port, int threads, int queue, int maxConnections, Duration headTimeout,
            Duration idleTimeout, Duration bodyTimeout, int maxHeaderBytes, int maxBody, Path accessLog) {
        this(host, port, threads, queue, maxConnections, headTimeout, idleTimeout, bodyTimeout, maxHeaderBytes, maxBody,
                accessLog, false);
    }

    public HttpSettings {
        if (threads < 1 || queue < 1 || maxConnections < 1 || maxHeaderBytes < 1024 || maxBody < 1) {
            throw new IllegalArgumentException("threads, queue, maxConnections and maxBody must be positive, maxHeaderBytes at least 1024");
        }
        if (headTimeout.isNegative() || headTimeout.isZero() || idleTimeout.isNegative() || idleTimeout.isZero()
                || bodyTimeout.isNegative() || bodyTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
    }
}
