package org.thinspice.testbed;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * remote-viewer (virt-viewer's SPICE client, the reference the tests compare with) on an {@link XServer};
 * stopped by pid on close. Its output goes to the given log file.
 */
public final class RemoteViewer implements AutoCloseable {
    private final Process process;
    private final Path log;

    private RemoteViewer(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** remote-viewer with {@code args} (a {@code spice://} URI or a {@code .vv} path, options). */
    public static RemoteViewer start(XServer x, Path log, String... args) throws IOException {
        return launch(x, log, null, args);
    }

    /** remote-viewer reading the {@code .vv} text from standard input ({@code remote-viewer -}), as PVE-VDIClient runs it. */
    public static RemoteViewer startWithVv(XServer x, Path log, String vv) throws IOException {
        return launch(x, log, vv, "-");
    }

    private static RemoteViewer launch(XServer x, Path log, String stdin, String... args) throws IOException {
        Path exe = Programs.system().require("remote-viewer", "virt-viewer");
        List<String> cmd = new ArrayList<>(List.of(exe.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = x.command(cmd.toArray(String[]::new)).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("VIRT_VIEWER_KEEP_FILE", "1");
        Process p = pb.start();
        RemoteViewer viewer = Processes.closeAtExit(new RemoteViewer(p, log));
        try (var in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        return viewer;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** What remote-viewer printed so far (for assertion messages). */
    public String log() {
        try {
            return Processes.tail(java.nio.file.Files.readString(log, StandardCharsets.ISO_8859_1), 4000);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        Processes.stop(process, Duration.ofSeconds(3));
        Processes.forget(this);
    }
}
