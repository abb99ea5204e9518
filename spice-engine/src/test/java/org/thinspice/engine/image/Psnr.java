package org.thinspice.engine.image;

/** PSNR over the R, G and B channels of two {@code 0xAARRGGBB} pictures of the same size (infinite if equal). */
public final class Psnr {
    private Psnr() {
    }

    public static double of(int[] a, int[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("sizes differ: " + a.length + " vs " + b.length);
        }
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            for (int shift = 0; shift <= 16; shift += 8) {
                int d = ((a[i] >> shift) & 0xFF) - ((b[i] >> shift) & 0xFF);
                sum += d * d;
            }
        }
        if (sum == 0) {
            return Double.POSITIVE_INFINITY;
        }
        double mse = sum / (3.0 * a.length);
        return 10 * Math.log10(255.0 * 255.0 / mse);
    }
}
