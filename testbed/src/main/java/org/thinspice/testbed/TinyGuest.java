package org.thinspice.testbed;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tiny Linux guest: a Debian kernel booted uncompressed via PVH ({@code -kernel vmlinux}) and an
 * initramfs with busybox, qxl/bochs DRM, virtio-console, xhci/ehci with usb-storage, sd_mod, usbhid and
 * hid-generic, evdev/virtio-input/psmouse, {@code /tbblk} (block devices and checksums, see
 * {@link GuestBlocks}), {@code /tbloop} (a usbfs bulk loopback driver), {@code /tbccid} (a usbfs CCID driver for
 * QEMU's usb-ccid reader: power on, APDUs, slot changes), the static
 * {@link GuestBlocks}), {@code /tbloop} (a usbfs bulk loopback driver), {@code /tbsound} (plays and records
 * tones through QEMU's AC97 with snd-intel8x0 and the kernel's OSS PCM emulation, see {@link GuestSound}), the static
 * programs {@code /tbpattern}, {@code /tbinput} (input echo, {@link GuestInputLog}) and {@code /tbagent}
 * (minimal vdagent, {@link GuestAgentLog}), and {@code /pat.png} (a 48x32 RGB PNG for clipboard tests).
 * Built once by {@code testbed/guest/build-guest.sh} (shipped in this jar) and cached under
 * {@code ${XDG_CACHE_HOME:-$HOME/.cache}/thinspice/guest-<key>}, key = hash of the guest sources.
 *
 * <p>Patterns ({@code /tbpattern bars|photo|anim|scroll}) and their exact colours: see {@link Patterns} and {@link SceneFrames}.
 * The guest's init prints {@code TB-READY} on ttyS0 once the pattern is drawn and the shell is up.
 */
public final class TinyGuest {
    /** Names of the guest source files (resources under {@code org/thinspice/testbed/guest/}) that make the key. */
    public static final List<String> SOURCES = List.of("build-guest.sh", "init", "tbpattern.c", "tbinput.c",
            "tbagent.c", "tbcursor.c", "tbblk", "tbusb.h", "tbloop.c", "tbccid.c", "tbsound.c");

    private static final String RESOURCE_DIR = "/org/thinspice/testbed/guest/";
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(10);

    private TinyGuest() {
    }

    /** The built guest: uncompressed kernel, initramfs, and the cache key they were built for. */
    public record Images(Path vmlinux, Path initramfs, String key) {
    }

    /**
     * Returns the cached guest, building it first when missing (~10 s plus a 70 MB kernel download the
     * first time). Safe across concurrent JVMs: built in a temp dir and renamed into place atomically.
     */
    public static synchronized Images ensureBuilt() throws IOException {
        Map<String, byte[]> sources = readSources();
        String key = key(sources);
        Path cache = cacheRoot();
        Path dir = cache.resolve("guest-" + key);
        Images images = new Images(dir.resolve("vmlinux"), dir.resolve("initramfs.cpio"), key);
        if (Files.isRegularFile(images.vmlinux()) && Files.isRegularFile(images.initramfs())) {
            return images;
        }
        Files.createDirectories(cache);
        Path tmp = Files.createTempDirectory(cache, "build-" + key + "-");
        try {
            Path src = Files.createDirectories(tmp.resolve("src"));
            for (Map.Entry<String, byte[]> e : sources.entrySet()) {
                Files.write(src.resolve(e.getKey()), e.getValue());
            }
            Path out = tmp.resolve("out");
            Path log = tmp.resolve("build.log");
            build(src, out, cache.resolve("debs"), log);
            Files.copy(log, out.resolve("build.log"));
            try {
                Files.move(out, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cache dir " + cache + " does not support atomic rename", e);
            } catch (java.nio.file.FileSystemException e) {
                // Another JVM finished the same key first and its result is identical. The rename reports
                // the non-empty target as DirectoryNotEmptyException, FileAlreadyExistsException or a
                // plain FileSystemException, depending on the file system.
                if (!Files.isDirectory(dir)) {
                    throw e;
                }
            }
        } finally {
            deleteTree(tmp);
        }
        if (!Files.isRegularFile(images.vmlinux()) || !Files.isRegularFile(images.initramfs())) {
            throw new IOException("guest build left no images in " + dir);
        }
        return images;
    }

    private static void build(Path src, Path out, Path debs, Path log) throws IOException {
        Process p = new ProcessBuilder("sh", src.resolve("build-guest.sh").toString(), src.toString(),
                out.toString(), debs.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        try {
            if (!p.waitFor(BUILD_TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                Processes.stop(p, Duration.ofSeconds(2));
                throw new IOException("guest build timed out after " + BUILD_TIMEOUT + "; log:\n" + logTail(log));
            }
        } catch (InterruptedException e) {
            Processes.stop(p, Duration.ofSeconds(2));
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while building the guest", e);
        } finally {
            Processes.stop(p, Duration.ofSeconds(2));
        }
        if (p.exitValue() != 0) {
            throw new IOException("build-guest.sh failed (exit " + p.exitValue() + "); log:\n" + logTail(log));
        }
    }

    private static String logTail(Path log) throws IOException {
        return Processes.tail(Files.readString(log, StandardCharsets.ISO_8859_1), 3000);
    }

    /** The cache key of the shipped guest sources (16 hex digits of a SHA-256). */
    public static String key() throws IOException {
        return key(readSources());
    }

    /**
     * The cache key for given source contents: SHA-256 over each entry's name, length and bytes in
     * iteration order, first 16 hex digits. Pass the entries in {@link #SOURCES} order.
     */
    public static String key(Map<String, byte[]> sources) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every JRE", e);
        }
        for (Map.Entry<String, byte[]> e : sources.entrySet()) {
            byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
            sha.update(intBytes(name.length));
            sha.update(name);
            sha.update(intBytes(e.getValue().length));
            sha.update(e.getValue());
        }
        return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
    }

    private static byte[] intBytes(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    /** The kernel command line for {@code vga} "qxl" or "std" (console=ttyS0, quiet, 1024x768x32 fb). */
    public static String kernelCmdline(String vga) {
        if (!vga.equals("qxl") && !vga.equals("std")) {
            throw new IllegalArgumentException("vga must be qxl or std: " + vga);
        }
        // qxl-drm and bochs-drm both honour the generic video= mode for their fbdev emulation.
        return "console=ttyS0 quiet loglevel=3 video=1024x768 consoleblank=0";
    }

    static Map<String, byte[]> readSources() throws IOException {
        Map<String, byte[]> sources = new LinkedHashMap<>();
        for (String name : SOURCES) {
            try (InputStream in = TinyGuest.class.getResourceAsStream(RESOURCE_DIR + name)) {
                if (in == null) {
                    throw new IOException("guest source " + name + " missing from the testbed jar");
                }
                sources.put(name, in.readAllBytes());
            }
        }
        return sources;
    }

    static Path cacheRoot() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("thinspice");
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
