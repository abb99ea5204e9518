package org.thinspice.engine.bench;

import org.thinspice.testbed.Processes;
import org.thinspice.testbed.ProcessCpu;
import org.thinspice.testbed.QemuSpiceServer;
import org.thinspice.testbed.RemoteViewer;
import org.thinspice.testbed.SpiceCountingRelay;
import org.thinspice.testbed.XServer;

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
 * {@code ./thinspice bench session-vs-remote-viewer [SECONDS] [ROUNDS]}: the tiny guest's animation
 * (qxl-drm, streaming-video=filter: one MJPEG stream) watched alternately by remote-viewer (Debian
 * virt-viewer under Xvfb) and by {@code thinspice session}, each for the same time, through a counting
 * relay.
 *
 * <p>Method: CPU seconds are utime+stime of the client process from /proc/PID/stat (remote-viewer alone,
 * not Xvfb; the whole JVM for thinspice), sampled after a warm-up (stream detection takes ~2 s) and at
 * the end, so the ratio is over the steady window. Frames: remote-viewer does not say what it shows, so
 * for it the frames are the STREAM_DATA messages the server sent it (counted by the relay — an upper
 * bound on what it presented, which favours remote-viewer); for thinspice the frames are those it
 * presented by its own count, checked against the same relay count.
 */
public final class SessionVsRemoteViewerBench {
    /** Between clients, so the server has let the previous one go (its stream ends after ~1 s idle). */
    private static final long PAUSE_MS = 3000;
    /** JVM options of the session process (override with -Dbench.sessionJvmArgs=...). */
    private static final String SESSION_JVM_ARGS = "";
    private static final Pattern PRESENTED = Pattern.compile("\"frames_presented\":(\\d+)");

    private SessionVsRemoteViewerBench() {
    }

    /** One client run: CPU in the steady window, frames in it, bytes, whole-run frame counts. */
    record Run(String client, double cpuSeconds, long serverFrames, long presented, long bytesToClient,
               double windowSeconds, String json) {
        double cpuPerFrameMs() {
            return serverFrames == 0 ? Double.NaN : cpuSeconds * 1000 / (presented >= 0 ? presented : serverFrames);
        }
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int warmup = Math.min(6, seconds / 3);
        Path work = Files.createTempDirectory("bench-rv");
        List<Run> runs = new ArrayList<>();
        try (QemuSpiceServer qemu = QemuSpiceServer.builder().tinyGuest("anim").vga("qxl")
                .streamingVideo("filter").start();
             SpiceCountingRelay relay = new SpiceCountingRelay(qemu.host(), qemu.port())) {
            qemu.awaitGuestReady(Duration.ofSeconds(120));
            try {
                for (int r = 0; r < rounds; r++) {
                    // Alternate which client goes first, so drift in the guest or host favours neither.
                    Thread.sleep(PAUSE_MS);
                    if (r % 2 == 0) {
                        runs.add(session(relay, work, seconds, warmup));
                        Thread.sleep(PAUSE_MS);
                        runs.add(remoteViewer(relay, work, seconds, warmup));
                    } else {
                        runs.add(remoteViewer(relay, work, seconds, warmup));
                        Thread.sleep(PAUSE_MS);
                        runs.add(session(relay, work, seconds, warmup));
                    }
                }
            } catch (IOException e) {
                System.err.println("QEMU alive: " + qemu.isAlive() + "; log " + qemu.stderrLog() + ":\n" + Files.readString(qemu.stderrLog()));
                throw e;
            }
            if (!relay.inStep()) {
                System.err.println("warning: the relay lost track of a connection's messages; frame counts are suspect");
            }
        }
        report(runs, seconds, warmup);
    }

    private static Run remoteViewer(SpiceCountingRelay relay, Path work, int seconds, int warmup) throws Exception {
        try (XServer x = XServer.start(work, 1280, 1024);
             RemoteViewer viewer = RemoteViewer.start(x, work.resolve("remote-viewer.log"), "spice://127.0.0.1:" + relay.port())) {
            return measure("remote-viewer", viewer.pid(), relay, seconds, warmup, null);
        }
    }

