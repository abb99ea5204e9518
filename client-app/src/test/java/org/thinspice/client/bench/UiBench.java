package org.thinspice.client.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.thinspice.engine.cli.ClientJvmOptions;
import org.thinspice.testbed.LoadAverage;
import org.thinspice.testbed.Picture;
import org.thinspice.testbed.ProcessCpu;
import org.thinspice.testbed.Processes;
import org.thinspice.testbed.QemuSpiceServer;
import org.thinspice.testbed.RemoteViewer;
import org.thinspice.testbed.SpiceCountingRelay;
import org.thinspice.testbed.XServer;

/**
 * {@code ./thinspice bench ui}: the kiosk as a terminal runs it ({@code ClientMain --vv}, full screen, its
 * own JVM on an Xvfb of 1280x1024) against remote-viewer on the same QEMU (the tiny guest's animation,
 * an MJPEG stream at ~25 fps) and the same kind of display (a fresh Xvfb of the same size for each
 * client), in one run: at 1:1 and scaled to fit (the kiosk's "fit" shows 1024x768 as 1280x960;
 * remote-viewer {@code --zoom=125} asks for the same 1280x960 and spice-gtk scales into it).
 *
 * <p>Frames, counted so as not to flatter the kiosk: remote-viewer's are the video frames (STREAM_DATA)
 * the server sent it through a counting relay in the window — every frame it could have shown, so its
 * CPU per frame is if anything too low; the kiosk's are the pulses that uploaded a changed picture
 * (its own counter, read from {@code -Dthinspice.presentStats}), capped at the frames the server sent it.
 * CPU is each client's process (user + system, /proc), the X server's shown beside it. Usage:
 * {@code UiBench [SECONDS]}; {@code -Dbench.kioskJvmArgs="-Dprism.order=sw …"} for the kiosk's JVM.
 */
public final class UiBench {
    private static final int SCREEN_W = 1280;
    private static final int SCREEN_H = 1024;
    private static final Duration WARM = Duration.ofSeconds(8);

    private UiBench() {
    }

    public static void main(String[] args) {
        int code = 0;
        try {
            run(args);
        } catch (Throwable t) {
            t.printStackTrace();
            code = 1;
        }
        System.exit(code);
    }

    /** One client's measuring window, per second: frames the server sent, frames counted, CPU seconds. */
    private record Sample(String name, double sent, double frames, double cpu, double xCpu, String shown, String note) {
        /** NaN when no frame counted (e.g. the server sent no stream frames in the window). */
        double msPerFrame() {
            return frames > 0 ? cpu * 1000 / frames : Double.NaN;
        }
    }

    private static void run(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        Path dir = Files.createDirectories(Path.of("target", "bench-ui-" + System.nanoTime())).toAbsolutePath();
        String load0 = LoadAverage.now();
        List<Sample> samples = new ArrayList<>();
        try (QemuSpiceServer qemu = QemuSpiceServer.builder().tinyGuest("anim").vga("qxl").streamingVideo("filter")
                .password("bench").workDir(dir.resolve("qemu")).start();
             SpiceCountingRelay relay = new SpiceCountingRelay(qemu.host(), qemu.port())) {
            qemu.awaitGuestReady(Duration.ofSeconds(180));
            Path vv = dir.resolve("bench.vv");
            Files.writeString(vv, "[virt-viewer]\ntype=spice\nhost=127.0.0.1\nport=" + relay.port() + "\npassword=bench\n");
            String uri = "spice://127.0.0.1:" + relay.port() + "?password=bench";
            samples.add(printed(kiosk(dir.resolve("kiosk-1to1"), vv, relay, seconds, "one-to-one")));
            samples.add(printed(remoteViewer(dir.resolve("rv-1to1"), relay, seconds, "remote-viewer, 1:1", uri)));
            samples.add(printed(kiosk(dir.resolve("kiosk-fit"), vv, relay, seconds, "fit")));
            samples.add(printed(remoteViewer(dir.resolve("rv-fit"), relay, seconds, "remote-viewer, --zoom=125", "--zoom=125", uri)));
            if (!relay.inStep()) {
                System.out.println("warning: the relay lost track of a connection's messages; frame counts are suspect");
            }
        }
        String load1 = LoadAverage.now();
        System.out.printf(Locale.ROOT, "%nbench ui: tiny guest animation (1024x768 guest, MJPEG stream ~25 fps), Xvfb %dx%dx24 per client, "
                + "%d s each, one QEMU, same run%n", SCREEN_W, SCREEN_H, seconds);
        System.out.printf(Locale.ROOT, "%-34s %10s %10s %10s %12s %12s  %s%n", "client", "sent f/s", "frames/s", "CPU %",
                "CPU ms/frame", "Xvfb ms/f", "shown / notes");
        for (Sample s : samples) {
            System.out.printf(Locale.ROOT, "%-34s %10.1f %10.1f %10.1f %12.2f %12.2f  %s %s%n", s.name, s.sent, s.frames, s.cpu * 100,
                    s.msPerFrame(), s.xCpu * 1000 / Math.max(1e-9, s.frames), s.shown, s.note);
        }
        double one = samples.get(0).msPerFrame() / samples.get(1).msPerFrame();
        double fit = samples.get(2).msPerFrame() / samples.get(3).msPerFrame();
        System.out.printf(Locale.ROOT, "kiosk / remote-viewer CPU per presented frame: 1:1 %.2f (target <= 1.0: %s), "
                + "fit %.2f (target <= 1.5: %s)%n", one, verdict(one, 1.0), fit, verdict(fit, 1.5));
        System.out.printf(Locale.ROOT, "fit against remote-viewer at 1:1: %.2f%n", samples.get(2).msPerFrame() / samples.get(1).msPerFrame());
        System.out.printf(Locale.ROOT, "load average (1/5/15 min): before %s, after %s; %d CPUs%n",
                load0, load1, Runtime.getRuntime().availableProcessors());
    }

