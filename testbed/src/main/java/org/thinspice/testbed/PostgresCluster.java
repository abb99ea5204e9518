package org.thinspice.testbed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A throw-away PostgreSQL 15 (Debian's server binaries): its own cluster in a temp directory, on 127.0.0.1 and a
 * free port, trust authentication, fsync off, stopped by its postmaster's pid. Run as user {@code postgres} when
 * this JVM is root (initdb refuses root), as the current user otherwise. It can be stopped (fast: clients are cut
 * off) and started again on the same port and data, as an administrator's restart would.
 */
public final class PostgresCluster implements AutoCloseable {
    private static final Path PG_BIN = Path.of("/usr/lib/postgresql/15/bin");

    private final Path dir;
    private final int port;
    private final int maxConnections;
    private final boolean root;
    private Process process;

    private PostgresCluster(Path dir, int port, int maxConnections, boolean root) {
        this.dir = dir;
        this.port = port;
        this.maxConnections = maxConnections;
        this.root = root;
    }

    /** initdb, start with {@code maxConnections}, wait until it accepts connections (at most 30 s). */
    public static PostgresCluster start(int maxConnections) throws IOException, InterruptedException {
        if (!Files.isExecutable(PG_BIN.resolve("postgres"))) {
            throw new IOException("PostgreSQL 15 is not installed (" + PG_BIN + "; install Debian's postgresql)");
        }
        Path dir = Files.createTempDirectory("ts-pg");
        Path data = dir.resolve("data");
        int port = FreePorts.pick();
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) {
            run(List.of("chown", "-R", "postgres", dir.toString()));
        }
        run(as(root, PG_BIN.resolve("initdb").toString(), "-D", data.toString(), "--auth=trust", "-U", "postgres",
                "--no-sync"));
        PostgresCluster pg = Processes.closeAtExit(new PostgresCluster(dir, port, maxConnections, root));
        try {
            pg.startAgain();
        } catch (IOException e) {
            pg.close();
            throw e;
        }
        return pg;
    }

    /** Starts the server (again, after {@link #stop()}) and waits until it accepts connections (at most 30 s). */
    public void startAgain() throws IOException, InterruptedException {
        process = new ProcessBuilder(as(root, PG_BIN.resolve("postgres").toString(), "-D", dir.resolve("data").toString(),
                "-p", Integer.toString(port), "-h", "127.0.0.1", "-k", dir.toString(), "-c", "fsync=off", "-c",
                "max_connections=" + maxConnections)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("pg.log").toFile())).start();
        for (int i = 0; i < 300; i++) {
            if (new ProcessBuilder(PG_BIN.resolve("pg_isready").toString(), "-q", "-h", "127.0.0.1", "-p",
                    Integer.toString(port)).start().waitFor() == 0) {
                return;
            }
            if (!process.isAlive()) {
                throw new IOException("postgres exited at start: " + Files.readString(dir.resolve("pg.log")));
            }
            Thread.sleep(100);
        }
        throw new IOException("postgres did not accept connections within 30 s: " + Files.readString(dir.resolve("pg.log")));
    }

    /** Fast shutdown (SIGINT to the postmaster by its pid: sessions are cut off), waiting until it is gone. */
    public void stop() throws IOException, InterruptedException {
        Path pidFile = dir.resolve("data/postmaster.pid");
        if (Files.exists(pidFile)) {
            long pid = pid();
            run(List.of("kill", "-INT", Long.toString(pid)));
            ProcessHandle.of(pid).ifPresent(h -> h.onExit().orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).join());
        }
        if (process != null) {
            Processes.stop(process, Duration.ofSeconds(10));
        }
    }

    private static List<String> as(boolean root, String... cmd) {
        List<String> l = new ArrayList<>();
        if (root) {
            l.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        l.addAll(List.of(cmd));
        return l;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    public String user() {
        return "postgres";
    }

    /** The postmaster's pid (read from its pid file: under runuser the child we started is runuser). */
    public long pid() throws IOException {
        return Long.parseLong(Files.readAllLines(dir.resolve("data/postmaster.pid")).get(0).trim());
    }

    /** Fast shutdown (SIGTERM to the postmaster by its pid: smart, then SIGKILL after 30 s). */
    @Override
    public void close() throws IOException {
        Processes.forget(this);
        Path pidFile = dir.resolve("data/postmaster.pid");
        if (Files.exists(pidFile)) {
            Processes.stop(pid(), Duration.ofSeconds(30));
        }
        if (process != null) {
            Processes.stop(process, Duration.ofSeconds(10));
        }
    }

    private static void run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + out);
        }
    }
}
