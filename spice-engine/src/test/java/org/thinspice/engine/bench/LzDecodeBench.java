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
import org.thinspice.engine.image.LzCapture;
import org.thinspice.engine.image.LzDecoder;
import org.thinspice.engine.image.LzTestStreams;

import java.util.Random;

/**
 * LZ_RGB decode throughput. Each benchmark declares its pixels per call as operations, so the score
 * (ops/s) is pixels per second: divide by 10^6 for MPixel/s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LzDecodeBench {
    /** The SeaBIOS screen QEMU sent at 720x400 (mostly black: long runs). */
    static final int SEABIOS_PIXELS = 720 * 400;
    /** A synthetic 1280x800 desktop-like stream: literal runs mixed with short and long matches. */
    static final int DESKTOP_W = 1280;
    static final int DESKTOP_H = 800;
    static final int DESKTOP_PIXELS = DESKTOP_W * DESKTOP_H;

    private byte[] seabios;
    private byte[] desktop;

    @Setup
    public void load() {
        LzCapture.Draw first = LzCapture.load("lz/seabios").draws.get(0);
        if (first.width * first.height != SEABIOS_PIXELS) {
            throw new IllegalStateException("fixture changed: " + first.width + "x" + first.height);
        }
        seabios = first.payload;
        desktop = desktopStream(new Random(1)).bytes();
    }

    /** Roughly a third of the pixels literal, the rest matches of 2..64 pixels, some a row back. */
    static LzTestStreams desktopStream(Random rnd) {
        LzTestStreams s = LzTestStreams.lz(LzTestStreams.RGB32, DESKTOP_W, DESKTOP_H, 4 * DESKTOP_W, true);
        int op = 0;
        while (op < DESKTOP_PIXELS) {
            int left = DESKTOP_PIXELS - op;
            if (op < 2 || rnd.nextInt(3) == 0) {
                int[] run = new int[Math.min(left, 1 + rnd.nextInt(16))];
                for (int i = 0; i < run.length; i++) {
                    run[i] = 0xFF000000 | rnd.nextInt();
                }
                s.rgb(run);
                op += run.length;
            } else {
                int len = Math.min(left, 2 + rnd.nextInt(63));
                int dist = op > DESKTOP_W && rnd.nextBoolean() ? DESKTOP_W : 1 + rnd.nextInt(Math.min(op, 64));
                s.lzRef(len, dist, 1);
                op += len;
            }
        }
        return s;
    }

    @Benchmark
    @OperationsPerInvocation(SEABIOS_PIXELS)
    public int[] seabiosScreen() throws SpiceProtocolException {
        return LzDecoder.decodeLzRgbPayload(seabios, 0, seabios.length, 720, 400);
    }

    @Benchmark
    @OperationsPerInvocation(DESKTOP_PIXELS)
    public int[] syntheticDesktop() throws SpiceProtocolException {
        return LzDecoder.decodeRgb(desktop, 0, desktop.length, DESKTOP_W, DESKTOP_H);
    }
}
