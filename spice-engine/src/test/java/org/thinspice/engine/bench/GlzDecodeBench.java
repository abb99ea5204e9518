package org.thinspice.engine.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.thinspice.engine.SpiceProtocolException;
import org.thinspice.engine.image.GlzDecoder;
import org.thinspice.engine.image.GlzWindow;
import org.thinspice.engine.image.LzCapture;
import org.thinspice.engine.image.LzTestStreams;

import java.time.Duration;
import java.util.List;
import java.util.Random;

/**
 * GLZ_RGB / ZLIB_GLZ_RGB decode throughput, window upkeep included. Operations are pixels, so the score
 * (ops/s) divided by 10^6 is MPixel/s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class GlzDecodeBench {
    /** Pixels of every image in the glz/seabios capture (a 640x480 LZ screen, then GLZ tiles). */
    static final int SEABIOS_SEQUENCE_PIXELS = 324_642;
    /** The zlib capture: a 640x480 LZ screen, then GLZ and ZLIB_GLZ tiles. */
    static final int SEABIOS_ZLIB_SEQUENCE_PIXELS = 324_814;
    static final int W = 1280;
    static final int H = 800;

    private List<LzCapture.Draw> sequence;
    private List<LzCapture.Draw> zlibSequence;
    private byte[] frame0;
    private byte[] frame1;

    @Setup
    public void load() {
        sequence = LzCapture.load("glz/seabios").draws;
        zlibSequence = LzCapture.load("glz/seabios-zlib").draws;
        check(sequence, SEABIOS_SEQUENCE_PIXELS);
        check(zlibSequence, SEABIOS_ZLIB_SEQUENCE_PIXELS);
        Random rnd = new Random(3);
        frame0 = firstFrame(rnd);
        frame1 = nextFrame(rnd);
    }

    private static void check(List<LzCapture.Draw> draws, int pixels) {
        long sum = draws.stream().mapToLong(d -> (long) d.width * d.height).sum();
        if (sum != pixels) {
            throw new IllegalStateException("fixture changed: " + sum + " pixels");
        }
    }

    /** Literal runs and in-image matches, as for a first frame. */
    private static byte[] firstFrame(Random rnd) {
        LzTestStreams s = LzTestStreams.glz(LzTestStreams.RGB32, true, W, H, 0, 0);
        int op = 0;
        while (op < W * H) {
            int left = W * H - op;
            if (op < 2 || rnd.nextInt(3) == 0) {
                int[] run = new int[Math.min(left, 1 + rnd.nextInt(16))];
                for (int i = 0; i < run.length; i++) {
                    run[i] = 0xFF000000 | rnd.nextInt();
                }
                s.rgb(run);
                op += run.length;
            } else {
                int len = Math.min(left, 1 + rnd.nextInt(64));
                s.glzRef(len, 1 + rnd.nextInt(Math.min(op, 64)), 0, 0, false);
                op += len;
            }
        }
        return s.bytes();
    }

    /** A frame that mostly repeats the previous one (long cross-image copies) with a few changed runs. */
    private static byte[] nextFrame(Random rnd) {
        LzTestStreams s = LzTestStreams.glz(LzTestStreams.RGB32, true, W, H, 1, 1);
        int op = 0;
        while (op < W * H) {
            int left = W * H - op;
            if (rnd.nextInt(4) == 0) {
                int[] run = new int[Math.min(left, 1 + rnd.nextInt(32))];
                for (int i = 0; i < run.length; i++) {
                    run[i] = 0xFF000000 | rnd.nextInt();
                }
                s.rgb(run);
                op += run.length;
            } else {
                int len = Math.min(left, 1 + rnd.nextInt(400));
                s.glzRef(len, op, 1, 0, false);
                op += len;
            }
        }
        return s.bytes();
    }

    @Benchmark
    @OperationsPerInvocation(SEABIOS_SEQUENCE_PIXELS)
    public GlzWindow seabiosSequence() throws SpiceProtocolException {
        return decodeAll(sequence);
    }

    @Benchmark
    @OperationsPerInvocation(SEABIOS_ZLIB_SEQUENCE_PIXELS)
    public GlzWindow seabiosZlibSequence() throws SpiceProtocolException {
        return decodeAll(zlibSequence);
    }

    /** Two synthetic 1280x800 frames: a first frame, then one copied mostly from it. */
    @Benchmark
    @OperationsPerInvocation(2 * W * H)
    public int[] syntheticDesktopFramePair() throws SpiceProtocolException {
        GlzWindow window = new GlzWindow(8L << 20, Duration.ZERO);
        GlzDecoder.decode(frame0, 0, frame0.length, W, H, window);
        return GlzDecoder.decode(frame1, 0, frame1.length, W, H, window);
    }

    private static GlzWindow decodeAll(List<LzCapture.Draw> draws) throws SpiceProtocolException {
        GlzWindow window = new GlzWindow(8L << 20, Duration.ZERO);
        for (LzCapture.Draw d : draws) {
            LzCapture.decode(d, d.payload, 0, d.payload.length, window);
        }
        return window;
    }
}
