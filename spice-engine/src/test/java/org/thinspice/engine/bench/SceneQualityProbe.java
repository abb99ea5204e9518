package org.thinspice.engine.bench;

import org.thinspice.engine.cli.PresentedFrameProbe;
import org.thinspice.engine.display.Surface;
import org.thinspice.testbed.Patterns;
import org.thinspice.testbed.Picture;
import org.thinspice.testbed.SceneFrames;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * {@code session --frame-probe org.thinspice.engine.bench.SceneQualityProbe} with {@code -Dbench.scene=anim|scroll}:
 * for every presented stream frame, reads the frame code the tiny guest drew into the picture, renders that frame with
 * {@link SceneFrames} and computes the PSNR (R, G, B) of the scene's moving rows (anim: the code and block rows;
 * scroll: the whole screen) against it. At the end the final picture is checked the same way (the benchmark freezes
 * the guest's scene first), whole screen. Its own thread CPU is reported ({@code probe_cpu_s}) so the benchmark can
 * take it out of the session's CPU.
 *
 * <p>JSON: {@code probe_frames} (frames measured), {@code probe_unreadable} (no valid code: a torn or badly blurred
 * frame, left out of the PSNR), {@code probe_exact} (frames equal to their reference), {@code psnr_mean} (mean of the
 * per-frame PSNRs, an exact frame counted as {@value #EXACT_DB} dB), {@code psnr_min}, {@code final_code},
 * {@code final_differ} (pixels of the final picture differing from its reference), {@code final_psnr}.
 */
public final class SceneQualityProbe implements PresentedFrameProbe {
    /** What an exact frame counts as in the mean (PSNR is infinite there). */
    static final double EXACT_DB = 99.0;

    /** anim or scroll (per-frame PSNR), null for a still pattern. */
    private final SceneFrames.Scene scene;
    /** bars or photo: only the final picture is compared, with {@link Patterns}. */
    private final String still;
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private SceneFrames.Reference reference;
    private int[] got = new int[0];
    private int[] want = new int[0];
    private long frames;
    private long unreadable;
    private long exact;
    private double psnrSum;
    private double psnrMin = Double.POSITIVE_INFINITY;
    private long cpuNanos;
    private int finalCode = -2;
    private long finalDiffer = -1;
    private double finalPsnr = Double.NaN;

    public SceneQualityProbe() {
        String s = System.getProperty("bench.scene", "anim");
        boolean isStill = s.equals("bars") || s.equals("photo");
        scene = isStill ? null : SceneFrames.Scene.valueOf(s.toUpperCase(Locale.ROOT));
        still = isStill ? s : null;
    }

    @Override
    public synchronized void presented(Surface primary) {
        if (scene == null) {
            return;
        }
        long t0 = threads.getCurrentThreadCpuTime();
        try {
            int w = primary.width();
            int h = primary.height();
            int[] rows = scene.movingRows(w, h);
            double psnr = measure(primary, rows[0], rows[1], null);
            if (Double.isNaN(psnr)) {
                unreadable++;
                return;
            }
            frames++;
            if (Double.isInfinite(psnr)) {
                exact++;
                psnr = EXACT_DB;
            }
            psnrSum += psnr;
            psnrMin = Math.min(psnrMin, psnr);
        } finally {
            cpuNanos += threads.getCurrentThreadCpuTime() - t0;
        }
    }

    @Override
    public synchronized void finish(Surface primary) {
        if (primary == null) {
            return;
        }
        if (scene == null) {
            int w = primary.width();
            int h = primary.height();
            Picture want = still.equals("bars") ? Patterns.barsPicture(w, h) : Patterns.photoPicture(w, h);
            int[] got = primary.snapshot();
            long d = 0;
            for (int i = 0; i < got.length; i++) {
                if (((got[i] ^ want.pixels()[i]) & 0xFFFFFF) != 0) {
                    d++;
                }
            }
            finalCode = 0;
            finalDiffer = d;
            finalPsnr = SceneFrames.psnr(SceneFrames.squaredError(got, 0, want.pixels(), 0, got.length), 3L * got.length);
            return;
        }
        long[] differ = new long[1];
        finalPsnr = measure(primary, 0, primary.height(), differ);
        finalDiffer = Double.isNaN(finalPsnr) ? -1 : differ[0];
    }

    /** PSNR of rows [y0, y1) against the reference of the frame whose code the picture shows; NaN without a valid code. */
    private double measure(Surface primary, int y0, int y1, long[] differCount) {
        int w = primary.width();
        int h = primary.height();
        if (reference == null || got.length < w * h) {
            reference = new SceneFrames.Reference(scene, w, h);
            got = new int[w * h];
            want = new int[w * h];
        }
        int[] at = scene.codeAt(w, h);
        int n;
        synchronized (primary.lock()) {
            int[] px = primary.pixels();
            n = SceneFrames.readCode(px, w, at[0], at[1]);
            if (n < 0) {
                if (differCount != null) {
                    finalCode = -1;
                }
                return Double.NaN;
            }
            System.arraycopy(px, y0 * w, got, 0, (y1 - y0) * w);
        }
        reference.render(n, y0, y1, want);
        int count = (y1 - y0) * w;
        long se = SceneFrames.squaredError(got, 0, want, 0, count);
        if (differCount != null) {
            finalCode = n;
            long d = 0;
            for (int i = 0; i < count; i++) {
                if (((got[i] ^ want[i]) & 0xFFFFFF) != 0) {
                    d++;
                }
            }
            differCount[0] = d;
        }
        return SceneFrames.psnr(se, 3L * count);
    }

    @Override
    public synchronized String json() {
        return String.format(Locale.ROOT, "\"probe_scene\":\"%s\",\"probe_frames\":%d,\"probe_unreadable\":%d,"
                        + "\"probe_exact\":%d,\"psnr_mean\":%s,\"psnr_min\":%s,\"probe_cpu_s\":%.3f,\"final_code\":%d,"
                        + "\"final_differ\":%d,\"final_psnr\":%s",
                scene == null ? still : scene.name().toLowerCase(Locale.ROOT), frames, unreadable, exact,
                frames == 0 ? "null" : fmt(psnrSum / frames), frames == 0 ? "null" : fmt(psnrMin), cpuNanos / 1e9,
                finalCode, finalDiffer, Double.isNaN(finalPsnr) ? "null" : fmt(Math.min(EXACT_DB, finalPsnr)));
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
