package org.thinspice.testbed;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Xvfb on a free display plus remote-viewer (the reference SPICE client) connected to a QEMU, both
 * stopped by pid on close; {@link #xclip} runs xclip on that display (clipboard of the viewer).
 */
final class RemoteViewerSession implements AutoCloseable {
    private final Xvfb xvfb;
    private Process viewer;

    private RemoteViewerSession(Xvfb xvfb) {
        this.xvfb = xvfb;
    }

    static RemoteViewerSession start(QemuSpiceServer qemu) throws IOException {
        RemoteViewerSession s = new RemoteViewerSession(Xvfb.start(qemu.workDir()));
        try {
            ProcessBuilder pb = new ProcessBuilder("timeout", "120", "remote-viewer",
                    "spice://" + qemu.host() + ":" + qemu.port())
                    .redirectErrorStream(true).redirectOutput(qemu.workDir().resolve("remote-viewer.log").toFile());
            s.viewer = s.xvfb.on(pb).start();
            return s;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** Runs xclip with {@code args} on this display, {@code stdin} piped in when not null; returns stdout. */
    byte[] xclip(byte[] stdin, Duration timeout, String... args) throws IOException, InterruptedException {
        return xvfb.xclip(stdin, timeout, args);
    }

    /** Starts xclip in the background (e.g. {@code -i -loops 1}, which serves one paste and exits). */
    Process xclipInBackground(byte[] stdin, String... args) throws IOException {
        return xvfb.xclipInBackground(stdin, args);
    }

    /** Runs xdotool with {@code args} on this display (moves the real X pointer over the viewer window). */
    void xdotool(String... args) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(List.of("timeout", "10", "xdotool")));
        pb.command().addAll(List.of(args));
        xvfb.on(pb).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
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
        xvfb.close();
    }
}
