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
import org.thinspice.engine.image.JpegFrameDecoder;
import org.thinspice.engine.image.JpegImage;

/**
 * JPEG decode throughput on a 1024x768 4:2:0 quality-80 photo-like frame (cjpeg, committed fixture). JMH
 * reports frames/s as the primary score and, through the {@link Pixels} counter, pixels/s ({@code pixels}
 * row, divide by 10^6 for MPixel/s). The Java decoder and TurboJPEG run side by side ({@link JpegBenchDecoders}):
 * {@code -fancy} is the still-image mode (spice-gtk decode-jpeg.c), {@code -plain} the MJPEG stream mode
 * (replicated chroma), {@code -fastdct-plain} spice-gtk's own MJPEG settings.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class JpegDecodeBench {
    @Param({"java-fancy", "java-plain", "turbojpeg-fancy", "turbojpeg-plain", "turbojpeg-fastdct-plain"})
    public String decoderKind;

    private byte[] frame;
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
    public void load() {
        frame = JpegFixtures.jpeg(JpegFixtures.FRAME);
        decoder = JpegBenchDecoders.make(decoderKind);
    }

    @Benchmark
    public int[] decode(Pixels counter) throws SpiceImageException {
        JpegImage image = decoder.decode(frame, 0, frame.length, 1024, 768);
        counter.pixels += image.argb().length;
        return image.argb();
    }
}
