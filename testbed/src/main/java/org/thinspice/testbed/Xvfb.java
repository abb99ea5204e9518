package org.thinspice.testbed;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An Xvfb X server on a free display (1280x1024x24, no TCP), stopped by pid on close, plus the X
 * clipboard oracle: {@link #xclip} runs xclip on that display, so a test reads the selection owner's
 * data through X itself rather than through the client under test.
 */
public final class Xvfb implements AutoCloseable {
    private final int display;
    private final Process process;

    private Xvfb(int display, Process process) {
        this.display = display;
        this.process = process;
    }

    /** Starts Xvfb on the first free display from a per-JVM offset; its output goes to {@code workDir/xvfb.log}. */
    public static Xvfb start(Path workDir) throws IOException {
        Files.createDirectories(workDir);
        Path log = workDir.resolve("xvfb.log");
        for (int d = 60 + (int) (ProcessHandle.current().pid() % 100); d < 400; d++) {
            if (Files.exists(Path.of("/tmp/.X11-unix/X" + d)) || Files.exists(Path.of("/tmp/.X" + d + "-lock"))) {
                continue;
            }
            Process p = new ProcessBuilder("Xvfb", ":" + d, "-screen", "0", "1280x1024x24", "-nolisten", "tcp")
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Xvfb x = Processes.closeAtExit(new Xvfb(d, p));
            if (x.awaitSocket(log)) {
                return x;
            }
            x.close(); // lost a race for this display to another test: try the next one
        }
        throw new IOException("no free X display for Xvfb (see " + log + ")");
    }

    private boolean awaitSocket(Path log) throws IOException {
        Path socket = Path.of("/tmp/.X11-unix/X" + display);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!Files.exists(socket)) {
            if (!process.isAlive()) {
                return false;
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("Xvfb :" + display + " did not start: "
                        + Files.readString(log, StandardCharsets.ISO_8859_1));
            }
            UnixLines.sleep(20);
        }
        return true;
    }

    /** The display name, e.g. {@code :63}. */
    public String display() {
        return ":" + display;
    }

    /** Sets {@code DISPLAY} for a process to be started on this server. */
    public ProcessBuilder on(ProcessBuilder pb) {
        pb.environment().put("DISPLAY", display());
        return pb;
    }

    /** Runs xclip with {@code args} on this display, {@code stdin} piped in when not null; returns stdout. */
    public byte[] xclip(byte[] stdin, Duration timeout, String... args) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(List.of("xclip")));
        pb.command().addAll(List.of(args));
        on(pb).redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        try {
            if (stdin != null) {
                p.getOutputStream().write(stdin);
            }
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IOException("xclip " + String.join(" ", args) + " timed out");
            }
            return out;
        } finally {
            Processes.stop(p, Duration.ofSeconds(1));
        }
    }

    /** The CLIPBOARD selection as UTF-8 text, empty when nobody owns it or the owner offers no text. */
    public String clipboardText(Duration timeout) throws IOException, InterruptedException {
        return new String(xclip(null, timeout, "-o", "-selection", "clipboard"), StandardCharsets.UTF_8);
    }

    /**
     * Starts xclip in the background owning a selection with {@code stdin} (e.g. {@code -i -selection
     * clipboard -loops 1}, which serves one paste and exits; with {@code -quiet} and no loops it serves
     * until another client takes the selection or it is stopped). Stop it with {@link Processes#stop}.
     */
    public Process xclipInBackground(byte[] stdin, String... args) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(List.of("timeout", "120", "xclip")));
        pb.command().addAll(List.of(args));
        on(pb).redirectError(ProcessBuilder.Redirect.DISCARD).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        p.getOutputStream().write(stdin);
        p.getOutputStream().close();
        return p;
    }

    @Override
    public void close() {
        Processes.stop(process, Duration.ofSeconds(2));
        Processes.forget(this);
    }
}
