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
 * Xvfb on a free display plus remote-viewer (the reference SPICE client) connected to a QEMU, both
 * stopped by pid on close; {@link #xclip} runs xclip on that display (clipboard of the viewer).
 */
final class RemoteViewerSession implements AutoCloseable {
    private final int display;
    private final Path workDir;
    private Process xvfb;
    private Process viewer;

    private RemoteViewerSession(int display, Path workDir) {
        this.display = display;
        this.workDir = workDir;
    }

    static RemoteViewerSession start(QemuSpiceServer qemu) throws IOException {
        RemoteViewerSession s = null;
        for (int d = 60 + (int) (ProcessHandle.current().pid() % 30); s == null && d < 200; d++) {
            if (!Files.exists(Path.of("/tmp/.X11-unix/X" + d)) && !Files.exists(Path.of("/tmp/.X" + d + "-lock"))) {
                s = new RemoteViewerSession(d, qemu.workDir());
            }
        }
        if (s == null) {
            throw new IOException("no free X display");
        }
        try {
            s.startProcesses(qemu);
            return s;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    private void startProcesses(QemuSpiceServer qemu) throws IOException {
        xvfb = new ProcessBuilder("Xvfb", ":" + display, "-screen", "0", "1280x1024x24", "-nolisten", "tcp")
                .redirectErrorStream(true).redirectOutput(workDir.resolve("xvfb.log").toFile()).start();
        Path socket = Path.of("/tmp/.X11-unix/X" + display);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!Files.exists(socket)) {
            if (!xvfb.isAlive() || System.nanoTime() > deadline) {
                throw new IOException("Xvfb :" + display + " did not start: "
                        + Files.readString(workDir.resolve("xvfb.log"), StandardCharsets.ISO_8859_1));
            }
            UnixLines.sleep(20);
        }
        ProcessBuilder pb = new ProcessBuilder("timeout", "120", "remote-viewer",
                "spice://" + qemu.host() + ":" + qemu.port())
                .redirectErrorStream(true).redirectOutput(workDir.resolve("remote-viewer.log").toFile());
        pb.environment().put("DISPLAY", ":" + display);
        viewer = pb.start();
    }

    /** Runs xclip with {@code args} on this display, {@code stdin} piped in when not null; returns stdout. */
    byte[] xclip(byte[] stdin, Duration timeout, String... args) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(List.of("xclip")));
        pb.command().addAll(List.of(args));
        pb.environment().put("DISPLAY", ":" + display);
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
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

    /** Starts xclip in the background (e.g. {@code -i -loops 1}, which serves one paste and exits). */
    Process xclipInBackground(byte[] stdin, String... args) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(List.of("timeout", "30", "xclip")));
        pb.command().addAll(List.of(args));
        pb.environment().put("DISPLAY", ":" + display);
        pb.redirectError(ProcessBuilder.Redirect.DISCARD).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        p.getOutputStream().write(stdin);
        p.getOutputStream().close();
        return p;
    }

    /** Runs xdotool with {@code args} on this display (moves the real X pointer over the viewer window). */
    void xdotool(String... args) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(List.of("timeout", "10", "xdotool")));
        pb.command().addAll(List.of(args));
        pb.environment().put("DISPLAY", ":" + display);
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        try {
            if (!p.waitFor(15, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("xdotool " + String.join(" ", args) + " failed");
            }
        } finally {
            Processes.stop(p, Duration.ofSeconds(1));
        }
    }

    @Override
    public void close() {
        Processes.stop(viewer, Duration.ofSeconds(2));
        Processes.stop(xvfb, Duration.ofSeconds(2));
    }
}
