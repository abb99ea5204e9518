package org.thinspice.device.bench;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.thinspice.testbed.GuestBlocks;
import org.thinspice.testbed.ProcessCpu;
import org.thinspice.testbed.Processes;
import org.thinspice.testbed.QemuSpiceServer;
import org.thinspice.testbed.RemoteViewer;
import org.thinspice.testbed.XServer;

/**
 * {@code ./thinspice bench usb [MIB] [ROUNDS]}: on one QEMU and tiny guest, the guest reads MIB MiB
 * sequentially ({@code dd}, O_DIRECT, 1 MiB requests) from thinspice's simulated stick
 * ({@code session --usb-stick}) and from remote-viewer's emulated CD ({@code --spice-share-cd}, spice-gtk
 * 0.42 under Xvfb) backed by the same image. Each client gets one untimed read first (warm-up), then
 * one timed. Printed per run: guest-side throughput and the client's CPU seconds during the timed read
 * (utime + stime from /proc), then the ratios. Measured, not asserted.
 */
public final class UsbBench {
    private UsbBench() {
    }

    record Run(String client, double seconds, double cpuSeconds, int mib) {
        double mibPerSecond() {
            return mib / seconds;
        }

        double cpuMsPerMib() {
            return cpuSeconds * 1000 / mib;
        }
    }

