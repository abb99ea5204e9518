package org.thinspice.engine.bench;

import org.thinspice.engine.cli.ClientJvmOptions;
import org.thinspice.testbed.DesktopHelper;
import org.thinspice.testbed.LoadAverage;
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
    private static final Pattern PRESENTED = Pattern.compile("\"frames_presented\":(\\d+)");
    /** On the desktop: drawing messages the session handled, its own count (top-level "draws"). */
    private static final Pattern DRAWS = Pattern.compile("\"draws\":(\\d+)");
    private static final Pattern LATE = Pattern.compile("\"late\":(\\d+)");
    private static final Pattern STREAM_BYTES = Pattern.compile("\"streams\":\\{[^}]*?\"bytes\":(\\d+)");
    private static final Pattern STREAM_FRAMES = Pattern.compile("\"streams\":\\{[^}]*?\"frames_received\":(\\d+)");
    private static final Pattern PROBE_CPU = Pattern.compile("\"probe_cpu_s\":([0-9.]+)");
    private static final Pattern PROBE_FRAMES = Pattern.compile("\"probe_frames\":(\\d+)");
    private static final Pattern PROBE_UNREADABLE = Pattern.compile("\"probe_unreadable\":(\\d+)");
    private static final Pattern PSNR_MEAN = Pattern.compile("\"psnr_mean\":([0-9.]+)");
    private static final Pattern PSNR_MIN = Pattern.compile("\"psnr_min\":([0-9.]+)");
    private static final Pattern FINAL_DIFFER = Pattern.compile("\"final_differ\":(-?\\d+)");
    private static final Pattern FINAL_PSNR = Pattern.compile("\"final_psnr\":([0-9.]+|null)");
    private static final Pattern DECODE_MS = Pattern.compile("\"decode_ms\":([0-9.]+)");
    /** The session's measuring hook: PSNR of every presented frame against the host's render (test code). */
    static final String PROBE = "org.thinspice.engine.bench.SceneQualityProbe";
    /** The clients of each round: remote-viewer, then thinspice with each codec. */
    /**
     * {@code -Dbench.variantJvmArgs="…"}: each codec runs a second time in the same round with these JVM options
     * (rows marked {@code *}), so a JVM option is compared with what ships in one run.
     */
    private static final String VARIANT = System.getProperty("bench.variantJvmArgs", "").trim();
    private static final List<String> CLIENTS = VARIANT.isEmpty() ? List.of("remote-viewer", "mjpeg", "vp8", "h264")
            : List.of("remote-viewer", "mjpeg", "vp8", "h264", "mjpeg*", "vp8*", "h264*");
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

    /**
     * One client run: CPU, frames and bytes to the client in the steady window (so bytes per frame divides like by
     * like), bytes over the whole run (connection, first pictures and warm-up included) for the record.
     */
    record Run(String client, double cpuSeconds, long serverFrames, long presented, long bytesToClient,
               long bytesWholeRun, double windowSeconds, String json, String quality) {
        Run(String client, double cpuSeconds, long serverFrames, long presented, long bytesToClient,
            long bytesWholeRun, double windowSeconds, String json) {
            this(client, cpuSeconds, serverFrames, presented, bytesToClient, bytesWholeRun, windowSeconds, json, "");
        }

        Run withQuality(String q) {
            return new Run(client, cpuSeconds, serverFrames, presented, bytesToClient, bytesWholeRun, windowSeconds,
                    json, q);
        }

        /** Frames dropped as late over the whole run (thinspice's own count), -1 for remote-viewer. */
        long late() {
            Matcher m = LATE.matcher(json);
            return m.find() ? Long.parseLong(m.group(1)) : json.isEmpty() ? -1 : 0;
        }

        /** A number from the session's JSON, NaN when absent. */
        double num(Pattern p) {
            Matcher m = p.matcher(json + quality);
            return m.find() && !m.group(1).equals("null") ? Double.parseDouble(m.group(1)) : Double.NaN;
        }

        /**
         * The probe's CPU (PSNR against the host's render, which a product session does not do) that fell into the
         * window: its whole-run CPU times the share of presented frames that fell into the window.
         */
        double probeCpuInWindow() {
            double probe = num(PROBE_CPU);
            double total = num(PRESENTED);
            if (Double.isNaN(probe) || Double.isNaN(total) || total <= 0 || presented < 0) {
                return 0;
            }
            return probe * Math.min(1.0, presented / total);
        }

        /** Client CPU in the window without the probe's. */
        double clientCpu() {
            return cpuSeconds - probeCpuInWindow();
        }

        double cpuPerFrameMs() {
            return serverFrames == 0 ? Double.NaN
                    : clientCpu() * 1000 / (presented >= 0 && !desktop ? presented : serverFrames);
        }
    }

    public static void main(String[] args) throws Exception {
        List<String> rest = new ArrayList<>(List.of(args));
        desktop = rest.remove("--desktop");
        if (rest.remove("--profiles")) {
            ProfilesBench.run(rest.size() > 0 ? Integer.parseInt(rest.get(0)) : 20);
            return;
        }
        int seconds = rest.size() > 0 ? Integer.parseInt(rest.get(0)) : 20;
        int rounds = rest.size() > 1 ? Integer.parseInt(rest.get(1)) : 2;
        int warmup = Math.min(6, seconds / 3);
        Path work = Files.createTempDirectory("bench-rv");
        List<Run> runs = new ArrayList<>();
        String loadBefore = LoadAverage.now();
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
        System.out.println("load average (1, 5, 15 min) before: " + loadBefore + "; after: " + LoadAverage.now()
                + "; " + Runtime.getRuntime().availableProcessors() + " CPUs");
    }

    private static Run remoteViewer(SpiceCountingRelay relay, Path work, int seconds, int warmup) throws Exception {
        try (XServer x = XServer.start(work, 1280, 1024);
             RemoteViewer viewer = RemoteViewer.start(x, work.resolve("remote-viewer.log"), "spice://127.0.0.1:" + relay.port())) {
            if (desktop) {
                return measure("remote-viewer", viewer.pid(), relay, seconds, warmup, null);
            }
            XSampler sampler = new XSampler(x, warmup * 1000L, (seconds - warmup) * 1000L);
            sampler.start();
            Run run = measure("remote-viewer", viewer.pid(), relay, seconds, warmup, null);
            sampler.join(10_000);
            return run.withQuality(sampler.json());
        }
    }

    /**
     * remote-viewer's picture, sampled: its Xvfb framebuffer read every 100 ms over the window (not every frame it
     * presented — it does not say when it presents), the guest's screen located at 1:1 once by the still detail band
     * of the bars below the block (the colour bars alone, constant down each bar, left the vertical offset a few rows
     * off), each sample read twice and kept only when the moving rows did not change between the reads (not torn
     * by remote-viewer's painting), the frame code read back and the anim's moving rows compared with the host's
     * render. Runs on the bench's own JVM, not remote-viewer's process.
     */
    static final class XSampler extends Thread {
        private final XServer x;
        private final long delayMs;
        private final long windowMs;
        private long samples;
        private long unreadable;
        private long unsteady;
        private long lagSum;
        private double bestSum;
        private double sum;
        private double min = Double.POSITIVE_INFINITY;
        private String error = "";

        XSampler(XServer x, long delayMs, long windowMs) {
            super("rv-sampler");
            setDaemon(true);
            this.x = x;
            this.delayMs = delayMs;
            this.windowMs = windowMs;
        }

        @Override
        public void run() {
            try {
                Thread.sleep(delayMs);
                long end = System.nanoTime() + windowMs * 1_000_000;
                int w = 1024;
                int h = 768;
                // The bars' fine-detail band below the block's rows: still, and unlike the colour bars it changes from
                // row to row, so it fixes the vertical offset too.
                int bandY = org.thinspice.testbed.SceneFrames.animBlockY(h) + 200;
                int bandH = 3 * h / 4 - bandY;
                int[] top = new int[w * bandH];
                System.arraycopy(org.thinspice.testbed.Patterns.barsPicture(w, h).pixels(), bandY * w, top, 0, top.length);
                org.thinspice.testbed.Picture band = new org.thinspice.testbed.Picture(w, bandH, top);
                org.thinspice.testbed.SceneFrames.Reference ref = new org.thinspice.testbed.SceneFrames.Reference(
                        org.thinspice.testbed.SceneFrames.Scene.ANIM, w, h);
                int[] rows = org.thinspice.testbed.SceneFrames.Scene.ANIM.movingRows(w, h);
                int[] code = org.thinspice.testbed.SceneFrames.Scene.ANIM.codeAt(w, h);
                int count = (rows[1] - rows[0]) * w;
                int[] got = new int[count];
                int[] want = new int[count];
                int[] at = null;
                while (System.nanoTime() < end) {
                    long t0 = System.nanoTime();
                    org.thinspice.testbed.Picture screen = x.screen();
                    if (at != null) {
                        // Keep only a steady picture: read again and skip the sample when the moving rows changed
                        // in between (remote-viewer was painting: a torn read).
                        org.thinspice.testbed.Picture again = x.screen();
                        if (!sameRows(screen, again, at[1] + rows[0], at[1] + rows[1])) {
                            unsteady++;
                            Thread.sleep(20);
                            continue;
                        }
                    }
                    if (at == null) {
                        at = screen.locate(band, XServer.POINTER_TOLERANCE).map(p -> new int[] {p[0], p[1] - bandY})
                                .orElse(null);
                    }
                    if (at != null) {
                        int[] px = screen.pixels();
                        int sw = screen.width();
                        int[] guest = new int[w * (code[1] + 16)];
                        for (int y = 0; y < code[1] + 16; y++) {
                            System.arraycopy(px, (at[1] + y) * sw + at[0], guest, y * w, w);
                        }
                        int n = org.thinspice.testbed.SceneFrames.readCode(guest, w, code[0], code[1]);
                        if (n < 0) {
                            unreadable++;
                        } else {
                            for (int y = rows[0]; y < rows[1]; y++) {
                                System.arraycopy(px, (at[1] + y) * sw + at[0], got, (y - rows[0]) * w, w);
                            }
                            ref.render(n, rows[0], rows[1], want);
                            double psnr = org.thinspice.testbed.SceneFrames.psnr(
                                    org.thinspice.testbed.SceneFrames.squaredError(got, 0, want, 0, count), 3L * count);
                            psnr = Math.min(psnr, 99.0);
                            // Diagnostic: which earlier frame the block rows (below the code) match best.
                            int blockFrom = (code[1] + 16 - rows[0]) * w;
                            double best = -1;
                            int bestLag = 0;
                            for (int lag = 0; lag <= 12; lag++) {
                                ref.render((n - lag) & 0xFFFF, rows[0], rows[1], want);
                                double p = org.thinspice.testbed.SceneFrames.psnr(org.thinspice.testbed.SceneFrames
                                        .squaredError(got, blockFrom, want, blockFrom, count - blockFrom),
                                        3L * (count - blockFrom));
                                if (p > best) {
                                    best = p;
                                    bestLag = lag;
                                }
                            }
                            String keep = System.getProperty("bench.rvSampleDir");
                            if (keep != null && samples == 0) { // the first steady sample, to look at
                                StringBuilder head = new StringBuilder("P6\n" + sw + " " + screen.height() + "\n255\n");
                                byte[] body = new byte[sw * screen.height() * 3];
                                for (int i = 0; i < sw * screen.height(); i++) {
                                    body[3 * i] = (byte) (px[i] >>> 16);
                                    body[3 * i + 1] = (byte) (px[i] >>> 8);
                                    body[3 * i + 2] = (byte) px[i];
                                }
                                try (java.io.OutputStream o = Files.newOutputStream(Path.of(keep, "rv-sample-" + n + ".ppm"))) {
                                    o.write(head.toString().getBytes(StandardCharsets.US_ASCII));
                                    o.write(body);
                                }
                            }
                            lagSum += bestLag;
                            bestSum += Math.min(best, 99.0);
                            samples++;
                            sum += psnr;
                            min = Math.min(min, psnr);
                        }
                    }
                    Thread.sleep(Math.max(10, 100 - (System.nanoTime() - t0) / 1_000_000));
                }
                if (at == null) {
                    error = "the guest's screen was not found on the X screen";
                } else {
                    error = "";
                }
            } catch (Exception e) {
                error = String.valueOf(e);
            }
        }

        private static boolean sameRows(org.thinspice.testbed.Picture a, org.thinspice.testbed.Picture b, int y0, int y1) {
            int w = a.width();
            return java.util.Arrays.equals(a.pixels(), y0 * w, y1 * w, b.pixels(), y0 * w, y1 * w);
        }

        String json() {
            return String.format(Locale.ROOT, "{\"probe_frames\":%d,\"probe_unreadable\":%d,\"rv_unsteady\":%d,"
                    + "\"rv_block_best_lag_mean\":%s,\"rv_block_best_psnr_mean\":%s,"
                    + "\"psnr_mean\":%s,\"psnr_min\":%s,\"rv_sample_error\":\"%s\"}", samples, unreadable, unsteady,
                    samples == 0 ? "null" : String.format(Locale.ROOT, "%.2f", (double) lagSum / samples),
                    samples == 0 ? "null" : String.format(Locale.ROOT, "%.2f", bestSum / samples),
                    samples == 0 ? "null" : String.format(Locale.ROOT, "%.2f", sum / samples),
                    samples == 0 ? "null" : String.format(Locale.ROOT, "%.2f", min), error.replace('"', '\''));
        }
    }

    /** {@code client}: a codec, with {@code *} for the variant's JVM options. */
    private static Run session(SpiceCountingRelay relay, Path work, int seconds, int warmup, String client)
            throws Exception {
        boolean variant = client.endsWith("*");
        String codec = variant ? client.substring(0, client.length() - 1) : client;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // It runs longer than the window and is ended by SIGTERM, which makes it print its JSON.
        List<String> cmd = new ArrayList<>(List.of(java));
        // the client's own JVM options (as ./thinspice session runs it), then -Dbench.sessionJvmArgs=… (later wins)
        cmd.addAll(ClientJvmOptions.list());
        String jvmArgs = System.getProperty("bench.sessionJvmArgs", "");
        if (!jvmArgs.isBlank()) {
            cmd.addAll(List.of(jvmArgs.trim().split("\\s+")));
        }
        if (variant) {
            cmd.addAll(List.of(VARIANT.split("\\s+")));
        }
        if (!desktop) {
            cmd.add("-Dbench.scene=anim");
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"),
                "org.thinspice.engine.cli.SpiceCli", "session", "--uri", "spice://127.0.0.1:" + relay.port(),
                "--duration-s", String.valueOf(seconds + 60), "--profile", System.getProperty("bench.profile", "lan"),
                "--codec", codec));
        if (!desktop && Boolean.parseBoolean(System.getProperty("bench.probe", "true"))) {
            cmd.addAll(List.of("--frame-probe", PROBE)); // -Dbench.probe=false: CPU without the PSNR probe's presence
        }
        Process p = new ProcessBuilder(cmd).redirectError(work.resolve("session-" + codec + (variant ? "-variant" : "")
                + ".log").toFile()).start();
        try {
            return measure("thinspice " + client, p.pid(), relay, seconds, warmup, p);
        } finally {
            Processes.stop(p, Duration.ofSeconds(5));
        }
    }

    static Run measure(String name, long pid, SpiceCountingRelay relay, int seconds, int warmup,
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
        long bytesW = relay.bytesToClient.get();
        long t0 = System.nanoTime();
        Thread.sleep((seconds - warmup) * 1000L);
        double cpu1 = ProcessCpu.seconds(pid);
        long framesE = frames(relay);
        long bytesE = relay.bytesToClient.get();
        double window = (System.nanoTime() - t0) / 1e9;
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
        return new Run(name, cpu1 - cpu0, framesE - framesW, presented, bytesE - bytesW, bytesE - bytes0, window, json);
    }

    /** What counts as a frame: video stream frames (the animation), drawing messages (the desktop). */
    private static long frames(SpiceCountingRelay relay) {
        return desktop ? relay.displayDraws() : relay.streamFrames();
    }

    private static void report(List<Run> runs, int seconds, int warmup) {
        System.out.printf(Locale.ROOT, "%n%-16s %8s %8s %13s %10s %6s %13s %10s %10s %10s %9s %9s %7s%n", "client",
                "cpu_s", "probe_s", "server_frames", "presented", "late", "cpu_ms/frame", "MB_window", "MB_run",
                "stream_MB", "psnr_mean", "psnr_min", "unread");
        for (Run r : runs) {
            System.out.printf(Locale.ROOT, "%-16s %8.3f %8.3f %13d %10s %6s %13.3f %10.2f %10.2f %10s %9s %9s %7s%n",
                    r.client, r.cpuSeconds, r.probeCpuInWindow(), r.serverFrames,
                    r.presented < 0 ? "n/a" : String.valueOf(r.presented), r.late() < 0 ? "n/a" : String.valueOf(r.late()),
                    r.cpuPerFrameMs(), r.bytesToClient / 1e6, r.bytesWholeRun / 1e6, streamMb(r),
                    dbOrNa(r.num(PSNR_MEAN)), dbOrNa(r.num(PSNR_MIN)), intOrNa(r.num(PROBE_UNREADABLE)));
        }
        for (Run r : runs) {
            if (!r.json.isEmpty()) {
                System.out.println(r.client + ": " + r.json);
            }
            if (!r.quality.isEmpty()) {
                System.out.println(r.client + " (X screen samples): " + r.quality);
            }
        }
        System.out.printf(Locale.ROOT, "%nwindow: %d s per run after %d s warm-up; frames: remote-viewer = stream "
                + "frames the server sent it (an upper bound on what it showed), thinspice = frames it presented; late ="
                + " frames thinspice dropped as late over the whole run; cpu_s is the client process's CPU in the window,"
                + " MB_window the bytes the server sent it in the window (MB_run: from connecting to the window's end),"
                + " probe_s the part of it the PSNR probe took (left out of cpu_ms/frame); psnr over R,G,B of the anim's"
                + " moving rows (1024x208) of every frame thinspice presented (whole run) against the host's render of the"
                + " frame code it shows, an exact frame counted as 99 dB; unread = presented frames without a valid code"
                + " (torn or blurred; not in the PSNR); remote-viewer's PSNR: its X screen sampled every 100 ms over the"
                + " window (not every frame it presented; a sample whose moving rows changed between two reads is skipped"
                + " as unsteady), same rows and reference%n", seconds - warmup, warmup);
        if (desktop) {
            System.out.println("desktop guest (--desktop): scrolling xterm + xterm moved by xdotool; a frame here is a"
                    + " drawing message the server sent (COPY_BITS, DRAW_*, stream data), for every client, and"
                    + " cpu_ms/frame divides by those; presented = drawing messages thinspice handled in the window (its own"
                    + " count)");
        }
        System.out.printf(Locale.ROOT, "%n%-16s %13s %10s %6s %12s %16s %16s %17s %10s %9s%n", "totals", "cpu_ms/frame",
                "frames", "late", "MB_window", "cpu_vs_rv_mjpeg", "bytes_vs_mjpeg", "stream_B/frame", "psnr_mean",
                "psnr_min");
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
            double psnrWeighted = 0;
            double psnrFrames = 0;
            double psnrMin = Double.POSITIVE_INFINITY;
            for (Run r : runs) {
                if (r.client.equals(name)) {
                    double pf = r.num(PROBE_FRAMES);
                    double pm = r.num(PSNR_MEAN);
                    if (pf > 0 && !Double.isNaN(pm)) {
                        psnrWeighted += pm * pf;
                        psnrFrames += pf;
                        psnrMin = Math.min(psnrMin, r.num(PSNR_MIN));
                    }
                    Matcher sb = STREAM_BYTES.matcher(r.json);
                    Matcher sf = STREAM_FRAMES.matcher(r.json);
                    if (sb.find() && sf.find()) {
                        streamBytes += Long.parseLong(sb.group(1));
                        streamFrames += Long.parseLong(sf.group(1));
                    }
                    cpu += r.clientCpu();
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
            System.out.printf(Locale.ROOT, "%-16s %13.3f %10d %6s %12.2f %16.3f %16s %17s %10s %9s%n", name, perFrame,
                    frames, client.equals("remote-viewer") ? "n/a" : String.valueOf(late), bytes / 1e6, perFrame / rvPerFrame,
                    client.equals("remote-viewer") ? "n/a"
                            : String.format(Locale.ROOT, "%.3f", bytesPerFrame / mjpegBytesPerFrame),
                    streamFrames == 0 ? "n/a" : String.valueOf(streamBytes / streamFrames),
                    dbOrNa(psnrFrames > 0 ? psnrWeighted / psnrFrames : Double.NaN),
                    dbOrNa(psnrFrames > 0 ? psnrMin : Double.NaN));
        }
        if (!VARIANT.isEmpty()) {
            System.out.println("* = the same codec with -Dbench.variantJvmArgs: " + VARIANT);
        }
        System.out.println("cpu_vs_rv_mjpeg: CPU per frame / remote-viewer's (target <= 1.0); bytes_vs_mjpeg: bytes per"
                + " frame to the client in the window (images around the stream included) / thinspice MJPEG's (target for"
                + " VP8/H.264 <= 0.4); stream_B/frame: the codec's own"
                + " bytes per stream frame received (STREAM_DATA payloads, thinspice's count)");
    }

    private static String dbOrNa(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String intOrNa(double v) {
        return Double.isNaN(v) ? "n/a" : String.valueOf((long) v);
    }

    private static String streamMb(Run r) {
        Matcher m = STREAM_BYTES.matcher(r.json);
        return m.find() ? String.format(Locale.ROOT, "%.2f", Long.parseLong(m.group(1)) / 1e6) : "n/a";
    }
}
