package org.thinspice.engine.bench;

import org.thinspice.testbed.Processes;
import org.thinspice.testbed.ProcessCpu;
import org.thinspice.testbed.Picture;
import org.thinspice.testbed.QemuSpiceServer;
import org.thinspice.testbed.SceneFrames;
import org.thinspice.testbed.SpiceCountingRelay;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ./thinspice bench profiles [SECONDS]} ({@code session-vs-remote-viewer --profiles}): what the image compression
 * (PREFERRED_COMPRESSION) and the video codec order cost and give on the tiny guest's workloads, to choose the
 * {@code lan} / {@code wan} profiles by. One QEMU (qxl, streaming-video=filter), a counting relay, and for each
 * workload — {@code bars} and {@code photo} (still pictures, drawn before the session connects), {@code scroll} (text
 * scrolled a line at a time) and {@code anim} (the moving photo block) — and each compression ({@code lz4},
 * {@code auto_glz}; forced through {@code -Dthinspice.display.compression}) and, for the moving scenes, each codec
 * ({@code --codec mjpeg|vp8|h264}): a {@code thinspice session} with {@link SessionVsRemoteViewerBench#PROBE}. Moving
 * scenes: CPU and bytes over a window after a warm-up, PSNR of every presented stream frame; then the scene is frozen
 * (SIGSTOP) and, 4 s later, the final picture is compared with the host's render of the frame it shows. Still
 * pictures: the whole run's bytes and decode time, the final picture against {@code Patterns}.
 */
final class ProfilesBench {
    private static final Pattern PRESENTED = Pattern.compile("\"frames_presented\":(\\d+)");
    private static final Pattern LATE = Pattern.compile("\"stream_frames_late\":(\\d+)");
    private static final Pattern PROBE_CPU = Pattern.compile("\"probe_cpu_s\":([0-9.]+)");
    private static final Pattern PROBE_UNREADABLE = Pattern.compile("\"probe_unreadable\":(\\d+)");
    private static final Pattern PSNR_MEAN = Pattern.compile("\"psnr_mean\":([0-9.]+)");
    private static final Pattern PSNR_MIN = Pattern.compile("\"psnr_min\":([0-9.]+)");
    private static final Pattern FINAL_DIFFER = Pattern.compile("\"final_differ\":(-?\\d+)");
    private static final Pattern FINAL_PSNR = Pattern.compile("\"final_psnr\":([0-9.]+)");
    private static final Pattern DECODE_MS = Pattern.compile("\"decode_ms\":([0-9.]+)");
    private static final Pattern STREAM_BYTES = Pattern.compile("\"streams\":\\{[^}]*?\"bytes\":(\\d+)");
    private static final Pattern STREAM_FRAMES = Pattern.compile("\"streams\":\\{[^}]*?\"frames_received\":(\\d+)");

    private ProfilesBench() {
    }

    record Result(String workload, String compression, String codec, long bytesTotal, long bytesWindow,
                  double windowSeconds, double cpuWindow, double loadStart, double loadEnd, String json) {
        double num(Pattern p) {
            Matcher m = p.matcher(json);
            double sum = Double.NaN;
            while (m.find()) {
                double v = Double.parseDouble(m.group(1));
                sum = Double.isNaN(sum) ? v : sum + v;
                if (p != DECODE_MS) {
                    break;
                }
            }
            return sum;
        }
    }

    static void run(int seconds) throws Exception {
        int warmup = Math.min(8, seconds / 2);
        Path work = Files.createTempDirectory("bench-profiles");
        List<String> workloads = List.of(System.getProperty("bench.workloads", "bars,photo,scroll,anim").split(","));
        List<String> compressions = List.of(System.getProperty("bench.compressions", "lz4,auto_lz,auto_glz").split(","));
        List<String> codecs = List.of(System.getProperty("bench.codecs", "mjpeg,vp8,h264").split(","));
        List<Result> results = new ArrayList<>();
        try (QemuSpiceServer qemu = QemuSpiceServer.builder().tinyGuest("none").vga("qxl").streamingVideo("filter")
                .start();
             SpiceCountingRelay relay = new SpiceCountingRelay(qemu.host(), qemu.port())) {
            qemu.awaitGuestReady(Duration.ofSeconds(120));
            for (String workload : workloads) {
                boolean still = workload.equals("bars") || workload.equals("photo");
                for (String compression : compressions) {
                    for (String codec : still ? List.of("mjpeg") : codecs) {
                        qemu.console().run("killall tbpattern 2>/dev/null; sleep 0.3; "
                                + (still ? "/tbpattern " + workload + " >/dev/null"
                                : "/tbpattern " + workload + " >/dev/null 2>&1 &"), Duration.ofSeconds(120));
                        Thread.sleep(still ? 1000 : 4000); // the moving scenes compute their first frame first
                        results.add(one(qemu, relay, work, workload, compression, codec, still ? 12 : seconds,
                                still ? 0 : warmup, still));
                        Thread.sleep(2000); // the server lets the previous client go
                    }
                }
            }
            qemu.console().run("killall tbpattern 2>/dev/null; true", Duration.ofSeconds(60));
        }
        report(results, seconds, warmup);
    }

    private static Result one(QemuSpiceServer qemu, SpiceCountingRelay relay, Path work, String workload,
                              String compression, String codec, int seconds, int warmup, boolean still) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Dthinspice.display.compression=" + compression,
                "-Dbench.scene=" + workload, "-cp", System.getProperty("java.class.path"),
                "org.thinspice.engine.cli.SpiceCli", "session", "--uri", "spice://127.0.0.1:" + relay.port(),
                "--duration-s", String.valueOf(seconds + 60), "--profile", "lan", "--codec", codec,
                "--frame-probe", SessionVsRemoteViewerBench.PROBE));
        double load0 = loadAverage();
        String label = workload + " " + compression + " " + codec;
        Process p = new ProcessBuilder(cmd).redirectError(work.resolve("session-" + label.replace(' ', '-') + ".log")
                .toFile()).start();
        try {
            System.err.printf(Locale.ROOT, "bench profiles: %s (pid %d) for %d s%n", label, p.pid(), seconds);
            long bytes0 = relay.bytesToClient.get();
            Thread.sleep(warmup * 1000L);
            double cpu0 = ProcessCpu.seconds(p.pid());
            long bytesW = relay.bytesToClient.get();
            long t0 = System.nanoTime();
            Thread.sleep((seconds - warmup) * 1000L);
            double cpu1 = ProcessCpu.seconds(p.pid());
            long bytesE = relay.bytesToClient.get();
            double window = (System.nanoTime() - t0) / 1e9;
            if (!still) {
                // Freeze the scene: the stream ends and the server redraws the area; then the final picture is compared.
                freeze(qemu, workload);
                Thread.sleep(4000);
            }
            long bytesAll = relay.bytesToClient.get() - bytes0;
            p.toHandle().destroy(); // SIGTERM: the session prints its JSON
            String json = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (cpu0 < 0 || cpu1 < 0 || json.isEmpty()) {
                throw new IOException(label + ": the session exited early; see " + work);
            }
            return new Result(workload, compression, codec, bytesAll, bytesE - bytesW, window, cpu1 - cpu0, load0,
                    loadAverage(), json);
        } finally {
            Processes.stop(p, Duration.ofSeconds(5));
        }
    }

    /**
     * Stops tbpattern on a whole frame: stopped in the middle of drawing, the screen shows no valid code (the scroll
     * scene's move overwrites it first); then it is let go and stopped again, up to 6 times.
     */
    private static void freeze(QemuSpiceServer qemu, String workload) throws Exception {
        SceneFrames.Scene scene = SceneFrames.Scene.valueOf(workload.toUpperCase(Locale.ROOT));
        for (int attempt = 1; attempt <= 6; attempt++) {
            qemu.console().run("killall -STOP tbpattern; sleep 0.3", Duration.ofSeconds(60));
            Picture dump = qemu.qmp().screendump();
            int[] at = scene.codeAt(dump.width(), dump.height());
            if (SceneFrames.readCode(dump.pixels(), dump.width(), at[0], at[1]) >= 0) {
                return;
            }
            qemu.console().run("killall -CONT tbpattern; sleep 0.1" + attempt, Duration.ofSeconds(60));
        }
    }

    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    private static void report(List<Result> results, int seconds, int warmup) {
        System.out.printf(Locale.ROOT, "%n%-7s %-9s %-6s %9s %8s %9s %9s %7s %5s %9s %8s %8s %7s %8s %10s %9s%n",
                "scene", "compr", "codec", "MB_total", "kB/s", "cpu_ms/s", "decode_ms", "frames", "late", "stream_B/f",
                "psnr_avg", "psnr_min", "unread", "final_px", "final_psnr", "load");
        for (Result r : results) {
            boolean still = r.workload.equals("bars") || r.workload.equals("photo");
            double probe = r.num(PROBE_CPU);
            double presented = r.num(PRESENTED);
            // The probe's share of the window: its whole-run CPU times the window's share of the run (~ frames).
            double probeWindow = still || Double.isNaN(probe) ? 0 : probe * Math.min(1.0, r.windowSeconds
                    / Math.max(r.windowSeconds, r.windowSeconds + warmup + 4));
            double sb = r.num(STREAM_BYTES);
            double sf = r.num(STREAM_FRAMES);
            System.out.printf(Locale.ROOT, "%-7s %-9s %-6s %9.2f %8s %9s %9.1f %7s %5s %9s %8s %8s %7s %8s %10s %4.1f-%4.1f%n",
                    r.workload, r.compression, still ? "-" : r.codec, r.bytesTotal / 1e6,
                    still ? "-" : String.format(Locale.ROOT, "%.0f", r.bytesWindow / 1e3 / r.windowSeconds),
                    still ? "-" : String.format(Locale.ROOT, "%.1f", (r.cpuWindow - probeWindow) * 1000 / r.windowSeconds),
                    r.num(DECODE_MS), still ? "-" : String.format(Locale.ROOT, "%.0f", presented),
                    still ? "-" : String.format(Locale.ROOT, "%.0f", r.num(LATE)),
                    sf > 0 ? String.format(Locale.ROOT, "%.0f", sb / sf) : "-", fmt(r.num(PSNR_MEAN)), fmt(r.num(PSNR_MIN)),
                    still ? "-" : String.format(Locale.ROOT, "%.0f", r.num(PROBE_UNREADABLE)),
                    String.format(Locale.ROOT, "%.0f", r.num(FINAL_DIFFER)), fmt(r.num(FINAL_PSNR)), r.loadStart, r.loadEnd);
        }
        for (Result r : results) {
            System.out.println(r.workload + " " + r.compression + " " + r.codec + ": " + r.json);
        }
        System.out.printf(Locale.ROOT, "%nmoving scenes: a %d s window after %d s warm-up, then the scene frozen (on a whole"
                + " frame) for 4 s; still pictures: 12 s sessions;"
                + " MB_total = bytes to the client over the whole run (connect, window, freeze); kB/s and cpu_ms/s over"
                + " the window (cpu: session process utime+stime, less an estimate of the PSNR probe's share = its whole-run"
                + " CPU x window/run); decode_ms = the session's own image+stream decode time, whole run; frames = stream"
                + " frames presented; psnr over R,G,B of each presented stream frame's moving rows against the host's render"
                + " (exact = 99 dB); final_px = pixels of the final picture differing from the render of the frame it shows"
                + " (whole screen; still pictures: against Patterns); load = 1-min load average at start-end%n",
                seconds - warmup, warmup);
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f", v);
    }
}
