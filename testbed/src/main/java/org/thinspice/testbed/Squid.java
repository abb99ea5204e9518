package org.thinspice.testbed;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Debian's squid as a loopback HTTP CONNECT proxy with its own config (root, {@code squid -f CONF -N},
 * {@code cache_effective_user proxy}). Allows only 127.0.0.1 clients. {@link #close()} stops it by pid.
 */
public final class Squid implements AutoCloseable {

    private Squid() {
    }

    /** Starts squid on a free port with a work dir under {@code target/testbed/} (or a temp dir); waits until it accepts. */
    public static Squid start() throws IOException {
        throw new UnsupportedOperationException("skeleton");
    }

    /** Starts squid with its config, logs and pid file in {@code workDir}. */
    public static Squid start(Path workDir) throws IOException {
        throw new UnsupportedOperationException("skeleton");
    }

    /** Always "127.0.0.1". */
    public String host() {
        throw new UnsupportedOperationException("skeleton");
    }

    public int port() {
        throw new UnsupportedOperationException("skeleton");
    }

    /** squid's access log ({@code TCP_TUNNEL/200 ... CONNECT 127.0.0.1:PORT} lines). */
    public Path accessLog() {
        throw new UnsupportedOperationException("skeleton");
    }

    /** squid's cache log (diagnostics). */
    public Path cacheLog() {
        throw new UnsupportedOperationException("skeleton");
    }

    public Path workDir() {
        throw new UnsupportedOperationException("skeleton");
    }

    public long pid() {
        throw new UnsupportedOperationException("skeleton");
    }

    @Override
    public void close() {
        throw new UnsupportedOperationException("skeleton");
    }
}
