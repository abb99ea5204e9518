package org.thinspice.engine.bench;

import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;
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
import org.thinspice.engine.SpiceProtocolException;
import org.thinspice.engine.image.Lz4Decoder;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Decoding a 1024x768 RGB32 LZ4 image as spice-server sends it (64 KiB row chunks). The baseline is
 * lz4-java's pure-Java safe decompressor on the same blocks (decompression only, no ARGB conversion),
 * so results read as a ratio against a known decoder measured in the same run. One operation is one pixel.
 *
 * <p>Run: {@code java -cp <test classpath> org.openjdk.jmh.Main Lz4DecodeBench}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class Lz4DecodeBench {
    private static final int WIDTH = 1024;
    private static final int HEIGHT = 768;
    private static final int ROWS_PER_BLOCK = 16;

    private byte[] stream;
    private byte[][] blocks;
    private byte[] scratch;

    @Setup
    public void setUp() {
        byte[] raw = desktop(WIDTH, HEIGHT, new Random(1));
        LZ4Compressor lz4 = LZ4Factory.safeInstance().fastCompressor();
        int chunk = WIDTH * 4 * ROWS_PER_BLOCK;
        blocks = new byte[raw.length / chunk][];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(1); // top-down
        out.write(8); // SPICE_BITMAP_FMT_32BIT
        for (int i = 0; i < blocks.length; i++) {
            byte[] dst = new byte[lz4.maxCompressedLength(chunk)];
            int n = lz4.compress(raw, i * chunk, chunk, dst, 0, dst.length);
            blocks[i] = java.util.Arrays.copyOf(dst, n);
            out.writeBytes(ByteBuffer.allocate(4).putInt(n).array());
            out.writeBytes(blocks[i]);
        }
        stream = out.toByteArray();
        scratch = new byte[raw.length];
    }

    /** Windows on a gradient wallpaper, with title bars, flat panels and lines of "text". */
    static byte[] desktop(int w, int h, Random rnd) {
        int[] px = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                px[y * w + x] = 0x203060 + ((y * 64 / h) << 8) + (x * 32 / w);
            }
        }
        for (int win = 0; win < 6; win++) {
            int x0 = rnd.nextInt(w - 300);
            int y0 = rnd.nextInt(h - 200);
            int ww = 200 + rnd.nextInt(100);
            int wh = 150 + rnd.nextInt(50);
            for (int y = y0; y < y0 + wh; y++) {
                for (int x = x0; x < x0 + ww; x++) {
                    boolean title = y < y0 + 20;
                    boolean glyph = !title && (y - y0) % 14 < 9 && (x - x0) % 7 < 5 && rnd.nextInt(4) == 0;
                    px[y * w + x] = title ? 0x3366CC : glyph ? 0x101010 : 0xF0F0F0;
                }
            }
        }
        ByteBuffer out = ByteBuffer.allocate(w * h * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int p : px) {
            out.putInt(p);
        }
        return out.array();
    }

    @Benchmark
    @OperationsPerInvocation(WIDTH * HEIGHT)
    public int[] thinspiceDecodeToArgb() throws SpiceProtocolException {
        return Lz4Decoder.decode(stream, 0, stream.length, WIDTH, HEIGHT);
    }

    @Benchmark
    @OperationsPerInvocation(WIDTH * HEIGHT)
    public byte[] baselineLz4JavaDecompressOnly() {
        LZ4SafeDecompressor d = LZ4Factory.safeInstance().safeDecompressor();
        int pos = 0;
        for (byte[] block : blocks) {
            pos += d.decompress(block, 0, block.length, scratch, pos, scratch.length - pos);
        }
        return scratch;
    }
}
