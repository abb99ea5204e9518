package org.thinspice.client.session;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * For measurement only ({@code -Dthinspice.presentStats=FILE}, used by {@code ./thinspice bench ui}): once
 * a second the session view rewrites FILE with its counters — frames presented (pulses that updated the
 * picture), buffer updates and pixels written — and the CPU time of this JVM, of the JavaFX application
 * thread and of the render thread, so a bench in another process reads what this kiosk really presented.
 * Off (null) without the property. FX thread only.
 */
final class PresentStats {
    private final Path file;
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private long lastWrite;

    private PresentStats(Path file) {
        this.file = file;
    }

    static PresentStats fromSystemProperty() {
        String p = System.getProperty("thinspice.presentStats");
        return p == null || p.isBlank() ? null : new PresentStats(Path.of(p));
    }

    /** The prism pipeline in use (its class's simple name), or what is known about it. */
    static String pipeline() {
        try {
            Object p = Class.forName("com.sun.prism.GraphicsPipeline").getMethod("getPipeline").invoke(null);
            return p == null ? "none" : p.getClass().getSimpleName();
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return "prism.order=" + System.getProperty("prism.order", "es2,sw");
        }
    }

    void pulse(long now, long presented, FramePresenter presenter, String presentation) {
        if (now - lastWrite < 1_000_000_000L) {
            return;
        }
        lastWrite = now;
        long fx = threads.getCurrentThreadCpuTime();
        long render = 0;
        for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds(), 0)) {
            if (t != null && t.getThreadName().startsWith("QuantumRenderer")) {
                render += Math.max(0, threads.getThreadCpuTime(t.getThreadId()));
            }
        }
        long process = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
        String text = String.format(Locale.ROOT, "nanos=%d%npresented=%d%nuploads=%d%nuploadedPixels=%d%nshown=%dx%d%n"
                        + "guest=%dx%d%nprocessCpuNanos=%d%nfxCpuNanos=%d%nrenderCpuNanos=%d%npipeline=%s%npresentation=%s%n",
                System.nanoTime(), presented, presenter.uploads(), presenter.uploadedPixels(), presenter.shownWidth(),
                presenter.shownHeight(), presenter.width(), presenter.height(), process, fx, render,
                pipeline(), presentation);
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, text);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // measurement only: a bench that cannot read the file says so
        }
    }
}
