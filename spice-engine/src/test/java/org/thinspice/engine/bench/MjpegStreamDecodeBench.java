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
import org.thinspice.engine.image.JpegFixtures;
import org.thinspice.engine.image.JpegImage;
import org.thinspice.engine.image.JpegFrameDecoder;
import org.thinspice.engine.image.JpegStreamDecoder;
import org.thinspice.engine.image.JpegTestStreams;

/**
 * MJPEG stream frames: successive frames through one {@link JpegStreamDecoder} (or TurboJPEG, per
 * {@code decoderKind}, see {@link JpegBenchDecoders}) in stream mode (replicated
 * chroma, as spice-gtk's MJPEG path), the way a video stream decodes them. The first frame carries the
 * tables; the ones after it are abbreviated (no DQT/DHT) and use the remembered tables. Fixture: the
 * 1024x768 4:2:0 q80 frame. Primary score frames/s; the {@code pixels} counter is MPixel/s × 10^6, the
 * one-op-per-pixel convention of {@link DecodeBenchMain}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class MjpegStreamDecodeBench {
    @Param({"java-plain", "turbojpeg-plain", "turbojpeg-fastdct-plain"})
    public String decoderKind;

    private byte[] abbreviated;
    private JpegFrameDecoder decoder;

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
    public void load() throws SpiceImageException {
        byte[] full = JpegFixtures.jpeg(JpegFixtures.FRAME);
        abbreviated = JpegTestStreams.without(full, 0xC4, 0xDB);
        decoder = JpegBenchDecoders.make(decoderKind);
        decoder.decode(full, 0, full.length, 1024, 768);
    }

    @Benchmark
    public int[] successiveFrame(Pixels counter) throws SpiceImageException {
        JpegImage image = decoder.decode(abbreviated, 0, abbreviated.length, 1024, 768);
        counter.pixels += image.argb().length;
        return image.argb();
    }
}
