package org.thinspice.testbed;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The desktop guest: a Debian 12 root made by mmdebstrap with Xorg and {@code xserver-xorg-video-qxl}, openbox
 * and tint2, xterm, mousepad, feh, fonts-noto-cjk and Red Hat's spice-vdagent (its daemon and the session agent
 * started in the X session); user {@code tb} is logged in on tty1 by agetty and {@code ~/.profile} runs startx.
 * {@code /usr/local/bin/tbdesk-helper} answers commands on ttyS1 ({@link DesktopHelper}).
 *
 * <p>Boot: the Debian kernel uncompressed (PVH, {@code -kernel vmlinux}), Debian's initrd (virtio_blk and ext4
 * only) and {@code root.img}, a raw ext4 image made with {@code mkfs.ext4 -d} (never mounted), attached with
 * {@code snapshot=on} so each boot starts from the same root. Built by {@code testbed/guest/desktop/build-desktop.sh}
 * (shipped in this jar; about 1.3 GB of root) and cached under {@code /var/cache/thinspice/desktop-<key>}
 * ({@code $THINSPICE_CACHE} overrides the directory), key = hash of the build sources; concurrent builders
 * serialize on {@code flock desktop.lock}. Host packages: mmdebstrap, e2fsprogs, util-linux (flock), python3.
 */
public final class DesktopGuest {
    /** Build sources (resources under {@code org/thinspice/testbed/guest/desktop/}) that make the key. */
    public static final List<String> SOURCES = List.of("build-desktop.sh", "desktop-packages.txt", "initramfs.conf",
            "initramfs-hook", "customize.sh", "xinitrc", "tbdesk-helper");

    private static final String RESOURCE_DIR = "/org/thinspice/testbed/guest/desktop/";
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(40);

    private DesktopGuest() {
    }

    /** The built guest: uncompressed kernel, initrd, raw ext4 root, and the cache key they were built for. */
    public record Images(Path vmlinux, Path initrd, Path root, String key) {
    }

    /**
     * The kernel command line: serial console on ttyS0 (helper on ttyS1), root by label; {@code no_timer_check}
     * because on a loaded host the TCG guest's IO-APIC timer check fails and the kernel panics.
     */
    public static String kernelCmdline() {
        return "console=ttyS0 root=LABEL=tbroot rw quiet loglevel=3 consoleblank=0 systemd.show_status=false no_timer_check";
    }

    /** Returns the cached guest, building it first when missing (several minutes and ~600 MB of .debs). */
    public static synchronized Images ensureBuilt() throws IOException {
        Map<String, byte[]> sources = readSources();
        String key = TinyGuest.key(sources);
        Path cache = cacheRoot();
        Path dir = cache.resolve("desktop-" + key);
        Images images = new Images(dir.resolve("vmlinux"), dir.resolve("initrd"), dir.resolve("root.img"), key);
        if (complete(images)) {
            return images;
        }
        Files.createDirectories(cache);
        Path tmp = Files.createTempDirectory(cache, "build-desktop-" + key + "-");
        Path log = cache.resolve("desktop-" + key + ".build.log");
        try {
            Path src = Files.createDirectories(tmp.resolve("src"));
            for (Map.Entry<String, byte[]> e : sources.entrySet()) {
                Files.write(src.resolve(e.getKey()), e.getValue());
            }
            Programs.system().require("mmdebstrap", "mmdebstrap");
            Programs.system().require("flock", "util-linux");
            // One builder at a time (other JVMs, other helpers' scripts); whoever gets the lock second finds it done.
            String script = "[ -f '" + dir.resolve("root.img") + "' ] && exit 0; "
                    + "sh '" + src.resolve("build-desktop.sh") + "' '" + src + "' '" + tmp.resolve("out") + "' '"
                    + cache.resolve("debs-desktop") + "' && mv '" + tmp.resolve("out") + "' '" + dir + "'";
            Process p = new ProcessBuilder("flock", cache.resolve("desktop.lock").toString(), "sh", "-c", script)
                    .redirectErrorStream(true).redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            try {
                if (!p.waitFor(BUILD_TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    throw new IOException("desktop guest build timed out after " + BUILD_TIMEOUT + "; log " + log);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while building the desktop guest", e);
            } finally {
                Processes.stop(p, Duration.ofSeconds(5));
            }
            if (p.exitValue() != 0) {
                throw new IOException("build-desktop.sh failed (exit " + p.exitValue() + "); log " + log + ":\n"
                        + Processes.tail(Files.readString(log, StandardCharsets.ISO_8859_1), 3000));
            }
        } finally {
            deleteTree(tmp);
        }
        if (!complete(images)) {
            throw new IOException("desktop guest build left no images in " + dir + "; log " + log);
        }
        return images;
    }

    private static boolean complete(Images i) {
        return Files.isRegularFile(i.vmlinux()) && Files.isRegularFile(i.initrd()) && Files.isRegularFile(i.root());
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

    static Map<String, byte[]> readSources() throws IOException {
        Map<String, byte[]> sources = new LinkedHashMap<>();
        for (String name : SOURCES) {
            try (InputStream in = DesktopGuest.class.getResourceAsStream(RESOURCE_DIR + name)) {
                if (in == null) {
                    throw new IOException("desktop guest source " + name + " missing from the testbed jar");
                }
                sources.put(name, in.readAllBytes());
            }
        }
        return sources;
    }

    /** {@code $THINSPICE_CACHE}, else {@code /var/cache/thinspice}. */
    static Path cacheRoot() {
        String env = System.getenv("THINSPICE_CACHE");
        return env != null && !env.isBlank() ? Path.of(env) : Path.of("/var/cache/thinspice");
    }
}
