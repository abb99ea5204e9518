package org.thinspice.installers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.thinspice.testbed.Programs;

/**
 * A Debian 12 machine with systemd as its PID 1: the cached root ({@code installers/it-root.sh}) unpacked
 * into a fresh folder and booted with {@code systemd-nspawn --boot} on a private network (its own loopback,
 * so its ports never meet the host's). Commands run inside through {@code nsenter} into the container's
 * namespaces. {@link #close} shuts it down (SIGTERM to nspawn, an orderly systemd shutdown) and removes
 * the folder.
 */
final class NspawnMachine implements AutoCloseable {
    record Result(int exit, String output) {
        boolean ok() {
            return exit == 0;
        }
    }

    private final Path dir;
    private final Path log;
    private final Process nspawn;
    private final long leader;

    private NspawnMachine(Path dir, Path log, Process nspawn, long leader) {
        this.dir = dir;
        this.log = log;
        this.nspawn = nspawn;
        this.leader = leader;
    }

    /** Boots a fresh machine with {@code debs} visible read-only at {@code /debs}. */
    static NspawnMachine boot(Path debs, Path logDir) throws Exception {
        Programs.system().require("systemd-nspawn", "systemd-container");
        Programs.system().require("nsenter", "util-linux");
        Result root = host(Duration.ofMinutes(40), "bash", Path.of("it-root.sh").toAbsolutePath().toString());
        if (!root.ok()) {
            throw new IllegalStateException("it-root.sh failed: " + root.output());
        }
        String lines[] = root.output().strip().split("\n");
        Path tar = Path.of(lines[lines.length - 1].strip());
        Path dir = Files.createTempDirectory(Path.of("/var/tmp"), "thinspice-nspawn-");
        Result x = host(Duration.ofMinutes(5), "tar", "-C", dir.toString(), "-xf", tar.toString());
        if (!x.ok()) {
            rm(dir);
            throw new IllegalStateException("unpacking " + tar + ": " + x.output());
        }
        String name = "ts-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        Files.createDirectories(logDir);
        Path log = logDir.resolve(name + ".log");
        Process p = new ProcessBuilder("systemd-nspawn", "-D", dir.toString(), "--boot", "--register=no", "--keep-unit",
                "--private-network", "--machine=" + name, "--console=pipe", "--bind-ro=" + debs.toAbsolutePath() + ":/debs")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long leader = -1;
        try {
            Instant until = Instant.now().plus(Duration.ofMinutes(2));
            while (leader < 0) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("systemd-nspawn ended (exit " + p.exitValue() + "): " + Files.readString(log));
                }
                // nspawn's first child is a short-lived helper; the container's init is the child named systemd
                List<ProcessHandle> kids = p.children().filter(NspawnMachine::isSystemd).toList();
                if (!kids.isEmpty()) {
                    leader = kids.get(0).pid();
                } else if (Instant.now().isAfter(until)) {
                    throw new IllegalStateException("the container's init did not appear within 2 min: " + Files.readString(log));
                } else {
                    Thread.sleep(100);
                }
            }
            NspawnMachine m = new NspawnMachine(dir, log, p, leader);
            Result state = m.waitFor(Duration.ofMinutes(3), r -> r.output().contains("running") || r.output().contains("degraded"),
                    "systemctl", "is-system-running");
            if (!state.output().contains("running") && !state.output().contains("degraded")) {
                String failed = m.exec(Duration.ofSeconds(30), "systemctl", "--failed", "--no-pager").output();
                m.close();
                throw new IllegalStateException("the container's systemd did not reach running: " + state.output() + "\n" + failed);
            }
            return m;
        } catch (Exception | Error e) {
            if (p.isAlive()) {
                p.destroy();
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
            rm(dir);
            throw e;
        }
    }

    /** A command inside the machine (as root), with a time limit. */
    Result exec(Duration limit, String... cmd) throws IOException, InterruptedException {
        // --root/--wd: the container's own root and working directory. Entering its mount namespace alone gives
        // that namespace's first root, which is the host's / when nspawn itself ran in a chroot (test-fresh).
        List<String> all = new ArrayList<>(List.of("nsenter", "-t", Long.toString(leader), "-a", "--root", "--wd", "--",
                "/usr/bin/env", "-i", "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                "LANG=C.UTF-8", "DEBIAN_FRONTEND=noninteractive", "HOME=/root"));
        all.addAll(List.of(cmd));
        return host(limit, all.toArray(String[]::new));
    }

    /** A shell script inside the machine. */
    Result sh(String script) throws IOException, InterruptedException {
        return exec(Duration.ofMinutes(3), "bash", "-c", script);
    }

    /** Runs the command until {@code done} accepts its result or the time is up; the last result. */
    Result waitFor(Duration limit, Predicate<Result> done, String... cmd) throws IOException, InterruptedException {
        Instant until = Instant.now().plus(limit);
        Result r;
        do {
            r = exec(Duration.ofSeconds(60), cmd);
            if (done.test(r)) {
                return r;
            }
            Thread.sleep(500);
        } while (Instant.now().isBefore(until));
        return r;
    }

    Result waitForSh(Duration limit, String script) throws IOException, InterruptedException {
        return waitFor(limit, Result::ok, "bash", "-c", script);
    }

    Path log() {
        return log;
    }

    @Override
    public void close() throws Exception {
        try {
            if (nspawn.isAlive()) {
                nspawn.destroy(); // SIGTERM: nspawn asks the container's systemd for an orderly shutdown
                if (!nspawn.waitFor(90, TimeUnit.SECONDS)) {
                    nspawn.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        } finally {
            rm(dir);
        }
    }

    static Result host(Duration limit, String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        byte[][] out = new byte[1][];
        Thread reader = new Thread(() -> {
            try {
                out[0] = p.getInputStream().readAllBytes();
            } catch (IOException e) {
                out[0] = ("(reading output failed: " + e + ")").getBytes(StandardCharsets.UTF_8);
            }
        });
        reader.start();
        if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            reader.join(5000);
            return new Result(-1, "timed out after " + limit + ": " + String.join(" ", cmd) + "\n"
                    + (out[0] == null ? "" : new String(out[0], StandardCharsets.UTF_8)));
        }
        reader.join();
        return new Result(p.exitValue(), new String(out[0], StandardCharsets.UTF_8));
    }

    private static boolean isSystemd(ProcessHandle h) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(h.pid()), "comm")).strip().equals("systemd");
        } catch (IOException e) {
            return false; // gone already
        }
    }

    private static void rm(Path dir) throws IOException, InterruptedException {
        if (dir.startsWith("/var/tmp") && dir.getFileName().toString().startsWith("thinspice-nspawn-")) {
            host(Duration.ofMinutes(2), "rm", "-rf", "--one-file-system", dir.toString());
        }
    }
}
