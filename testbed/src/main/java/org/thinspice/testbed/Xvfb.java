package org.thinspice.testbed;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * An Xvfb X server (1280x1024x24, no TCP) on a display number nobody uses, for reference clients such as
 * remote-viewer. {@link #close()} stops it by pid. Set {@code DISPLAY} to {@link #displayName()} in the
 * client's environment.
 */
public final class Xvfb implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    private final int display;
    private final Process process;

    private Xvfb(int display, Process process) {
        this.display = display;
        this.process = process;
    }

    /** Starts Xvfb on the first free display from a per-JVM offset; its output goes to {@code log}. */
    public static Xvfb start(Path log) throws IOException {
        Files.createDirectories(log.toAbsolutePath().getParent());
        String lastLog = "";
        for (int n = 100 + (int) (ProcessHandle.current().pid() % 200); n < 600; n++) {
            if (Files.exists(socket(n)) || Files.exists(Path.of("/tmp/.X" + n + "-lock"))) {
                continue;
            }
            Process p = new ProcessBuilder("Xvfb", ":" + n, "-screen", "0", "1280x1024x24", "-nolisten", "tcp")
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Xvfb x = Processes.closeAtExit(new Xvfb(n, p));
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            while (p.isAlive() && System.nanoTime() < deadline) {
                if (Files.exists(socket(n))) {
                    return x;
                }
                UnixLines.sleep(20);
            }
            x.close();
            // another process took the display between our check and Xvfb's start: try the next one
            lastLog = Files.readString(log, StandardCharsets.ISO_8859_1);
        }
        throw new IOException("no Xvfb display could be started; last log:\n" + Processes.tail(lastLog, 2000));
    }

    private static Path socket(int n) {
        return Path.of("/tmp/.X11-unix/X" + n);
    }

    /** The display number. */
    public int display() {
        return display;
    }

    /** {@code ":N"}, the value for {@code DISPLAY}. */
    public String displayName() {
        return ":" + display;
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        Processes.stop(process, Duration.ofSeconds(3));
        Processes.forget(this);
    }
}
