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
    private final XServer x;
    private final RemoteViewer viewer;

    private RemoteViewerSession(XServer x, RemoteViewer viewer) {
        this.x = x;
        this.viewer = viewer;
    }

    static RemoteViewerSession start(QemuSpiceServer qemu) throws IOException {
        XServer x = XServer.start(qemu.workDir(), 1280, 1024);
        try {
            return new RemoteViewerSession(x, RemoteViewer.start(x, qemu.workDir().resolve("remote-viewer.log"),
                    "spice://" + qemu.host() + ":" + qemu.port()));
        } catch (IOException | RuntimeException e) {
            x.close();
            throw e;
        }
    }

    /** Runs xclip with {@code args} on this display, {@code stdin} piped in when not null; returns stdout. */
    byte[] xclip(byte[] stdin, Duration timeout, String... args) throws IOException, InterruptedException {
        return x.xclip(stdin, timeout, args);
    }

    /** Starts xclip in the background (e.g. {@code -i -loops 1}, which serves one paste and exits). */
    Process xclipInBackground(byte[] stdin, String... args) throws IOException {
        return x.xclipInBackground(stdin, args);
    }

    /** Runs xdotool with {@code args} on this display (moves the real X pointer over the viewer window). */
    void xdotool(String... args) throws IOException, InterruptedException {
        ProcessBuilder pb = x.command(program("xdotool", "xdotool", args));
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

    /** {@code name} with {@code args}, the program found on PATH (a missing one is named with its package). */
    private static String[] program(String name, String debianPackage, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Programs.system().require(name, debianPackage).toString()));
        cmd.addAll(List.of(args));
        return cmd.toArray(String[]::new);
    }

    @Override
    public void close() {
        viewer.close();
        x.close();
    }
}
