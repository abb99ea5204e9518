package org.thinspice.testbed;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs short host commands (openssl, id, chown) with a bound on time; output goes to a log file. */
final class Commands {
    private Commands() {
    }

    /** Runs {@code command} in {@code dir}; returns its combined output; non-zero exit or timeout is an IOException. */
    static String run(List<String> command, Path dir, Duration timeout) throws IOException {
        Path log = Files.createTempFile("testbed-cmd", ".log");
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(nullFile())).start();
            boolean done;
            try {
                done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                done = false;
            }
            if (!done) {
                Processes.stop(p, Duration.ofSeconds(1));
                throw new IOException("timed out after " + timeout + ": " + String.join(" ", command));
            }
            String out = Files.readString(log, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IOException("exit " + p.exitValue() + ": " + String.join(" ", command) + "\n"
                        + Processes.tail(out, 2000));
            }
            return out;
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static java.io.File nullFile() {
        return new java.io.File("/dev/null");
    }

    /** A fresh work dir: {@code target/testbed/<prefix>-N} when the current dir is a Maven module, else a temp dir. */
    static Path newWorkDir(String prefix) throws IOException {
        Path target = Path.of(System.getProperty("user.dir"), "target");
        if (Files.isDirectory(target)) {
            Path base = Files.createDirectories(target.resolve("testbed"));
            return Files.createTempDirectory(base, prefix + "-");
        }
        return Files.createTempDirectory("testbed-" + prefix + "-");
    }
}
