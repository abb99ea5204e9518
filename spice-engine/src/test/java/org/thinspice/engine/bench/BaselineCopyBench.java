package org.thinspice.engine.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The ceiling every decoder is measured against in the same run: producing a 1024x768 ARGB frame by
 * copying one that is already decoded (what an uncompressed 32-bit BITMAP costs at best). One operation
 * is one pixel.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class BaselineCopyBench {
    private static final int PIXELS = 1024 * 768;
    private int[] source;

    @Setup
    public void setup() {
        source = new int[PIXELS];
        for (int i = 0; i < PIXELS; i++) {
            source[i] = 0xFF000000 | i * 31;
        }
    }

    @Benchmark
    @OperationsPerInvocation(PIXELS)
    public int[] copyFrame() {
        return source.clone();
    }
}