    public static void main(String[] args) throws Exception {
        int mib = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        Path work = Files.createTempDirectory("bench-usb");
        Path image = work.resolve("stick.img");
        try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "rw")) {
            byte[] chunk = new byte[1 << 20];
            Random r = new Random(1);
            for (int i = 0; i < mib; i++) {
                r.nextBytes(chunk);
                f.write(chunk);
            }
        }
        List<Run> runs = new ArrayList<>();
        try (QemuSpiceServer qemu = QemuSpiceServer.builder().tinyGuest("none").usbRedir(2)
                .startTimeout(Duration.ofSeconds(60)).start()) {
            qemu.awaitGuestReady(Duration.ofSeconds(150));
            GuestBlocks blocks = new GuestBlocks(qemu.console());
            for (int i = 0; i < rounds; i++) {
                runs.add(thinspice(qemu, blocks, image, work, mib));
                runs.add(remoteViewer(qemu, blocks, image, work, mib));
            }
        }
        report(runs);
    }

    private static Run thinspice(QemuSpiceServer qemu, GuestBlocks blocks, Path image, Path work, int mib)
            throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java));
        String jvmArgs = System.getProperty("bench.sessionJvmArgs", "");
        if (!jvmArgs.isBlank()) {
            cmd.addAll(List.of(jvmArgs.trim().split("\\s+"))); // e.g. a flight recording to see where CPU goes
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"),
                "org.thinspice.device.cli.UsbSessionCommand", "--uri", "spice://" + qemu.host() + ":" + qemu.port(),
                "--duration-s", "3600", "--profile", "lan", "--usb-stick", image.toString()));
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true).redirectOutput(work.resolve("thinspice.log").toFile()).start();
        try {
            return read("thinspice", p.pid(), qemu, blocks, "sda", mib, work.resolve("thinspice.log"));
        } finally {
            Processes.stop(p, Duration.ofSeconds(5));
            blocks.awaitGone("sda", Duration.ofSeconds(60));
        }
    }

    private static Run remoteViewer(QemuSpiceServer qemu, GuestBlocks blocks, Path image, Path work, int mib)
            throws Exception {
        try (XServer x = XServer.start(work, 1280, 1024);
             RemoteViewer viewer = RemoteViewer.start(x, work.resolve("remote-viewer.log"), "--spice-share-cd=" + image,
                     "--spice-usbredir-redirect-on-connect=-1,0x2b23,0xcdcd,-1,1",
                     "spice://" + qemu.host() + ":" + qemu.port())) {
            return read("remote-viewer", viewer.pid(), qemu, blocks, "sr0", mib, work.resolve("remote-viewer.log"));
        } finally {
            blocks.awaitGone("sr0", Duration.ofSeconds(60));
        }
    }

    /** Waits for the guest's disk, then times one O_DIRECT sequential read and the client's CPU meanwhile. */
    private static Run read(String client, long pid, QemuSpiceServer qemu, GuestBlocks blocks, String dev, int mib,
            Path log) throws Exception {
        if (!blocks.awaitPresent(dev, Duration.ofSeconds(90))) {
            throw new IOException(client + ": the guest never saw /dev/" + dev + "; log " + log + ":\n"
                    + tail(Files.readString(log)));
        }
        Thread.sleep(1000); // let the guest's own probing of the new disk settle
        // One untimed read first, for both clients alike: a fresh JVM runs its code interpreted at first.
        qemu.console().run("dd if=/dev/" + dev + " of=/dev/null bs=1M count=" + mib + " iflag=direct 2>/dev/null",
                Duration.ofMinutes(10));
        Path jfr = jfr(client, pid, log.getParent(), true);
        java.util.Map<String, Double> threads0 = ThreadCpu.byName(pid);
        double cpu0 = ProcessCpu.seconds(pid);
        String[] up = qemu.console().run("a=$(cut -d' ' -f1 /proc/uptime); dd if=/dev/" + dev + " of=/dev/null bs=1M "
                + "count=" + mib + " iflag=direct 2>/dev/null; echo $a $(cut -d' ' -f1 /proc/uptime)",
                Duration.ofMinutes(10)).trim().split("\\s+");
        double cpu1 = ProcessCpu.seconds(pid);
        if (cpu0 < 0 || cpu1 < 0) {
            throw new IOException(client + " exited during the read; log " + log);
        }
        java.util.Map<String, Double> threads1 = ThreadCpu.byName(pid);
        if (jfr != null) {
            jfr(client, pid, jfr, false);
        }
        double seconds = Double.parseDouble(up[up.length - 1]) - Double.parseDouble(up[up.length - 2]);
        System.err.println("bench usb: " + client + " CPU ms by thread during the read: "
                + ThreadCpu.difference(threads0, threads1));
        Run r = new Run(client, seconds, cpu1 - cpu0, mib);
        System.err.printf(Locale.ROOT, "bench usb: %s read %d MiB in %.2f s%n", client, mib, seconds);
        return r;
    }

    /**
     * With {@code -Dbench.jfr=true}, a flight recording of the thinspice client covering the timed read
     * only (started before the first CPU sample, dumped after the last): where its CPU goes.
     */
    private static Path jfr(String client, long pid, Path where, boolean start) throws Exception {
        if (!Boolean.getBoolean("bench.jfr") || !client.equals("thinspice")) {
            return null;
        }
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        Path file = start ? where.resolve("thinspice-read-" + System.nanoTime() + ".jfr") : where;
        List<String> cmd = start
                ? List.of(jcmd, Long.toString(pid), "JFR.start", "name=read", "settings=profile", "filename=" + file)
                : List.of(jcmd, Long.toString(pid), "JFR.stop", "name=read", "filename=" + file);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("jcmd did not finish");
        }
        if (!start) {
            System.err.println("bench usb: flight recording of the timed read: " + file);
        }
        return file;
    }

    private static String tail(String s) {
        return s.substring(Math.max(0, s.length() - 2000));
    }

    private static void report(List<Run> runs) {
        System.out.printf(Locale.ROOT, "%n%-14s %8s %10s %10s %14s%n", "client", "MiB", "seconds", "MiB/s",
                "cpu_ms/MiB");
        double ts = 0;
        double rv = 0;
        double tsCpu = 0;
        double rvCpu = 0;
        for (Run r : runs) {
            System.out.printf(Locale.ROOT, "%-14s %8d %10.2f %10.1f %14.1f%n", r.client(), r.mib(), r.seconds(),
                    r.mibPerSecond(), r.cpuMsPerMib());
            if (r.client().equals("thinspice")) {
                ts += r.mibPerSecond();
                tsCpu += r.cpuMsPerMib();
            } else {
                rv += r.mibPerSecond();
                rvCpu += r.cpuMsPerMib();
            }
        }
        System.out.printf(Locale.ROOT, "%nthroughput thinspice / remote-viewer: %.2f (higher is better for thinspice)%n",
                ts / rv);
        System.out.printf(Locale.ROOT, "client CPU per MiB thinspice / remote-viewer: %.2f (lower is better)%n",
                tsCpu / rvCpu);
        System.out.println("(guest-side dd timing via /proc/uptime, 10 ms resolution; CPU of the client process "
                + "during the read only)");
    }
}