    private static String verdict(double ratio, double target) {
        return Double.isNaN(ratio) ? "not measured" : ratio <= target ? "met" : "NOT met";
    }

    private static Sample printed(Sample s) {
        System.out.printf(Locale.ROOT, "measured %s: %.1f frames/s, %.2f ms CPU per frame %s %s%n", s.name, s.frames, s.msPerFrame(),
                s.shown, s.note);
        return s;
    }

    private static Sample kiosk(Path dir, Path vv, SpiceCountingRelay relay, int seconds, String scaling) throws Exception {
        Files.createDirectories(dir);
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve("config.json"), "{\"language\":\"en\",\"scaling\":\"" + scaling + "\"}");
        Path stats = dir.resolve("present-stats.properties");
        try (XServer x = XServer.start(dir, SCREEN_W, SCREEN_H)) {
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            cmd.addAll(ClientJvmOptions.list()); // as ./thinspice client and the package run it; extra ones win
            String extra = System.getProperty("bench.kioskJvmArgs", "").trim();
            if (!extra.isEmpty()) {
                cmd.addAll(List.of(extra.split("\\s+")));
            }
            cmd.addAll(List.of("-Dthinspice.presentStats=" + stats, "-cp",
                    System.getProperty("bench.kioskClasspath", System.getProperty("java.class.path")),
                    "org.thinspice.client.ClientMain", "--vv", vv.toString(), "--data", data.toString()));
            ProcessBuilder pb = x.on(new ProcessBuilder(cmd)).redirectErrorStream(true).redirectOutput(dir.resolve("kiosk.log").toFile());
            Process p = pb.start();
            try {
                long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
                while (presented(stats) <= 0) {
                    if (!p.isAlive() || System.nanoTime() > deadline) {
                        throw new IOException("the kiosk presented nothing within 90 s: "
                                + tail(Files.readString(dir.resolve("kiosk.log"))));
                    }
                    Thread.sleep(200);
                }
                Thread.sleep(WARM.toMillis());
                Properties a = read(stats);
                long s0 = relay.streamFrames();
                double c0 = ProcessCpu.seconds(p.pid());
                double x0 = ProcessCpu.seconds(x.pid());
                long t0 = System.nanoTime();
                Thread.sleep(seconds * 1000L);
                // the next rewrite of the stats file (once a second) ends the window
                Properties b = read(stats);
                long firstNanos = Long.parseLong(b.getProperty("nanos"));
                while (Long.parseLong(b.getProperty("nanos")) == firstNanos) {
                    Thread.sleep(50);
                    b = read(stats);
                }
                double c1 = ProcessCpu.seconds(p.pid());
                double x1 = ProcessCpu.seconds(x.pid());
                long s1 = relay.streamFrames();
                double wall = (System.nanoTime() - t0) / 1e9;
                Picture screen = x.screen();
                double statsWall = (num(b, "nanos") - num(a, "nanos")) / 1e9;
                double presentedPerS = (num(b, "presented") - num(a, "presented")) / statsWall;
                double sent = (s1 - s0) / wall;
                double frames = Math.min(presentedPerS, sent);
                double cpu = (c1 - c0) / wall;
                double fx = (num(b, "fxCpuNanos") - num(a, "fxCpuNanos")) / 1e9 / statsWall;
                double render = (num(b, "renderCpuNanos") - num(a, "renderCpuNanos")) / 1e9 / statsWall;
                double px = (num(b, "uploadedPixels") - num(a, "uploadedPixels")) / Math.max(1, num(b, "uploads") - num(a, "uploads"));
                double per = frames > 0 ? frames : Double.NaN;
                if (frames <= 0) {
                    System.out.printf(Locale.ROOT, "warning: %s: the server sent no stream frames in the window (presented %.1f/s, "
                            + "from ordinary images): no CPU per frame for it%n", scaling, presentedPerS);
                }
                String note = String.format(Locale.ROOT, "[presented %.1f/s; per frame: FX thread %.2f ms, renderer %.2f ms, "
                        + "rest (engine, GC, JIT) %.2f ms; %.0f px per upload; %s; on screen %s]", presentedPerS,
                        fx * 1000 / per, render * 1000 / per, (cpu - fx - render) * 1000 / per, px, b.getProperty("pipeline")
                        + ", " + b.getProperty("presentation", "javafx"), bounds(screen));
                return new Sample("thinspice kiosk, " + scaling, sent, frames, cpu, (x1 - x0) / wall,
                        b.getProperty("guest") + " as " + b.getProperty("shown"), note);
            } finally {
                Processes.stop(p, Duration.ofSeconds(3));
            }
        }
    }

    private static Sample remoteViewer(Path dir, SpiceCountingRelay relay, int seconds, String name, String... args) throws Exception {
        Files.createDirectories(dir);
        try (XServer x = XServer.start(dir, SCREEN_W, SCREEN_H);
             RemoteViewer rv = RemoteViewer.start(x, dir.resolve("remote-viewer.log"), args)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            long first = relay.streamFrames();
            while (relay.streamFrames() < first + 10) {
                if (!rv.isAlive() || System.nanoTime() > deadline) {
                    throw new IOException("remote-viewer got no stream within 120 s: " + rv.log());
                }
                Thread.sleep(200);
            }
            Thread.sleep(WARM.toMillis());
            double c0 = ProcessCpu.seconds(rv.pid());
            double x0 = ProcessCpu.seconds(x.pid());
            long s0 = relay.streamFrames();
            long t0 = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            double c1 = ProcessCpu.seconds(rv.pid());
            double x1 = ProcessCpu.seconds(x.pid());
            long s1 = relay.streamFrames();
            double wall = (System.nanoTime() - t0) / 1e9;
            if (c0 < 0 || c1 < 0) {
                throw new IOException("remote-viewer exited during the measurement: " + rv.log());
            }
            Picture screen = x.screen();
            double sent = (s1 - s0) / wall;
            return new Sample(name, sent, sent, (c1 - c0) / wall, (x1 - x0) / wall, "(frames = sent)",
                    "[on screen " + bounds(screen) + "]");
        }
    }

    /** The bounding box of what is not black on the X screen, e.g. {@code 1280x960+0+32}. */
    private static String bounds(Picture p) {
        int x0 = p.width();
        int y0 = p.height();
        int x1 = -1;
        int y1 = -1;
        for (int y = 0; y < p.height(); y++) {
            for (int x = 0; x < p.width(); x++) {
                if ((p.rgb(x, y) & 0xFFFFFF) != 0) {
                    x0 = Math.min(x0, x);
                    y0 = Math.min(y0, y);
                    x1 = Math.max(x1, x);
                    y1 = Math.max(y1, y);
                }
            }
        }
        return x1 < 0 ? "nothing" : (x1 - x0 + 1) + "x" + (y1 - y0 + 1) + "+" + x0 + "+" + y0;
    }

    private static String tail(String s) {
        return s.length() <= 3000 ? s : s.substring(s.length() - 3000);
    }

    private static long presented(Path stats) {
        try {
            return Files.exists(stats) ? num(read(stats), "presented") : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private static Properties read(Path stats) throws IOException {
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(stats)) {
            p.load(in);
        }
        return p;
    }

    private static long num(Properties p, String key) {
        return Long.parseLong(p.getProperty(key, "0").trim());
    }

}
