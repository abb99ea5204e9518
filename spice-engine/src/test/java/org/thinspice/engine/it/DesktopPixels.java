package org.thinspice.engine.it;

import org.thinspice.engine.cli.PngWriter;
import org.thinspice.engine.display.Surface;
import org.thinspice.testbed.Picture;
import org.thinspice.testbed.Qmp;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Compares the engine's primary surface with QEMU's screendump and, when they differ, saves both and the diff. */
final class DesktopPixels {
    private DesktopPixels() {
    }

    /**
     * Compares until equal or {@code attempts} run out (a clock or a still-running redraw can make one pair
     * differ); on a final mismatch writes {@code <name>-engine.png}, {@code <name>-qemu.png} and
     * {@code <name>-diff.png} (differing pixels red on a dimmed copy) to {@code dir}.
     */
    static EngineProbe.Mismatch compare(EngineProbe probe, Qmp qmp, int attempts, Path dir, String name)
            throws IOException, InterruptedException {
        EngineProbe.Mismatch last = null;
        Picture dump = null;
        int[] engine = null;
        int w = 0;
        int h = 0;
        for (int i = 0; i < attempts; i++) {
            dump = qmp.screendump();
            Surface s = probe.session.primarySurface();
            if (s != null) {
                w = s.width();
                h = s.height();
                engine = s.snapshot();
                last = EngineProbe.Mismatch.of(w, h, engine, dump);
                if (last.count() == 0) {
                    return last;
                }
            }
            Thread.sleep(300);
        }
        if (engine != null) {
            Files.createDirectories(dir);
            write(dir.resolve(name + "-engine.png"), w, h, engine);
            write(dir.resolve(name + "-qemu.png"), dump.width(), dump.height(), dump.pixels());
            if (w == dump.width() && h == dump.height()) {
                int[] diff = new int[w * h];
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        int a = engine[y * w + x] & 0xFFFFFF;
                        int e = dump.rgb(x, y) & 0xFFFFFF;
                        diff[y * w + x] = a != e ? 0xFFFF0000 : 0xFF000000 | (e >> 2) & 0x3F3F3F;
                    }
                }
                write(dir.resolve(name + "-diff.png"), w, h, diff);
            }
            System.out.println("[desktop] " + name + ": " + last + "; pictures in " + dir);
        }
        return last;
    }

    static void write(Path file, int w, int h, int[] argb) throws IOException {
        int[] opaque = new int[argb.length];
        for (int i = 0; i < argb.length; i++) {
            opaque[i] = 0xFF000000 | argb[i];
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            PngWriter.write(w, h, opaque, out);
        }
    }
}
