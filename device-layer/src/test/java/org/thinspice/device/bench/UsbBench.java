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

import org.thinspice.engine.cli.ClientJvmOptions;
import org.thinspice.testbed.GuestBlocks;
import org.thinspice.testbed.LoadAverage;
import org.thinspice.testbed.ProcessCpu;
import org.thinspice.testbed.Processes;
import org.thinspice.testbed.QemuSpiceServer;
import org.thinspice.testbed.RemoteViewer;
import org.thinspice.testbed.XServer;

/**
 * {@code ./thinspice bench usb [MIB] [READS]}: on one QEMU and tiny guest, the guest reads MIB MiB
 * sequentially ({@code dd}, O_DIRECT, 1 MiB requests) from thinspice's simulated stick
 * ({@code session --usb-stick}) and from remote-viewer's emulated CD ({@code --spice-share-cd}, spice-gtk
 * 0.42 under Xvfb) backed by the same image. Each client process reads once cold (its first read, JIT
 * warm-up included), then READS times warm (default 8). Printed per read: guest-side throughput, the
 * client's CPU during the read (utime + stime from /proc) and its split by thread (event loop, JIT
 * compilers, GC); then the ratios, median against median, for the cold read, the warming reads (warm 1 to
 * {@code -Dbench.warmingReads}, default 3: a fresh JVM's compilers are still at work on the USB path) and
 * the settled reads after them (a kiosk that has redirected a device before), the target's verdict on
 * the settled reads, and the load average. Measured, not asserted. {@code -Dbench.baselineClasspath=CP} adds a
 * "thinspice-before" client run from another build (before/after in the same run);
 * {@code -Dbench.jfr=true} records each timed read of thinspice in a flight recording.
 */
public final class UsbBench {
    private UsbBench() {
    }

    /** One read; round 0 is the cold one, the first in a fresh client process. */
    record Run(String client, int round, double seconds, double cpuSeconds, double jitSeconds, long clientRunqMs,
            long qemuRunqMs, int mib) {
        boolean cold() {
            return round == 0;
        }

        double mibPerSecond() {
            return mib / seconds;
        }

        double cpuMsPerMib() {
            return cpuSeconds * 1000 / mib;
        }

        /** The same without the JIT compiler threads (C1, C2): what the client's own code costs once compiled. */
        double cpuMsPerMibWithoutJit() {
            return (cpuSeconds - jitSeconds) * 1000 / mib;
        }
    }

    public static void main(String[] args) throws Exception {
        int mib = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 8;
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
        String loadBefore = LoadAverage.now();
        try (QemuSpiceServer qemu = QemuSpiceServer.builder().tinyGuest("none").usbRedir(2)
                .startTimeout(Duration.ofSeconds(60)).start()) {
            qemu.awaitGuestReady(Duration.ofSeconds(150));
            GuestBlocks blocks = new GuestBlocks(qemu.console());
            String baseline = System.getProperty("bench.baselineClasspath", "");
            if (!baseline.isBlank()) {
                runs.addAll(thinspice("thinspice-before", baseline, qemu, blocks, image, work, mib, rounds));
            }
            runs.addAll(thinspice("thinspice", System.getProperty("java.class.path"), qemu, blocks, image, work, mib,
                    rounds));
            runs.addAll(remoteViewer(qemu, blocks, image, work, mib, rounds));
        } finally {
            Files.deleteIfExists(image); // the logs and flight recordings stay in the work directory
        }
        report(runs, loadBefore, LoadAverage.now());
        System.out.println("logs: " + work);
    }

