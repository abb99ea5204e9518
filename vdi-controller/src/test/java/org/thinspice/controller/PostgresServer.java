package org.thinspice.controller;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away PostgreSQL 15 (Debian's server binaries) for the store's integration tests: its own
 * cluster in a temp directory, on 127.0.0.1 and a free port, run as user postgres with trust auth,
 * stopped by its postmaster's pid. It can be stopped (fast: clients are cut off) and started again
 * on the same port and data, as an administrator's restart would.
 */
final class PostgresServer implements AutoCloseable {
    private static final Path PG_BIN = Path.of("/usr/lib/postgresql/15/bin");

    private final Path dir;
    private final Path data;
    private final int port;
    private Process runuser;

    private PostgresServer(Path dir, int port) {
        this.dir = dir;
        this.data = dir.resolve("data");
        this.port = port;
    }

    /** initdb and start. */
    static PostgresServer start() throws IOException, InterruptedException {
        if (!Files.isExecutable(PG_BIN.resolve("postgres"))) {
            throw new IOException("PostgreSQL 15 is not installed (" + PG_BIN + "; vdi-controller/packages.txt lists postgresql)");
        }
        Path dir = Files.createTempDirectory("ts-pg");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        PostgresServer pg = new PostgresServer(dir, port);
        run("chown", "-R", "postgres", dir.toString());
        run("runuser", "-u", "postgres", "--", PG_BIN.resolve("initdb").toString(), "-D", pg.data.toString(),
                "--auth=trust", "-U", "postgres", "--no-sync");
        pg.startAgain();
        return pg;
    }

    String url() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    /** Points {@code c}'s store at this server. */
    ControllerConfig use(ControllerConfig c) {
        c.store.url = url();
        c.store.user = "postgres";
        return c;
    }

    /** Starts the server (again) and waits until it accepts connections. */
    void startAgain() throws IOException, InterruptedException {
        runuser = new ProcessBuilder("runuser", "-u", "postgres", "--", PG_BIN.resolve("postgres").toString(),
                "-D", data.toString(), "-p", Integer.toString(port), "-h", "127.0.0.1", "-k", dir.toString(),
                "-c", "fsync=off").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("pg.log").toFile())).start();
        for (int i = 0; i < 300; i++) {
            if (new ProcessBuilder(PG_BIN.resolve("pg_isready").toString(), "-q", "-h", "127.0.0.1", "-p",
                    Integer.toString(port)).start().waitFor() == 0) {
                return;
            }
            if (!runuser.isAlive()) {
                throw new IOException("postgres exited at start: " + Files.readString(dir.resolve("pg.log")));
            }
            Thread.sleep(100);
        }
        throw new IOException("postgres did not accept connections within 30 s: " + Files.readString(dir.resolve("pg.log")));
    }

    /** Fast shutdown (SIGINT to the postmaster: sessions are cut off), waiting until it is gone. */
    void stop() throws IOException, InterruptedException {
        Path pidFile = data.resolve("postmaster.pid");
        if (Files.exists(pidFile)) {
            List<String> lines = Files.readAllLines(pidFile);
            long pid = Long.parseLong(lines.get(0).trim());
            run("kill", "-INT", Long.toString(pid));
            ProcessHandle.of(pid).ifPresent(h -> h.onExit().orTimeout(30, TimeUnit.SECONDS).join());
        }
        if (runuser != null) {
            runuser.waitFor(10, TimeUnit.SECONDS);
            runuser.destroy();
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        stop();
    }

    private static void run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + out);
        }
    }
}
