package org.thinspice.testbed;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Xvfb on a free display, its screen readable from Java: Xvfb keeps its framebuffer in an XWD file
 * ({@code -fbdir}), which {@link #screen()} parses — no xwd, no ImageMagick. Stopped by pid on close.
 */
public final class XServer implements AutoCloseable {
    private static final Duration START = Duration.ofSeconds(15);
    /** Pixels of a shown picture that may differ: room for a 64x64 pointer over it. */
    public static final int POINTER_TOLERANCE = 64 * 64;

    private final Process process;
    private final int display;
    private final Path framebuffer;

    private XServer(Process process, int display, Path framebuffer) {
        this.process = process;
        this.display = display;
        this.framebuffer = framebuffer;
    }

    /** Xvfb with one {@code width x height} 24-bit screen; its log and framebuffer under {@code workDir}. */
    public static XServer start(Path workDir, int width, int height) throws IOException {
        return start(Programs.system(), workDir, width, height);
    }

    /** As {@link #start(Path, int, int)}, finding Xvfb with {@code programs}. */
    public static XServer start(Programs programs, Path workDir, int width, int height) throws IOException {
        Path xvfb = programs.require("Xvfb", "xvfb");
        Path fbdir = Files.createDirectories(workDir.resolve("xvfb-fb"));
        Path log = workDir.resolve("xvfb.log");
        int first = 100 + (int) (ProcessHandle.current().pid() % 300);
        for (int n = first; n < first + 200; n++) {
            if (Files.exists(Path.of("/tmp/.X11-unix/X" + n)) || Files.exists(Path.of("/tmp/.X" + n + "-lock"))) {
                continue;
            }
            Process p = new ProcessBuilder(xvfb.toString(), ":" + n, "-screen", "0", width + "x" + height + "x24",
                    "-nolisten", "tcp", "-fbdir", fbdir.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            long deadline = System.nanoTime() + START.toNanos();
            while (p.isAlive() && System.nanoTime() < deadline) {
                if (Files.exists(Path.of("/tmp/.X11-unix/X" + n)) && Files.exists(fbdir.resolve("Xvfb_screen0"))) {
                    return Processes.closeAtExit(new XServer(p, n, fbdir.resolve("Xvfb_screen0")));
                }
                UnixLines.sleep(20);
            }
            Processes.stop(p, Duration.ofSeconds(2));
            // another JVM may have taken the same display a moment before us: try the next one
        }
        throw new IOException("Xvfb did not start on any display: " + Processes.tail(
                Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "", 2000));
    }

    /** The X display name, e.g. {@code :123}. */
    public String display() {
        return ":" + display;
    }

    public long pid() {
        return process.pid();
    }

    /** A ProcessBuilder for {@code command} on this display. */
    public ProcessBuilder command(String... command) {
        return on(new ProcessBuilder(command));
    }

    /** Sets {@code DISPLAY} for a process to be started on this server. */
    public ProcessBuilder on(ProcessBuilder pb) {
        pb.environment().put("DISPLAY", display());
        return pb;
    }

    /** Runs xclip with {@code args} on this display, {@code stdin} piped in when not null; returns stdout. */
    public byte[] xclip(byte[] stdin, Duration timeout, String... args) throws IOException, InterruptedException {
        ProcessBuilder pb = on(new ProcessBuilder(xclipCommand(args))).redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        try {
            if (stdin != null) {
                p.getOutputStream().write(stdin);
            }
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                throw new IOException("xclip " + String.join(" ", args) + " timed out");
            }
            return out;
        } finally {
            Processes.stop(p, Duration.ofSeconds(1));
        }
    }

    /** The CLIPBOARD selection as UTF-8 text, empty when nobody owns it or the owner offers no text. */
    public String clipboardText(Duration timeout) throws IOException, InterruptedException {
        return new String(xclip(null, timeout, "-o", "-selection", "clipboard"), StandardCharsets.UTF_8);
    }

    /**
     * Starts xclip in the background owning a selection with {@code stdin} (e.g. {@code -i -selection
     * clipboard -loops 1}, which serves one paste and exits; with {@code -quiet} and no loops it serves
     * until another client takes the selection). Stop it with {@link Processes#stop}.
     */
    public Process xclipInBackground(byte[] stdin, String... args) throws IOException {
        ProcessBuilder pb = on(new ProcessBuilder(xclipCommand(args)))
                .redirectError(ProcessBuilder.Redirect.DISCARD).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        p.getOutputStream().write(stdin);
        p.getOutputStream().close();
        return p;
    }

    private static java.util.List<String> xclipCommand(String... args) throws IOException {
        java.util.List<String> cmd = new java.util.ArrayList<>(
                java.util.List.of(Programs.system().require("xclip", "xclip").toString()));
        cmd.addAll(java.util.List.of(args));
        return cmd;
    }

    /** The whole screen as it is now. */
    public Picture screen() throws IOException {
        if (!process.isAlive()) {
            throw new IOException("Xvfb " + display() + " has exited");
        }
        return Xwd.read(Files.readAllBytes(framebuffer));
    }

    /** The first screen that satisfies {@code ok}, polled; or the last one when {@code timeout} passes. */
    public Picture awaitScreen(Predicate<Picture> ok, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Picture last = screen();
        while (!ok.test(last) && System.nanoTime() < deadline) {
            UnixLines.sleep(250);
            last = screen();
        }
        return last;
    }

    /**
     * Waits until {@code expected} (e.g. QEMU's screendump) appears on the screen at 1:1, allowing
     * {@link #POINTER_TOLERANCE} differing pixels for a pointer drawn over it; returns its top-left corner.
     * When it never does, the last screen is saved as {@code screen.ppm} beside the Xvfb log.
     */
    public Optional<int[]> awaitShown(Picture expected, Duration timeout) throws IOException {
        Picture last = awaitScreen(s -> s.locate(expected, POINTER_TOLERANCE).isPresent(), timeout);
        Optional<int[]> at = last.locate(expected, POINTER_TOLERANCE);
        if (at.isEmpty()) {
            Ppm.write(last, framebuffer.getParent().resolveSibling("screen.ppm"));
        }
        return at;
    }

    @Override
    public void close() {
        Processes.stop(process, Duration.ofSeconds(3));
        Processes.forget(this);
    }

    /** X Window Dump (XWD version 7, ZPixmap, true colour) — the format Xvfb's {@code -fbdir} file has. */
    static final class Xwd {
        private static final int HEADER_FIELDS = 25;
        private static final int MAX_SIDE = 16384;

        private Xwd() {
        }

        static Picture read(byte[] file) throws IOException {
            if (file.length < HEADER_FIELDS * 4) {
                throw new IOException("XWD file too short: " + file.length + " bytes");
            }
            ByteBuffer h = ByteBuffer.wrap(file).order(ByteOrder.BIG_ENDIAN);
            long headerSize = u32(h, 0);
            long version = u32(h, 1);
            long format = u32(h, 2);
            long width = u32(h, 4);
            long height = u32(h, 5);
            long byteOrder = u32(h, 7);
            long bitsPerPixel = u32(h, 11);
            long bytesPerLine = u32(h, 12);
            long redMask = u32(h, 14);
            long greenMask = u32(h, 15);
            long blueMask = u32(h, 16);
            long colours = u32(h, 19);
            if (version != 7 || format != 2) {
                throw new IOException("not an XWD v7 ZPixmap (version " + version + ", format " + format + ")");
            }
            if (bitsPerPixel != 32 || width > MAX_SIDE || height > MAX_SIDE || bytesPerLine < width * 4) {
                throw new IOException("unsupported XWD: " + width + "x" + height + " at " + bitsPerPixel
                        + " bits per pixel, " + bytesPerLine + " bytes per line");
            }
            long offset = headerSize + colours * 12;
            if (offset + bytesPerLine * height > file.length) {
                throw new IOException("XWD file truncated: needs " + (offset + bytesPerLine * height) + " bytes, has "
                        + file.length);
            }
            ByteBuffer px = ByteBuffer.wrap(file).order(byteOrder == 0 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
            int w = (int) width;
            int hgt = (int) height;
            int[] argb = new int[w * hgt];
            for (int y = 0; y < hgt; y++) {
                int row = (int) (offset + y * bytesPerLine);
                for (int x = 0; x < w; x++) {
                    long v = px.getInt(row + x * 4) & 0xFFFFFFFFL;
                    argb[y * w + x] = 0xFF000000 | channel(v, redMask) << 16 | channel(v, greenMask) << 8
                            | channel(v, blueMask);
                }
            }
            return new Picture(w, hgt, argb);
        }

        private static long u32(ByteBuffer h, int field) {
            return h.getInt(field * 4) & 0xFFFFFFFFL;
        }

        /** The 8-bit value of the bits under {@code mask}. */
        private static int channel(long v, long mask) {
            if (mask == 0) {
                return 0;
            }
            int shift = Long.numberOfTrailingZeros(mask);
            int bits = Long.bitCount(mask);
            int c = (int) ((v & mask) >>> shift);
            return bits >= 8 ? c >>> (bits - 8) : c << (8 - bits);
        }
    }
}
