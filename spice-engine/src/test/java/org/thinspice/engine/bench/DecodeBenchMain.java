package org.thinspice.engine.bench;

import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * {@code ./thinspice bench decode}: runs every decoder benchmark and the copy baseline in one JMH run
 * and prints MPixel/s per codec with its ratio to the baseline. Every benchmark counts one operation
 * per pixel (or reports a "pixels" counter), so ops/s ÷ 10⁶ is MPixel/s. {@code -Dbench.jvmArgs=…} passes JVM
 * options to the JVM the benchmarks run in.
 */
public final class DecodeBenchMain {
    private DecodeBenchMain() {
    }

    public static void main(String[] args) throws Exception {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Options opt = new OptionsBuilder()
                .include("org\\.thinspice\\.engine\\.bench\\.(.*DecodeBench|BaselineCopyBench)\\..*")
                .warmupIterations(3).warmupTime(TimeValue.seconds(1))
                .measurementIterations(iterations).measurementTime(TimeValue.seconds(1))
                .forks(1)
                // -Dbench.jvmArgs="-XX:TieredStopAtLevel=1 …": options of the forked JVM the decoders run in
                .jvmArgsAppend(System.getProperty("bench.jvmArgs", "").trim().isEmpty() ? new String[0]
                        : System.getProperty("bench.jvmArgs").trim().split("\\s+"))
                .build();
        Collection<RunResult> results = new Runner(opt).run();
        List<String[]> rows = new ArrayList<>();
        double baseline = Double.NaN;
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark().replace("org.thinspice.engine.bench.", "");
            for (String key : r.getParams().getParamsKeys()) {
                name += " " + r.getParams().getParam(key);
            }
            Result pixels = r.getSecondaryResults().get("pixels");
            Result primary = pixels != null ? pixels : r.getPrimaryResult();
            double mpx = primary.getScore() / 1e6;
            double err = primary.getScoreError() / 1e6;
            if (name.startsWith("BaselineCopyBench")) {
                baseline = mpx;
            }
            rows.add(new String[] {name, fmt(mpx), fmt(err)});
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "%-58s %12s %10s %10s%n", "benchmark", "MPixel/s", "± error", "× copy");
        for (String[] row : rows) {
            double mpx = Double.parseDouble(row[1]);
            System.out.printf(Locale.ROOT, "%-58s %12s %10s %10.3f%n", row[0], row[1], row[2], mpx / baseline);
        }
        System.out.println("baseline: BaselineCopyBench.copyFrame = cloning an already decoded 1024x768 frame");
        JpegFastDctReport.print(200);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
