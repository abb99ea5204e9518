package org.thinspice.engine.bench;

import org.thinspice.engine.cli.ClientJvmOptions;
import org.thinspice.testbed.GuestSound;
import org.thinspice.testbed.ProcessCpu;
import org.thinspice.testbed.Processes;
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
 * {@code ./thinspice bench audio [SECONDS] [ROUNDS]} (default 40 s, 2 rounds): client CPU per second of Opus playback, thinspice's
 * {@code session --audio decode} against remote-viewer (under Xvfb), on the same tiny guest in the same run. The
 * guest shows a still picture and plays a 997 Hz tone without pause (tbsound on QEMU's AC97), so what the
 * clients do is almost only receiving and decoding Opus. Both go through a counting relay (bytes to the client);
 * runs alternate which client goes first. CPU is utime+stime from /proc over the window after a warm-up.
 * remote-viewer has no sound device here: spice-gtk still decodes every packet (its channel decodes Opus before
 * handing PCM to its audio backend), but its output pipeline's cost is missing — a point in its favour.
 */
public final class AudioBench {
    private static final long PAUSE_MS = 3000;
    private static final Pattern SAMPLES = Pattern.compile("\"audio_samples\":(\\d+)");
    private static final Pattern MODE = Pattern.compile("\"audio_mode\":(\\d+)");

    private AudioBench() {
    }

    record Run(String client, double cpuSeconds, double windowSeconds, long bytesToClient, String json) {
        double cpuPerSecond() {
            return cpuSeconds / windowSeconds;
        }
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        // The JVM compiles Concentus's large decoder methods in its first seconds of audio; that one-off cost is
        // left out of the steady-state window.
        int warmup = Math.min(15, seconds / 2);
        Path work = Files.createTempDirectory("bench-audio");
        List<Run> runs = new ArrayList<>();
        try (QemuSpiceServer qemu = QemuSpiceServer.builder().tinyGuest("bars").vga("qxl").audio().start();
             SpiceCountingRelay relay = new SpiceCountingRelay(qemu.host(), qemu.port())) {
            qemu.awaitGuestReady(Duration.ofSeconds(120));
            double total = (rounds * 2.0) * (seconds + PAUSE_MS / 1000.0 + 15) + 60;
            new GuestSound(qemu.console()).playInBackground(997, 0.5, total);
            for (int r = 0; r < rounds; r++) {
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
        }
        report(runs, seconds, warmup);
    }

    private static Run remoteViewer(SpiceCountingRelay relay, Path work, int seconds, int warmup) throws Exception {
        try (XServer x = XServer.start(work, 1024, 768);
             RemoteViewer viewer = RemoteViewer.start(x, work.resolve("remote-viewer.log"), "spice://127.0.0.1:" + relay.port())) {
            return measure("remote-viewer", viewer.pid(), relay, seconds, warmup, null);
        }
    }

    private static Run session(SpiceCountingRelay relay, Path work, int seconds, int warmup) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java));
        // JVM options of the session process, e.g. -Dbench.sessionJvmArgs=-XX:StartFlightRecording=filename=a.jfr
        cmd.addAll(ClientJvmOptions.list()); // as ./thinspice session runs it; the options below come later and win
        String jvmArgs = System.getProperty("bench.sessionJvmArgs", "");
        if (!jvmArgs.isBlank()) {
            cmd.addAll(List.of(jvmArgs.trim().split("\\s+")));
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"),
                "org.thinspice.engine.cli.SpiceCli", "session", "--uri", "spice://127.0.0.1:" + relay.port(),
                "--duration-s", String.valueOf(seconds + 30), "--profile", "server", "--audio", "decode"));
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
        Thread.sleep(warmup * 1000L);
        double cpu0 = ProcessCpu.seconds(pid);
        long bytes0 = relay.bytesToClient.get();
        long t0 = System.nanoTime();
        Thread.sleep((seconds - warmup) * 1000L);
        double cpu1 = ProcessCpu.seconds(pid);
        long bytes = relay.bytesToClient.get() - bytes0;
        double window = (System.nanoTime() - t0) / 1e9;
        String json = "";
        if (printsJson != null) {
            printsJson.toHandle().destroy(); // SIGTERM: the session prints its JSON
            json = new String(printsJson.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        }
        if (cpu0 < 0 || cpu1 < 0) {
            throw new IOException(name + " exited early (see its log) " + json);
        }
        return new Run(name, cpu1 - cpu0, window, bytes, json);
    }

    private static void report(List<Run> runs, int seconds, int warmup) {
        System.out.printf(Locale.ROOT, "%n%-14s %10s %10s %16s %14s%n", "client", "cpu_s", "window_s", "cpu_ms_per_s",
                "kbit/s_to_client");
        double rv = 0;
        double rvWindow = 0;
        double ts = 0;
        double tsWindow = 0;
        for (Run r : runs) {
            System.out.printf(Locale.ROOT, "%-14s %10.3f %10.1f %16.2f %14.1f%n", r.client, r.cpuSeconds,
                    r.windowSeconds, r.cpuPerSecond() * 1000, r.bytesToClient * 8 / r.windowSeconds / 1000);
            if (r.client.equals("remote-viewer")) {
                rv += r.cpuSeconds;
                rvWindow += r.windowSeconds;
            } else {
                ts += r.cpuSeconds;
                tsWindow += r.windowSeconds;
                Matcher m = MODE.matcher(r.json);
                Matcher n = SAMPLES.matcher(r.json);
                System.out.println("thinspice session: audio mode " + (m.find() ? m.group(1) : "?") + ", samples decoded "
                        + (n.find() ? n.group(1) : "?") + " (whole run)");
            }
        }
        System.out.printf(Locale.ROOT, "%nwindow: %d s per run after %d s warm-up; the guest plays Opus (48 kHz stereo) "
                + "throughout%n", seconds - warmup, warmup);
        System.out.printf(Locale.ROOT, "remote-viewer: %.2f ms CPU per second of playback%n", rv / rvWindow * 1000);
        System.out.printf(Locale.ROOT, "thinspice:     %.2f ms CPU per second of playback%n", ts / tsWindow * 1000);
        System.out.printf(Locale.ROOT, "ratio thinspice/remote-viewer: %.3f (target <= 1.0)%n", (ts / tsWindow) / (rv / rvWindow));
    }
}
