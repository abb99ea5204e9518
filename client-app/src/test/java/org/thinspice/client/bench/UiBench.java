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
import org.thinspice.testbed.QemuSpiceServer;

/**
 * {@code ./thinspice bench ui}: the kiosk's session view under the tiny guest's animation (~25 fps)
 * — frames presented per second and CPU per presented frame — beside remote-viewer on the same QEMU in
 * the same run. The kiosk runs under Monocle (software pipeline), remote-viewer under Xvfb; CPU is
 * each client's own process time over the window. remote-viewer's presented frames cannot be seen from
 * outside (spice-gtk logs no per-frame line); its rate is taken as the update rate the same server
 * delivered to the kiosk in this run, which the kiosk presents one for one (well under its 60 Hz pulse).
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
        try (QemuSpiceServer qemu = QemuSpiceServer.builder().tinyGuest("anim").password("bench").workDir(dir.resolve("qemu")).start()) {
            qemu.awaitGuestReady(Duration.ofSeconds(120));
            String vv = "[virt-viewer]\ntype=spice\nhost=127.0.0.1\nport=" + qemu.port() + "\npassword=bench\n";
            Thread.sleep(2000);
            startFx();
            double[] fit = kiosk(vv, seconds, Scaling.FIT);
            double[] one = kiosk(vv, seconds, Scaling.ONE_TO_ONE);
            double rvCpu = remoteViewer(qemu.port(), dir, seconds);
            double rvFrames = one[0];
            System.out.printf(Locale.ROOT, "%nbench ui: tiny guest animation (1024x768), %d s per client, one QEMU, same run%n", seconds);
            System.out.printf(Locale.ROOT, "%-36s %10s %14s %18s%n", "client", "frames/s", "CPU % of core", "CPU ms per frame");
            row("thinspice kiosk, fit (1280x800)", fit[0], fit[1]);
            row("thinspice kiosk, 1:1", one[0], one[1]);
            row("remote-viewer 11 (Xvfb, 1:1)", rvFrames, rvCpu);
            System.out.printf(Locale.ROOT, "CPU per frame, kiosk/remote-viewer: fit %.2f, 1:1 %.2f%n",
                    (fit[1] / fit[0]) / (rvCpu / rvFrames), (one[1] / one[0]) / (rvCpu / rvFrames));
            System.out.println("(remote-viewer frames/s = the update rate the server delivered to the kiosk at 1:1 in this run)");
        }
    }

    private static void row(String name, double fps, double cpu) {
        System.out.printf(Locale.ROOT, "%-36s %10.1f %14.1f %18.2f%n", name, fps, cpu * 100, cpu * 1000 / Math.max(0.001, fps));
    }

    private static void startFx() throws InterruptedException {
        CountDownLatch up = new CountDownLatch(1);
        Platform.startup(up::countDown);
        up.await();
        Platform.setImplicitExit(false);
    }

    /** {frames per second, CPU seconds per second} of this JVM while the session view shows the guest. */
    private static double[] kiosk(String vv, int seconds, Scaling scaling) throws Exception {
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
        long c0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        long f1 = vm.meter().presentedFrames();
        long c1 = os.getProcessCpuTime();
        double wall = (System.nanoTime() - t0) / 1e9;
        Platform.runLater(() -> {
            vm.disconnect();
            stages[0].close();
        });
        Thread.sleep(1000);
        return new double[] {(f1 - f0) / wall, (c1 - c0) / 1e9 / wall};
    }

    /** CPU seconds per second of remote-viewer showing the guest under Xvfb. */
    private static double remoteViewer(int port, Path dir, int seconds) throws Exception {
        Process xvfb = null;
        Process rv = null;
        try {
            int[] display = new int[1];
            xvfb = xvfb(display, dir.resolve("xvfb.log"));
            rv = viewer(display[0], port, dir.resolve("rv.log"));
            Thread.sleep(5000);
            long c0 = cpuTicks(rv.pid());
            long t0 = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            long c1 = cpuTicks(rv.pid());
            double wall = (System.nanoTime() - t0) / 1e9;
            return (c1 - c0) / 100.0 / wall;
        } finally {
            stop(rv);
            stop(xvfb);
        }
    }

    private static Process viewer(int display, int port, Path log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder("remote-viewer", "spice://127.0.0.1:" + port + "?password=bench");
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("DISPLAY", ":" + display);
        return pb.start();
    }

    private static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    private static Process xvfb(int[] displayOut, Path log) throws IOException, InterruptedException {
        for (int n = 150 + (int) (ProcessHandle.current().pid() % 50); n < 400; n++) {
            if (Files.exists(Path.of("/tmp/.X11-unix/X" + n)) || Files.exists(Path.of("/tmp/.X" + n + "-lock"))) {
                continue;
            }
            Process p = new ProcessBuilder("Xvfb", ":" + n, "-screen", "0", "1280x1024x24", "-nolisten", "tcp")
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            for (int i = 0; i < 200 && p.isAlive(); i++) {
                if (Files.exists(Path.of("/tmp/.X11-unix/X" + n))) {
                    displayOut[0] = n;
                    return p;
                }
                Thread.sleep(50);
            }
            stop(p);
        }
        throw new IOException("no Xvfb display could be started");
    }

    private static void stop(Process p) throws InterruptedException {
        if (p != null) {
            p.destroy();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }
}
