package org.thinspice.client.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.thinspice.client.core.ExecutorScheduler;
import org.thinspice.client.core.Strings;
import org.thinspice.client.core.Ui;
import org.thinspice.client.desktops.ConnectRequest;
import org.thinspice.client.session.Scaling;
import org.thinspice.client.session.SessionConnector;
import org.thinspice.client.session.SessionView;
import org.thinspice.client.session.SessionViewModel;
import org.thinspice.testbed.ProcessCpu;
import org.thinspice.testbed.QemuSpiceServer;
import org.thinspice.testbed.RemoteViewer;
import org.thinspice.testbed.SpiceCountingRelay;
import org.thinspice.testbed.XServer;

/**
 * {@code ./thinspice bench ui}: the kiosk's session view under the tiny guest's animation (~25 fps)
 * — frames presented per second and CPU per presented frame — beside remote-viewer on the same QEMU in
 * the same run. The kiosk runs under Monocle (software pipeline), remote-viewer under Xvfb; CPU is
 * each client's own process time over the window (the kiosk: this JVM; remote-viewer: its process, not
 * Xvfb). Both clients connect through one counting relay. The kiosk's frames are those its session view
 * presented (its own meter); remote-viewer does not say what it presents, so its frames are the video
 * frames (STREAM_DATA) the server sent it in the window, counted by the relay — an upper bound on what it
 * presented, which favours remote-viewer and is labelled so.
 *
 * <p>Usage: {@code UiBench [SECONDS]}
 */
public final class UiBench {
    private UiBench() {
    }

    public static void main(String[] args) {
        int code = 0;
        try {
            run(args);
        } catch (Throwable t) {
            // The FX thread would keep the JVM alive after a failure: say what broke and leave.
            t.printStackTrace();
            code = 1;
        }
        Platform.exit();
        System.exit(code);
    }

    private static void run(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        Path dir = Files.createDirectories(Path.of("target", "bench-ui-" + System.nanoTime())).toAbsolutePath();
        try (QemuSpiceServer qemu = QemuSpiceServer.builder().tinyGuest("anim").vga("qxl").streamingVideo("filter")
                .password("bench").workDir(dir.resolve("qemu")).start();
             SpiceCountingRelay relay = new SpiceCountingRelay(qemu.host(), qemu.port())) {
            qemu.awaitGuestReady(Duration.ofSeconds(120));
            String vv = "[virt-viewer]\ntype=spice\nhost=127.0.0.1\nport=" + relay.port() + "\npassword=bench\n";
            Thread.sleep(2000);
            startFx();
            Sample fit = kiosk(vv, relay, seconds, Scaling.FIT);
            Sample one = kiosk(vv, relay, seconds, Scaling.ONE_TO_ONE);
            Sample rv = remoteViewer(relay, dir, seconds);
            System.out.printf(Locale.ROOT, "%nbench ui: tiny guest animation (1024x768, MJPEG stream), %d s per client, one QEMU, same run%n", seconds);
            System.out.printf(Locale.ROOT, "%-44s %14s %14s %14s %18s%n", "client", "server frames/s", "shown frames/s",
                    "CPU % of core", "CPU ms per frame");
            row("thinspice kiosk, fit (1280x800)", fit, fit.shown);
            row("thinspice kiosk, 1:1", one, one.shown);
            row("remote-viewer 11 (Xvfb, 1:1), frames ≤ sent", rv, rv.sent);
            double rvPerFrame = rv.cpu / rv.sent;
            System.out.printf(Locale.ROOT, "CPU per frame, kiosk/remote-viewer: fit %.2f, 1:1 %.2f%n",
                    (fit.cpu / fit.shown) / rvPerFrame, (one.cpu / one.shown) / rvPerFrame);
            System.out.println("(remote-viewer's frames are those the server sent it — an upper bound on what it showed; "
                    + "so its CPU per frame is a lower bound and both ratios are upper bounds)");
            if (!relay.inStep()) {
                System.out.println("warning: the relay lost track of a connection's messages; frame counts are suspect");
            }
        }
    }

    /** Per second of the measuring window: video frames the server sent, frames shown, CPU seconds. */
    private record Sample(double sent, double shown, double cpu) {
    }

    private static void row(String name, Sample s, double frames) {
        System.out.printf(Locale.ROOT, "%-44s %14.1f %14s %14.1f %18.2f%n", name, s.sent,
                Double.isNaN(s.shown) ? "(not seen)" : String.format(Locale.ROOT, "%.1f", s.shown), s.cpu * 100,
                s.cpu * 1000 / Math.max(0.001, frames));
    }

    private static void startFx() throws InterruptedException {
        CountDownLatch up = new CountDownLatch(1);
        Platform.startup(up::countDown);
        up.await();
        Platform.setImplicitExit(false);
    }

    /** {frames per second, CPU seconds per second} of this JVM while the session view shows the guest. */
    private static Sample kiosk(String vv, SpiceCountingRelay relay, int seconds, Scaling scaling) throws Exception {
        Ui ui = new Ui(Executors.newCachedThreadPool(), Platform::runLater, new ExecutorScheduler(Platform::runLater));
        CompletableFuture<SessionViewModel> ready = new CompletableFuture<>();
        Stage[] stages = new Stage[1];
        Platform.runLater(() -> {
            SessionViewModel vm = new SessionViewModel(ui, SessionConnector.ENGINE, new ConnectRequest(null, vv, null), r -> { });
            vm.scalingProperty().set(scaling);
            SessionView view = new SessionView(vm, new Strings(Strings.EN));
            Stage stage = new Stage();
            stage.setScene(new Scene(view.root(), 1280, 800));
            stage.show();
            view.start();
            stages[0] = stage;
            vm.stageProperty().addListener((o, a, b) -> {
                if (b == SessionViewModel.Stage.CONNECTED) {
                    ready.complete(vm);
                }
            });
        });
        SessionViewModel vm = ready.get(60, TimeUnit.SECONDS);
        Thread.sleep(3000);
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long f0 = vm.meter().presentedFrames();
        long s0 = relay.streamFrames();
        long c0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        long f1 = vm.meter().presentedFrames();
        long s1 = relay.streamFrames();
        long c1 = os.getProcessCpuTime();
        double wall = (System.nanoTime() - t0) / 1e9;
        Platform.runLater(() -> {
            vm.disconnect();
            stages[0].close();
        });
        Thread.sleep(1000);
        return new Sample((s1 - s0) / wall, (f1 - f0) / wall, (c1 - c0) / 1e9 / wall);
    }

    /** remote-viewer showing the guest under Xvfb: frames the server sent it and its CPU, per second. */
    private static Sample remoteViewer(SpiceCountingRelay relay, Path dir, int seconds) throws Exception {
        try (XServer x = XServer.start(dir, 1280, 1024);
             RemoteViewer rv = RemoteViewer.start(x, dir.resolve("remote-viewer.log"), "spice://127.0.0.1:" + relay.port() + "?password=bench")) {
            Thread.sleep(5000);
            double c0 = ProcessCpu.seconds(rv.pid());
            long s0 = relay.streamFrames();
            long t0 = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            double c1 = ProcessCpu.seconds(rv.pid());
            long s1 = relay.streamFrames();
            double wall = (System.nanoTime() - t0) / 1e9;
            if (c0 < 0 || c1 < 0) {
                throw new IOException("remote-viewer exited during the measurement: " + rv.log());
            }
            return new Sample((s1 - s0) / wall, Double.NaN, (c1 - c0) / wall);
        }
    }
}
