package org.thinspice.testbed;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Debian's squid as a loopback HTTP CONNECT proxy with its own config (root, {@code squid -f CONF -N},
 * {@code cache_effective_user proxy}). Allows only 127.0.0.1 clients. {@link #close()} stops it by pid.
 */
public final class Squid implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    private final Path workDir;
    private final int port;
    private Process process;

    private Squid(Path workDir, int port) {
        this.workDir = workDir;
        this.port = port;
    }

    /** Starts squid on a free port with a work dir under {@code target/testbed/} (or a temp dir); waits until it accepts. */
    public static Squid start() throws IOException {
        return start(Commands.newWorkDir("squid"));
    }

    /** Starts squid with its config, logs and pid file in {@code workDir}. */
    public static Squid start(Path workDir) throws IOException {
        Files.createDirectories(workDir);
        Squid squid = new Squid(workDir, FreePorts.pick());
        try {
            squid.launch();
            return squid;
        } catch (IOException | RuntimeException e) {
            squid.close();
            throw e;
        }
    }

    private void launch() throws IOException {
        Path conf = workDir.resolve("squid.conf");
        Files.writeString(conf, String.join("\n",
                "http_port 127.0.0.1:" + port,
                "acl localnet src 127.0.0.1/32",
                "http_access allow localnet",
                "http_access deny all",
                "cache deny all",
                "access_log stdio:" + accessLog(),
                "cache_log " + cacheLog(),
                "pid_filename " + workDir.resolve("squid.pid"),
                "coredump_dir " + workDir,
                "cache_effective_user proxy",
                // Without this squid waits 30 s for open tunnels on SIGTERM.
                "shutdown_lifetime 1 second", ""));
        // squid drops to user proxy and must still write its logs.
        Commands.run(List.of("chown", "-R", "proxy:proxy", workDir.toString()), workDir, Duration.ofSeconds(10));
        process = new ProcessBuilder("squid", "-f", conf.toString(), "-N").directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(workDir.resolve("squid.out.log").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        Processes.closeAtExit(this);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("squid exited with " + process.exitValue() + ":\n" + logs());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host(), port), 200);
                return;
            } catch (IOException notYet) {
                UnixLines.sleep(30);
            }
        }
        throw new IOException("squid did not listen on " + port + " within " + START_TIMEOUT + ":\n" + logs());
    }

    private String logs() {
        StringBuilder b = new StringBuilder();
        for (Path p : List.of(workDir.resolve("squid.out.log"), cacheLog())) {
            try {
                b.append(Processes.tail(Files.readString(p, StandardCharsets.ISO_8859_1), 1500));
            } catch (IOException e) {
                b.append("(no ").append(p.getFileName()).append(")");
            }
        }
        return b.toString();
    }

    /** Always "127.0.0.1". */
    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return port;
    }

    /** squid's access log ({@code TCP_TUNNEL/200 ... CONNECT 127.0.0.1:PORT} lines, written when a tunnel closes). */
    public Path accessLog() {
        return workDir.resolve("access.log");
    }

    /** squid's cache log (diagnostics). */
    public Path cacheLog() {
        return workDir.resolve("cache.log");
    }

    public Path workDir() {
        return workDir;
    }

    /** squid's (master) pid, -1 before start. */
    public long pid() {
        return process == null ? -1 : process.pid();
    }

    @Override
    public void close() {
        Processes.stop(process, Duration.ofSeconds(5));
        Processes.forget(this);
    }
}
