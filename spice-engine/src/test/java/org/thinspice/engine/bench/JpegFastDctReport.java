package org.thinspice.engine.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Locale;

import org.thinspice.engine.SpiceImageException;
import org.thinspice.engine.image.JpegFixtures;
import org.thinspice.engine.image.JpegFrameDecoder;
import org.thinspice.engine.image.Psnr;

/**
 * The stream-decoding choice behind {@code thinspice.jpeg.streamDct}: for the larger JPEG fixtures, PSNR of
 * TurboJPEG's fast IDCT (plain upsampling, spice-gtk's MJPEG settings) against the accurate IDCT in the same
 * (plain) and in the fancy mode, and thread CPU per decode of each variant. Printed at the end of
 * {@code ./thinspice bench decode}; runnable alone.
 */
public final class JpegFastDctReport {
    static final List<String> FIXTURES = List.of(JpegFixtures.FRAME, "qemu-photo-1024x96", "photo-420-q85",
            "photo-422-q75", "text-420-q50-rst2", "text-420-q95", "text-420-q85-optimized");
    private static final List<String> VARIANTS = List.of("java-plain", "turbojpeg-plain", "turbojpeg-fastdct-plain",
            "turbojpeg-fancy");

    private JpegFastDctReport() {
    }

    public static void main(String[] args) throws SpiceImageException {
        print(args.length > 0 ? Integer.parseInt(args[0]) : 200);
    }

    static void print(int rounds) throws SpiceImageException {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        System.out.println();
        System.out.printf(Locale.ROOT, "%-26s %9s %13s %13s", "fixture", "pixels", "PSNR fast/acc", "fast/fancy");
        for (String v : VARIANTS) {
            System.out.printf(Locale.ROOT, " %16s", v + " µs");
        }
        System.out.println();
        for (String name : FIXTURES) {
            byte[] jpeg = JpegFixtures.jpeg(name);
            int[][] out = new int[VARIANTS.size()][];
            double[] cpuMicros = new double[VARIANTS.size()];
            for (int i = 0; i < VARIANTS.size(); i++) {
                try (JpegFrameDecoder d = JpegBenchDecoders.make(VARIANTS.get(i))) {
                    for (int w = 0; w < rounds; w++) {
                        out[i] = d.decode(jpeg, 0, jpeg.length, -1, -1).argb();
                    }
                    long t0 = mx.getCurrentThreadCpuTime();
                    for (int r = 0; r < rounds; r++) {
                        out[i] = d.decode(jpeg, 0, jpeg.length, -1, -1).argb();
                    }
                    cpuMicros[i] = (mx.getCurrentThreadCpuTime() - t0) / 1e3 / rounds;
                }
            }
            System.out.printf(Locale.ROOT, "%-26s %9d %13.2f %13.2f", name, out[0].length,
                    Psnr.of(out[1], out[2]), Psnr.of(out[3], out[2]));
            for (double c : cpuMicros) {
                System.out.printf(Locale.ROOT, " %16.1f", c);
            }
            System.out.println();
        }
        System.out.println("PSNR in dB over R,G,B (inf = identical); CPU = thread CPU per decode incl. the int[] copy-out,"
                + " after " + rounds + " warm-up decodes");
    }
}