    private static List<Run> thinspice(String client, String classpath, QemuSpiceServer qemu, GuestBlocks blocks,
            Path image, Path work, int mib, int rounds) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java));
        cmd.addAll(ClientJvmOptions.list()); // as ./thinspice session runs it; the options below come later and win
        String jvmArgs = System.getProperty("bench.sessionJvmArgs", "");
        if (!jvmArgs.isBlank()) {
            cmd.addAll(List.of(jvmArgs.trim().split("\\s+"))); // e.g. a flight recording to see where CPU goes
        }
        cmd.addAll(List.of("-cp", classpath,
                "org.thinspice.device.cli.UsbSessionCommand", "--uri", "spice://" + qemu.host() + ":" + qemu.port(),
                "--duration-s", "3600", "--profile", "lan", "--usb-stick", image.toString()));
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true).redirectOutput(work.resolve(client + ".log").toFile()).start();
        try {
            return read(client, p.pid(), qemu, blocks, "sda", mib, rounds, work.resolve(client + ".log"));
        } finally {
            Processes.stop(p, Duration.ofSeconds(5));
            blocks.awaitGone("sda", Duration.ofSeconds(60));
        }
    }

    private static List<Run> remoteViewer(QemuSpiceServer qemu, GuestBlocks blocks, Path image, Path work, int mib,
            int rounds) throws Exception {
        try (XServer x = XServer.start(work, 1280, 1024);
             RemoteViewer viewer = RemoteViewer.start(x, work.resolve("remote-viewer.log"), "--spice-share-cd=" + image,
                     "--spice-usbredir-redirect-on-connect=-1,0x2b23,0xcdcd,-1,1",
                     "spice://" + qemu.host() + ":" + qemu.port())) {
            return read("remote-viewer", viewer.pid(), qemu, blocks, "sr0", mib, rounds,
                    work.resolve("remote-viewer.log"));
        } finally {
            blocks.awaitGone("sr0", Duration.ofSeconds(60));
        }
    }

    /**
     * Waits for the guest's disk, reads it once untimed (warm-up), then times {@code rounds} O_DIRECT
     * sequential reads and the client's CPU during each, in the same client process.
     */
    private static List<Run> read(String client, long pid, QemuSpiceServer qemu, GuestBlocks blocks, String dev,
            int mib, int rounds, Path log) throws Exception {
        if (!blocks.awaitPresent(dev, Duration.ofSeconds(90))) {
            throw new IOException(client + ": the guest never saw /dev/" + dev + "; log " + log + ":\n"
                    + tail(Files.readString(log)));
        }
        Thread.sleep(1000); // let the guest's own probing of the new disk settle
        // The first read, for both clients alike, is cold: a fresh JVM runs its code interpreted at first and
        // compiles it meanwhile. It is timed and printed on its own, and left out of the warm medians.
        List<Run> runs = new ArrayList<>();
        for (int round = 0; round <= rounds; round++) {
            runs.add(timedRead(client, round, pid, qemu, dev, mib, log));
        }
        return runs;
    }

    private static Run timedRead(String client, int round, long pid, QemuSpiceServer qemu, String dev, int mib,
            Path log) throws Exception {
        Path jfr = jfr(client, pid, log.getParent(), true);
        java.util.Map<String, Double> threads0 = ThreadCpu.byName(pid);
        long runq0 = ThreadCpu.runQueueWaitMillis(pid);
        long qemuRunq0 = ThreadCpu.runQueueWaitMillis(qemu.pid());
        double cpu0 = ProcessCpu.seconds(pid);
        String[] up = qemu.console().run("a=$(cut -d' ' -f1 /proc/uptime); dd if=/dev/" + dev + " of=/dev/null bs=1M "
                + "count=" + mib + " iflag=direct 2>/dev/null; echo $a $(cut -d' ' -f1 /proc/uptime)",
                Duration.ofMinutes(10)).trim().split("\\s+");
        double cpu1 = ProcessCpu.seconds(pid);
        long runq1 = ThreadCpu.runQueueWaitMillis(pid);
        long qemuRunq1 = ThreadCpu.runQueueWaitMillis(qemu.pid());
        java.util.Map<String, Double> threads1 = ThreadCpu.byName(pid);
        if (jfr != null) {
            jfr(client, pid, jfr, false);
        }
        if (cpu0 < 0 || cpu1 < 0) {
            throw new IOException(client + " exited during the read; log " + log);
        }
        double seconds = Double.parseDouble(up[up.length - 1]) - Double.parseDouble(up[up.length - 2]);
        java.util.Map<String, Long> split = ThreadCpu.difference(threads0, threads1);
        System.err.printf(Locale.ROOT, "bench usb: %s read %s: %d MiB in %.2f s; CPU ms by thread: %s%n", client,
                round == 0 ? "cold" : "warm " + round, mib, seconds, split);
        return new Run(client, round, seconds, cpu1 - cpu0, ThreadCpu.jitMillis(split) / 1000.0,
                runq0 < 0 || runq1 < 0 ? -1 : runq1 - runq0, qemuRunq0 < 0 || qemuRunq1 < 0 ? -1 : qemuRunq1 - qemuRunq0,
                mib);
    }

    /**
     * With {@code -Dbench.jfr=true}, a flight recording of the thinspice client covering the timed read
     * only (started before the first CPU sample, dumped after the last): where its CPU goes.
     */
    private static Path jfr(String client, long pid, Path where, boolean start) throws Exception {
        if (!Boolean.getBoolean("bench.jfr") || !client.startsWith("thinspice")) {
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

    private static void report(List<Run> runs, String loadBefore, String loadAfter) {
        System.out.printf(Locale.ROOT, "%n%-17s %7s %6s %9s %9s %11s %8s %15s %11s %9s%n", "client", "read", "MiB",
                "seconds", "MiB/s", "cpu_ms/MiB", "jit_ms", "cpu_ms/MiB-jit", "runq_ms", "qemu_runq");
        for (Run r : runs) {
            System.out.printf(Locale.ROOT, "%-17s %7s %6d %9.2f %9.1f %11.1f %8.0f %15.1f %11d %9d%n", r.client(),
                    r.cold() ? "cold" : "warm " + r.round(), r.mib(), r.seconds(), r.mibPerSecond(), r.cpuMsPerMib(),
                    r.jitSeconds() * 1000, r.cpuMsPerMibWithoutJit(), r.clientRunqMs(), r.qemuRunqMs());
        }
        System.out.println();
        int warming = Integer.getInteger("bench.warmingReads", 3);
        for (Phase phase : Phase.values()) {
            java.util.function.Predicate<Run> in = r -> phase.holds(r, warming);
            if (runs.stream().noneMatch(r -> r.client().equals("remote-viewer") && in.test(r))) {
                continue;
            }
            double rvRate = median(runs, "remote-viewer", in, Run::mibPerSecond);
            double rvCpu = median(runs, "remote-viewer", in, Run::cpuMsPerMib);
            for (String client : List.of("thinspice-before", "thinspice")) {
                if (runs.stream().noneMatch(r -> r.client().equals(client) && in.test(r))) {
                    continue;
                }
                double rate = median(runs, client, in, Run::mibPerSecond) / rvRate;
                double cpu = median(runs, client, in, Run::cpuMsPerMib) / rvCpu;
                System.out.printf(Locale.ROOT, "%s / remote-viewer, %s: throughput %.2f (higher is better), "
                        + "CPU per MiB %.2f (lower is better)%s%n", client, phase.label(warming), rate, cpu,
                        client.equals("thinspice") ? " -> target (throughput >= 1, CPU per MiB <= 1) "
                                + (rate >= 1 && cpu <= 1 ? "met" : "not met") : "");
            }
        }
        System.out.println("(guest-side dd timing via /proc/uptime, 10 ms resolution; CPU of the client process "
                + "during each read; cold = the first read in a fresh client process, warm = the reads after it "
                + "in the same process (warming: the first " + warming + " of them, settled: the rest), ratios of "
                + "medians; jit_ms = CPU of its C1/C2 compiler threads during the read, "
                + "cpu_ms/MiB-jit = its CPU without them, shown apart only: the ratios and the target use the whole "
                + "process; runq_ms / qemu_runq = time the client's / QEMU's threads were runnable but waited for a "
                + "core during the read, summed over threads, from /proc/PID/task/*/schedstat; -1 = not reported)");
        System.out.println("load average (1, 5, 15 min) before: " + loadBefore + "; after: " + loadAfter);
    }

    /** Which reads a ratio is over: a fresh process's first, the next few while its compilers work, the rest. */
    enum Phase {
        COLD, WARMING, SETTLED;

        boolean holds(Run r, int warming) {
            return switch (this) {
                case COLD -> r.cold();
                case WARMING -> !r.cold() && r.round() <= warming;
                case SETTLED -> r.round() > warming;
            };
        }

        String label(int warming) {
            return switch (this) {
                case COLD -> "cold read (fresh process)";
                case WARMING -> "warming reads (warm 1-" + warming + ", medians)";
                case SETTLED -> "settled reads (after warm " + warming + ", medians)";
            };
        }
    }

    private static double median(List<Run> runs, String client, java.util.function.Predicate<Run> which,
            java.util.function.ToDoubleFunction<Run> f) {
        double[] v = runs.stream().filter(r -> r.client().equals(client) && which.test(r)).mapToDouble(f)
                .sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
