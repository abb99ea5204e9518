package org.thinspice.testbed;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The tiny Linux guest: a Debian kernel booted uncompressed via PVH ({@code -kernel vmlinux}) and an
 * initramfs with busybox, qxl/bochs DRM, virtio-console and the static {@code /tbpattern} program.
 * Built once by {@code testbed/guest/build-guest.sh} (shipped in this jar) and cached under
 * {@code ${XDG_CACHE_HOME:-$HOME/.cache}/thinspice/guest-<key>}, key = hash of the guest sources.
 *
 * <p>Patterns ({@code /tbpattern bars|photo|anim}) and their exact colours: see {@link Patterns}.
 */
public final class TinyGuest {
    /** Names of the guest source files (resources under {@code org/thinspice/testbed/guest/}) that make the key. */
    public static final java.util.List<String> SOURCES = java.util.List.of("build-guest.sh", "init", "tbpattern.c");

    private TinyGuest() {
    }

    /** The built guest: uncompressed kernel, initramfs, and the cache key they were built for. */
    public record Images(Path vmlinux, Path initramfs, String key) {
    }

    /**
     * Returns the cached guest, building it first when missing (1–2 min the first time, needs
     * network for {@code apt-get download}). Safe across concurrent JVMs: built in a temp dir and
     * renamed into place atomically.
     */
    public static Images ensureBuilt() throws IOException {
        throw new UnsupportedOperationException("skeleton");
    }

    /** The cache key of the shipped guest sources (hex SHA-256 prefix). */
    public static String key() throws IOException {
        throw new UnsupportedOperationException("skeleton");
    }

    /** The cache key for given source contents, in {@link #SOURCES} order (visible for tests). */
    public static String key(java.util.Map<String, byte[]> sources) {
        throw new UnsupportedOperationException("skeleton");
    }

    /** The kernel command line for {@code vga} "qxl" or "std" (console=ttyS0, quiet, 1024x768x32 fb). */
    public static String kernelCmdline(String vga) {
        throw new UnsupportedOperationException("skeleton");
    }
}
