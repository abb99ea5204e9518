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
 * Debian's squid as an HTTP CONNECT proxy with its own config (root, {@code squid -f CONF -N},
 * {@code cache_effective_user proxy}): on 127.0.0.1 for 127.0.0.1 clients by default, or on a {@link NetLab}
 * host. {@link #close()} stops it by pid.
 */
public final class Squid implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    private final Path workDir;
    private final String host;
    private final int port;
    private final String allowFrom;
    private final List<String> launchPrefix;
    private Process process;

    private Squid(Path workDir, String host, int port, String allowFrom, List<String> launchPrefix) {
        this.workDir = workDir;
        this.host = host;
        this.port = port;
        this.allowFrom = allowFrom;
        this.launchPrefix = List.copyOf(launchPrefix);
    }

    /** Starts squid on a free port with a work dir under {@code target/testbed/} (or a temp dir); waits until it accepts. */
    public static Squid start() throws IOException {
        return start(Commands.newWorkDir("squid"));
    }

    /** Starts squid with its config, logs and pid file in {@code workDir}. */
    public static Squid start(Path workDir) throws IOException {
        return start(workDir, "127.0.0.1", "127.0.0.1/32", List.of());
    }

    /**
     * Starts squid on {@code host}, allowing clients from {@code allowFrom} (CIDR), launched with
     * {@code launchPrefix} in front of its command line (e.g. {@link NetLab#in}); with a prefix, readiness is read
     * from squid's log, since the caller may not reach {@code host} itself.
     */
    public static Squid start(Path workDir, String host, String allowFrom, List<String> launchPrefix)
            throws IOException {
        Files.createDirectories(workDir);
        // squid drops to user proxy, which must reach its logs: a checkout under a private home (/root is
        // 0700 on a new Debian machine) is out of its reach, so squid then works in a directory under /tmp.
        Path dir = reachableByOthers(workDir) ? workDir : Files.createTempDirectory("testbed-squid-");
        Squid squid = new Squid(dir, host, FreePorts.pick(), allowFrom, launchPrefix);
        try {
            squid.launch();
            return squid;
        } catch (IOException | RuntimeException e) {
            squid.close();
            throw e;
        }
    }

    /** Whether every directory from the root down to {@code dir} lets other users pass. */
    static boolean reachableByOthers(Path dir) throws IOException {
        for (Path p = dir.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
            if (!Files.getPosixFilePermissions(p).contains(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE)) {
                return false;
            }
        }
        return true;
    }

    private void launch() throws IOException {
        Path conf = workDir.resolve("squid.conf");
        Files.writeString(conf, String.join("\n",
                "http_port " + host + ":" + port,
                "acl localnet src " + allowFrom,
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
        List<String> cmd = new java.util.ArrayList<>(launchPrefix);
        cmd.addAll(List.of("squid", "-f", conf.toString(), "-N"));
        process = new ProcessBuilder(cmd).directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(workDir.resolve("squid.out.log").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        Processes.closeAtExit(this);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("squid exited with " + process.exitValue() + ":\n" + logs());
            }
            if (launchPrefix.isEmpty()) {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(host(), port), 200);
                    return;
                } catch (IOException notYet) {
                    UnixLines.sleep(30);
                }
            } else if (Files.exists(cacheLog()) && Files.readString(cacheLog(), StandardCharsets.ISO_8859_1)
                    .contains("Accepting HTTP Socket connections")) {
                return;
            } else {
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

    /** The address squid listens on: "127.0.0.1" unless started on another host. */
    public String host() {
        return host;
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
