package org.thinspice.engine.bench;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.thinspice.engine.SpiceImageException;
import org.thinspice.engine.image.QuicDecoder;
import org.thinspice.engine.image.QuicFixtures;

/**
 * QUIC decode throughput on the golden fixtures. JMH reports frames/s as the primary score and, through
 * the {@link Pixels} counter, pixels/s ({@code pixels} row, divide by 10^6 for MPixel/s).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class QuicDecodeBench {
    @Param({"seabios-menu", "seabios-prompt", "rgb32-203x77", "rgba-203x77", "rgb16-203x77", "gray-203x77"})
    public String fixture;

    private byte[] stream;
    private int width;
    private int height;

    /** Pixels decoded, reported by JMH as a rate next to the frame rate. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Pixels {
        public long pixels;

        @Setup(Level.Iteration)
        public void reset() {
            pixels = 0;
        }
    }

    @Setup
    public void load() {
        stream = QuicFixtures.stream(fixture);
        width = QuicFixtures.width(stream);
        height = QuicFixtures.height(stream);
    }

    @Benchmark
    public int[] decode(Pixels counter) throws SpiceImageException {
        int[] pixels = QuicDecoder.decode(stream, 0, stream.length, width, height);
        counter.pixels += pixels.length;
        return pixels;
    }
}
