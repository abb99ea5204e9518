package org.thinspice.engine.bench;

import org.thinspice.testbed.DesktopHelper;
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
 * (qxl-drm, streaming-video=filter: one video stream) watched in turn by remote-viewer (Debian virt-viewer
 * under Xvfb; it never sends codec preferences, so spice-server gives it MJPEG) and by {@code thinspice session}
 * asking for MJPEG, VP8 and H.264 ({@code --codec}), each for the same time, through a counting relay. The
 * order of the four clients rotates from round to round.
 *
 * <p>Method: CPU seconds are utime+stime of the client process from /proc/PID/stat (remote-viewer alone,
 * not Xvfb; the whole JVM for thinspice), sampled after a warm-up and at the end, so the ratio is over the
 * steady window. The warm-up starts once the server has sent the new client 10 frames (at most 30 s after
 * it started), so a slow JVM start or a late stream does not fall into the window. Frames: remote-viewer does not say what it shows, so
 * for it the frames are the STREAM_DATA messages the server sent it (counted by the relay — an upper
 * bound on what it presented, which favours remote-viewer); for thinspice the frames are those it
 * presented by its own count, checked against the same relay count.
 *
 * <p>{@code --desktop}: the real desktop guest ({@code DesktopGuest}, Xorg with qxl) instead, with a workload
 * started once through {@code DesktopHelper} that runs for the whole bench: an xterm scrolling text (50 lines/s)
 * and a second xterm moved back and forth across the screen ({@code xdotool windowmove}, 20 moves/s). A real
 * desktop draws with COPY_BITS and DRAW_* rather than one video stream, so there a frame is a drawing message
 * the server sent (COPY_BITS, DRAW_*, stream frames; counted by the relay for every client alike) and CPU per
 * frame is over those for thinspice too; the presented column shows the drawing messages thinspice handled (its
 * own count, the session JSON's {@code draws}).
 */
public final class SessionVsRemoteViewerBench {
    /** Between clients, so the server has let the previous one go (its stream ends after ~1 s idle). */
    private static final long PAUSE_MS = 3000;
    /** Frames the server must have sent a new client before its warm-up starts. */
    private static final int FLOWING_FRAMES = 10;
    /** At most this long for them (then the warm-up starts anyway). */
    private static final long FLOW_TIMEOUT_NANOS = 30_000_000_000L;
    /** JVM options of the session process (override with -Dbench.sessionJvmArgs=...). */
    private static final String SESSION_JVM_ARGS = "";
    private static final Pattern PRESENTED = Pattern.compile("\"frames_presented\":(\\d+)");
    /** On the desktop: drawing messages the session handled, its own count (top-level "draws"). */
    private static final Pattern DRAWS = Pattern.compile("\"draws\":(\\d+)");
    private static final Pattern LATE = Pattern.compile("\"late\":(\\d+)");
    private static final Pattern STREAM_BYTES = Pattern.compile("\"streams\":\\{[^}]*?\"bytes\":(\\d+)");
    private static final Pattern STREAM_FRAMES = Pattern.compile("\"streams\":\\{[^}]*?\"frames_received\":(\\d+)");
    /** The clients of each round: remote-viewer, then thinspice with each codec. */
    private static final List<String> CLIENTS = List.of("remote-viewer", "mjpeg", "vp8", "h264");
    /** The desktop guest's workload: scrolling text and a window moved to and fro, until QEMU ends. */
    private static final String DESKTOP_WORKLOAD = String.join("\n",
            "xterm -geometry 80x24+40+40 -title tbscroll -fa Mono -fs 11 -e perl -e '$|=1; for (my $i=0;; $i++) {"
                    + " printf(\"line %06d: the quick brown fox jumps over the lazy dog 0123456789\\n\", $i);"
                    + " select(undef, undef, undef, 0.02) }' &",
            "xterm -geometry 50x12+560+420 -title tbdrag -fa Mono -fs 11 &",
            "w=$(xdotool search --sync --name '^tbdrag$' | head -n 1)",
            "while :; do for x in $(seq 560 -20 40) $(seq 40 20 560); do xdotool windowmove $w $x 420; sleep 0.05;"
                    + " done; done");
    /** {@code --desktop}: the real desktop guest and its workload instead of the tiny guest's animation. */
    private static boolean desktop;

    private SessionVsRemoteViewerBench() {
    }

    /** One client run: CPU in the steady window, frames in it, bytes, whole-run frame counts. */
    record Run(String client, double cpuSeconds, long serverFrames, long presented, long bytesToClient,
               double windowSeconds, String json) {
        /** Frames dropped as late over the whole run (thinspice's own count), -1 for remote-viewer. */
        long late() {
            Matcher m = LATE.matcher(json);
            return m.find() ? Long.parseLong(m.group(1)) : json.isEmpty() ? -1 : 0;
        }

        double cpuPerFrameMs() {
            return serverFrames == 0 ? Double.NaN
                    : cpuSeconds * 1000 / (presented >= 0 && !desktop ? presented : serverFrames);
        }
    }

    public static void main(String[] args) throws Exception {
        List<String> rest = new ArrayList<>(List.of(args));
        desktop = rest.remove("--desktop");
        int seconds = rest.size() > 0 ? Integer.parseInt(rest.get(0)) : 20;
        int rounds = rest.size() > 1 ? Integer.parseInt(rest.get(1)) : 2;
        int warmup = Math.min(6, seconds / 3);
        Path work = Files.createTempDirectory("bench-rv");
        List<Run> runs = new ArrayList<>();
        QemuSpiceServer.Builder guest = desktop ? QemuSpiceServer.builder().desktopGuest()
                : QemuSpiceServer.builder().tinyGuest("anim").vga("qxl");
        try (QemuSpiceServer qemu = guest.streamingVideo("filter").start();
             SpiceCountingRelay relay = new SpiceCountingRelay(qemu.host(), qemu.port())) {
            if (desktop) {
                long t0 = System.nanoTime();
                int[] size = qemu.helper().awaitDesktop(Duration.ofMinutes(6));
                System.err.printf(Locale.ROOT, "bench: desktop %dx%d up in %.1f s; starting its workload%n", size[0],
                        size[1], (System.nanoTime() - t0) / 1e9);
                qemu.helper().check("printf '%s\\n' " + DesktopHelper.quote(DESKTOP_WORKLOAD) + " > /tmp/bench-load.sh");
                qemu.helper().spawn("sh /tmp/bench-load.sh");
                qemu.helper().check("xdotool search --sync --name '^tbscroll$' >/dev/null; sleep 3");
            } else {
                qemu.awaitGuestReady(Duration.ofSeconds(120));
            }
            try {
                for (int r = 0; r < rounds; r++) {
                    // Rotate which client goes first, so drift in the guest or host favours none.
                    for (int i = 0; i < CLIENTS.size(); i++) {
                        String client = CLIENTS.get((i + r) % CLIENTS.size());
                        Thread.sleep(PAUSE_MS);
                        runs.add(client.equals("remote-viewer") ? remoteViewer(relay, work, seconds, warmup)
                                : session(relay, work, seconds, warmup, client));
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

    private static Run session(SpiceCountingRelay relay, Path work, int seconds, int warmup, String codec)
            throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // It runs longer than the window and is ended by SIGTERM, which makes it print its JSON.
        List<String> cmd = new ArrayList<>(List.of(java));
        String jvmArgs = System.getProperty("bench.sessionJvmArgs", SESSION_JVM_ARGS);
        if (!jvmArgs.isBlank()) {
            cmd.addAll(List.of(jvmArgs.trim().split("\\s+")));
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"),
                "org.thinspice.engine.cli.SpiceCli", "session", "--uri", "spice://127.0.0.1:" + relay.port(),
                "--duration-s", String.valueOf(seconds + 60), "--profile", System.getProperty("bench.profile", "lan"),
                "--codec", codec));
        Process p = new ProcessBuilder(cmd).redirectError(work.resolve("session-" + codec + ".log").toFile()).start();
        try {
            return measure("thinspice " + codec, p.pid(), relay, seconds, warmup, p);
        } finally {
            Processes.stop(p, Duration.ofSeconds(5));
        }
    }

    private static Run measure(String name, long pid, SpiceCountingRelay relay, int seconds, int warmup,
                               Process printsJson) throws Exception {
        System.err.printf(Locale.ROOT, "bench: %s (pid %d) for %d s%n", name, pid, seconds);
        long frames0 = frames(relay);
        long bytes0 = relay.bytesToClient.get();
        // The warm-up starts when frames flow to this client, not when its process starts: a JVM that took
        // seconds to connect, or a stream that started late (GStreamer loading its plugin), would otherwise put
        // start-up and the first compilations inside the window.
        long started = System.nanoTime();
        while (frames(relay) < frames0 + FLOWING_FRAMES && System.nanoTime() - started < FLOW_TIMEOUT_NANOS) {
            Thread.sleep(100);
        }
        System.err.printf(Locale.ROOT, "bench: %s: frames flowing after %.1f s; %d s warm-up%n", name,
                (System.nanoTime() - started) / 1e9, warmup);
        Thread.sleep(warmup * 1000L);
        double cpu0 = ProcessCpu.seconds(pid);
        long framesW = frames(relay);
        long t0 = System.nanoTime();
        Thread.sleep((seconds - warmup) * 1000L);
        double cpu1 = ProcessCpu.seconds(pid);
        long framesE = frames(relay);
        double window = (System.nanoTime() - t0) / 1e9;
        long bytes = relay.bytesToClient.get() - bytes0;
        long presented = -1;
        String json = "";
        if (printsJson != null) {
            printsJson.toHandle().destroy(); // SIGTERM (the handle leaves our pipes open): the session prints what it has
            json = new String(printsJson.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            Matcher m = (desktop ? DRAWS : PRESENTED).matcher(json);
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

    /** What counts as a frame: video stream frames (the animation), drawing messages (the desktop). */
    private static long frames(SpiceCountingRelay relay) {
        return desktop ? relay.displayDraws() : relay.streamFrames();
    }

    private static void report(List<Run> runs, int seconds, int warmup) {
        System.out.printf(Locale.ROOT, "%n%-16s %8s %13s %10s %6s %13s %12s %12s%n", "client", "cpu_s", "server_frames",
                "presented", "late", "cpu_ms/frame", "MB_to_client", "stream_MB");
        for (Run r : runs) {
            System.out.printf(Locale.ROOT, "%-16s %8.3f %13d %10s %6s %13.3f %12.2f %12s%n", r.client, r.cpuSeconds,
                    r.serverFrames, r.presented < 0 ? "n/a" : String.valueOf(r.presented),
                    r.late() < 0 ? "n/a" : String.valueOf(r.late()), r.cpuPerFrameMs(), r.bytesToClient / 1e6,
                    streamMb(r));
        }
        for (Run r : runs) {
            if (!r.json.isEmpty()) {
                System.out.println(r.client + ": " + r.json);
            }
        }
        System.out.printf(Locale.ROOT, "%nwindow: %d s per run after %d s warm-up; frames: remote-viewer = stream "
                + "frames the server sent it (an upper bound on what it showed), thinspice = frames it presented; late ="
                + " frames thinspice dropped as late over the whole run; PSNR not measured (the animation is not yet "
                + "deterministic)%n", seconds - warmup, warmup);
        if (desktop) {
            System.out.println("desktop guest (--desktop): scrolling xterm + xterm moved by xdotool; a frame here is a"
                    + " drawing message the server sent (COPY_BITS, DRAW_*, stream data), for every client, and"
                    + " cpu_ms/frame divides by those; presented = drawing messages thinspice handled in the window (its own"
                    + " count)");
        }
        System.out.printf(Locale.ROOT, "%n%-16s %13s %10s %6s %12s %16s %16s %17s%n", "totals", "cpu_ms/frame", "frames",
                "late", "MB_to_client", "cpu_vs_rv_mjpeg", "bytes_vs_mjpeg", "stream_B/frame");
        double rvPerFrame = Double.NaN;
        double mjpegBytesPerFrame = Double.NaN;
        for (String client : CLIENTS) {
            String name = client.equals("remote-viewer") ? client : "thinspice " + client;
            double cpu = 0;
            long frames = 0;
            long bytes = 0;
            long late = 0;
            long streamBytes = 0;
            long streamFrames = 0;
            for (Run r : runs) {
                if (r.client.equals(name)) {
                    Matcher sb = STREAM_BYTES.matcher(r.json);
                    Matcher sf = STREAM_FRAMES.matcher(r.json);
                    if (sb.find() && sf.find()) {
                        streamBytes += Long.parseLong(sb.group(1));
                        streamFrames += Long.parseLong(sf.group(1));
                    }
                    cpu += r.cpuSeconds;
                    frames += r.presented < 0 || desktop ? r.serverFrames : Math.min(r.presented, r.serverFrames);
                    bytes += r.bytesToClient;
                    late += Math.max(0, r.late());
                }
            }
            double perFrame = cpu * 1000 / frames;
            double bytesPerFrame = (double) bytes / frames;
            if (client.equals("remote-viewer")) {
                rvPerFrame = perFrame;
            } else if (client.equals("mjpeg")) {
                mjpegBytesPerFrame = bytesPerFrame;
            }
            System.out.printf(Locale.ROOT, "%-16s %13.3f %10d %6s %12.2f %16.3f %16s %17s%n", name, perFrame, frames,
                    client.equals("remote-viewer") ? "n/a" : String.valueOf(late), bytes / 1e6, perFrame / rvPerFrame,
                    client.equals("remote-viewer") ? "n/a"
                            : String.format(Locale.ROOT, "%.3f", bytesPerFrame / mjpegBytesPerFrame),
                    streamFrames == 0 ? "n/a" : String.valueOf(streamBytes / streamFrames));
        }
        System.out.println("cpu_vs_rv_mjpeg: CPU per frame / remote-viewer's (target <= 1.0); bytes_vs_mjpeg: bytes per"
                + " frame to the client / thinspice MJPEG's (target for VP8/H.264 <= 0.4); stream_B/frame: the codec's own"
                + " bytes per stream frame received (STREAM_DATA payloads, thinspice's count)");
    }

    private static String streamMb(Run r) {
        Matcher m = STREAM_BYTES.matcher(r.json);
        return m.find() ? String.format(Locale.ROOT, "%.2f", Long.parseLong(m.group(1)) / 1e6) : "n/a";
    }
}