    private static Run session(SpiceCountingRelay relay, Path work, int seconds, int warmup) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // It runs longer than the window and is ended by SIGTERM, which makes it print its JSON.
        List<String> cmd = new ArrayList<>(List.of(java));
        String jvmArgs = System.getProperty("bench.sessionJvmArgs", SESSION_JVM_ARGS);
        if (!jvmArgs.isBlank()) {
            cmd.addAll(List.of(jvmArgs.trim().split("\\s+")));
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"),
                "org.thinspice.engine.cli.SpiceCli", "session", "--uri", "spice://127.0.0.1:" + relay.port(),
                "--duration-s", String.valueOf(seconds + 30), "--profile", System.getProperty("bench.profile", "lan")));
        Process p = new ProcessBuilder(cmd).redirectError(work.resolve("session.log").toFile()).start();
        try {
            return measure("thinspice", p.pid(), relay, seconds, warmup, p);
        } finally {
            Processes.stop(p, Duration.ofSeconds(5));
        }
    }

    private static Run measure(String name, long pid, SpiceCountingRelay relay, int seconds, int warmup,
                               Process printsJson) throws Exception {
        System.err.printf(Locale.ROOT, "bench: %s (pid %d) for %d s%n", name, pid, seconds);
        long frames0 = relay.streamFrames();
        long bytes0 = relay.bytesToClient.get();
        Thread.sleep(warmup * 1000L);
        double cpu0 = ProcessCpu.seconds(pid);
        long framesW = relay.streamFrames();
        long t0 = System.nanoTime();
        Thread.sleep((seconds - warmup) * 1000L);
        double cpu1 = ProcessCpu.seconds(pid);
        long framesE = relay.streamFrames();
        double window = (System.nanoTime() - t0) / 1e9;
        long bytes = relay.bytesToClient.get() - bytes0;
        long presented = -1;
        String json = "";
        if (printsJson != null) {
            printsJson.toHandle().destroy(); // SIGTERM (the handle leaves our pipes open): the session prints what it has
            json = new String(printsJson.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            Matcher m = PRESENTED.matcher(json);
            if (m.find()) {
                // Presented in the window ≈ whole-run presented minus the frames sent before the window.
                presented = Math.max(0, Long.parseLong(m.group(1)) - (framesW - frames0));
            }
        }
        if (cpu0 < 0 || cpu1 < 0) {
            throw new IOException(name + " exited early (see its log) " + json);
        }
        return new Run(name, cpu1 - cpu0, framesE - framesW, presented, bytes, window, json);
    }

    private static void report(List<Run> runs, int seconds, int warmup) {
        System.out.printf(Locale.ROOT, "%n%-14s %10s %12s %12s %14s %12s%n", "client", "cpu_s", "server_frames",
                "presented", "cpu_ms/frame", "MB_to_client");
        double rvCpu = 0;
        double tsCpu = 0;
        long rvFrames = 0;
        long tsFrames = 0;
        long rvBytes = 0;
        long tsBytes = 0;
        for (Run r : runs) {
            System.out.printf(Locale.ROOT, "%-14s %10.3f %12d %12s %14.3f %12.2f%n", r.client, r.cpuSeconds,
                    r.serverFrames, r.presented < 0 ? "n/a" : String.valueOf(r.presented), r.cpuPerFrameMs(),
                    r.bytesToClient / 1e6);
            if (r.client.equals("remote-viewer")) {
                rvCpu += r.cpuSeconds;
                rvFrames += r.serverFrames;
                rvBytes += r.bytesToClient;
            } else {
                tsCpu += r.cpuSeconds;
                tsFrames += Math.min(r.presented, r.serverFrames);
                tsBytes += r.bytesToClient;
            }
        }
        for (Run r : runs) {
            if (!r.json.isEmpty()) {
                System.out.println("thinspice session: " + r.json);
            }
        }
        double rvPerFrame = rvCpu / rvFrames;
        double tsPerFrame = tsCpu / tsFrames;
        System.out.printf(Locale.ROOT, "%nwindow: %d s per run after %d s warm-up; frames: remote-viewer = stream "
                + "frames the server sent it, thinspice = frames it presented%n", seconds - warmup, warmup);
        System.out.printf(Locale.ROOT, "remote-viewer: %.3f ms CPU/frame over %d frames, %.2f MB%n",
                rvPerFrame * 1000, rvFrames, rvBytes / 1e6);
        System.out.printf(Locale.ROOT, "thinspice:     %.3f ms CPU/frame over %d frames, %.2f MB%n",
                tsPerFrame * 1000, tsFrames, tsBytes / 1e6);
        System.out.printf(Locale.ROOT, "ratio thinspice/remote-viewer CPU per frame: %.3f (target <= 0.5)%n",
                tsPerFrame / rvPerFrame);
        System.out.printf(Locale.ROOT, "ratio frames: %.3f, ratio bytes: %.3f%n", (double) tsFrames / rvFrames,
                (double) tsBytes / rvBytes);
    }
}
