package org.thinspice.controller;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.thinspice.testbed.Picture;
import org.thinspice.testbed.Ppm;

/** Xvfb and remote-viewer for the client-side oracle: the real viewer, its screen read back with xwd. */
final class Screens {
    private Screens() {
    }

    /** Starts Xvfb on a free display number; returns the process (stop it by pid). */
    static Process xvfb(int[] displayOut, Path log) throws IOException {
        for (int n = 90 + (int) (ProcessHandle.current().pid() % 50); n < 400; n++) {
            if (Files.exists(Path.of("/tmp/.X11-unix/X" + n)) || Files.exists(Path.of("/tmp/.X" + n + "-lock"))) {
                continue;
            }
            Process p = new ProcessBuilder("Xvfb", ":" + n, "-screen", "0", "1280x1024x24", "-nolisten", "tcp")
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline && p.isAlive()) {
                if (Files.exists(Path.of("/tmp/.X11-unix/X" + n))) {
                    displayOut[0] = n;
                    return p;
                }
                sleep(50);
            }
            stop(p);
        }
        throw new IOException("no Xvfb display could be started");
    }

    /** remote-viewer reading the .vv from stdin ("remote-viewer -"), as PVE-VDIClient runs it. */
    static Process remoteViewer(int display, String vv, Path log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder("remote-viewer", "-").redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("DISPLAY", ":" + display);
        pb.environment().put("VIRT_VIEWER_KEEP_FILE", "1");
        Process p = pb.start();
        try (var in = p.getOutputStream()) {
            in.write(vv.getBytes(StandardCharsets.UTF_8));
        }
        return p;
    }

    /** The whole X screen, via xwd and ImageMagick's convert to PPM. */
    static Picture screen(int display, Path dir) throws IOException, InterruptedException {
        Path xwd = dir.resolve("screen.xwd");
        Path ppm = dir.resolve("screen.ppm");
        run(new ProcessBuilder("xwd", "-root", "-silent", "-display", ":" + display, "-out", xwd.toString()));
        run(new ProcessBuilder("convert", "xwd:" + xwd, "ppm:" + ppm));
        return Ppm.read(ppm);
    }

    private static void run(ProcessBuilder pb) throws IOException, InterruptedException {
        Process p = pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
            stop(p);
            throw new IOException(String.join(" ", pb.command()) + " failed");
        }
    }

    static void stop(Process p) {
        if (p == null) {
            return;
        }
        p.destroy();
        try {
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
