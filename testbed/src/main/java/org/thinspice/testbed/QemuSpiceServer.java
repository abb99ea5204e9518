package org.thinspice.testbed;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real QEMU (TCG) with spice-server listening on 127.0.0.1. Build with {@link #builder()}, then
 * {@link Builder#start()}. {@link #close()} always stops QEMU by pid and closes QMP/console sockets,
 * even after a half-failed start. QEMU's stderr goes to {@code qemu.stderr.log} in {@link #workDir()}.
 *
 * <pre>{@code
 * try (QemuSpiceServer qemu = QemuSpiceServer.builder().tinyGuest().vga("qxl").start()) {
 *     qemu.console().waitFor("tb-ready", Duration.ofSeconds(30));
 *     Picture p = qemu.qmp().screendump();
 * }
 * }</pre>
 */
public final class QemuSpiceServer implements AutoCloseable {

    private QemuSpiceServer() {
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Always "127.0.0.1". */
    public String host() {
        throw new UnsupportedOperationException("skeleton");
    }

    /** The plain SPICE port. */
    public int port() {
        throw new UnsupportedOperationException("skeleton");
    }

    /** The TLS SPICE port, or -1 without TLS. */
    public int tlsPort() {
        throw new UnsupportedOperationException("skeleton");
    }

    /** The SPICE password, or null when ticketing is disabled (open mode). */
    public String password() {
        throw new UnsupportedOperationException("skeleton");
    }

    /** The certificates QEMU uses, or null without TLS. */
    public Pki pki() {
        throw new UnsupportedOperationException("skeleton");
    }

    /** The QMP client (connected during start). */
    public Qmp qmp() {
        throw new UnsupportedOperationException("skeleton");
    }

    /** The serial console (connected during start, before the guest prints anything). */
    public GuestConsole console() {
        throw new UnsupportedOperationException("skeleton");
    }

    /** Per-instance directory: logs, sockets' logfile, pki, screendumps. */
    public Path workDir() {
        throw new UnsupportedOperationException("skeleton");
    }

    /** QEMU's stderr log file. */
    public Path stderrLog() {
        throw new UnsupportedOperationException("skeleton");
    }

    /** Everything the guest wrote to its serial port (QEMU chardev logfile). */
    public Path serialLog() {
        throw new UnsupportedOperationException("skeleton");
    }

    /** QEMU's pid. */
    public long pid() {
        throw new UnsupportedOperationException("skeleton");
    }

    /** The full QEMU command line used. */
    public java.util.List<String> commandLine() {
        throw new UnsupportedOperationException("skeleton");
    }

    /** Whether QEMU is still running. */
    public boolean isAlive() {
        throw new UnsupportedOperationException("skeleton");
    }

    /**
     * For TinyGuest: waits until the guest's init printed its ready line ({@code TB-READY}, after the
     * pattern is drawn and the shell is up) on the console.
     */
    public void awaitGuestReady(Duration timeout) throws IOException, java.util.concurrent.TimeoutException {
        throw new UnsupportedOperationException("skeleton");
    }

    @Override
    public void close() {
        throw new UnsupportedOperationException("skeleton");
    }

    /** Options; every setter returns this. Defaults: open mode, qxl, auto_glz, streaming off, no guest, 256 MiB. */
    public static final class Builder {
        Builder() {
        }

        /** Password mode ({@code -object secret} + {@code password-secret}); null = open. */
        public Builder password(String password) {
            throw new UnsupportedOperationException("skeleton");
        }

        /** Adds a {@code tls-port} with a generated {@link Pki} (combine with {@link #password} as wanted). */
        public Builder tls() {
            throw new UnsupportedOperationException("skeleton");
        }

        /** TLS and {@code tls-channel=default}: every channel must be secured (plain link -> NEED_SECURED). */
        public Builder tlsForAllChannels() {
            throw new UnsupportedOperationException("skeleton");
        }

        /** "qxl" or "std". */
        public Builder vga(String vga) {
            throw new UnsupportedOperationException("skeleton");
        }

        /** "auto_glz" | "auto_lz" | "quic" | "glz" | "lz" | "off". */
        public Builder imageCompression(String mode) {
            throw new UnsupportedOperationException("skeleton");
        }

        /** "off" | "filter" | "all". */
        public Builder streamingVideo(String mode) {
            throw new UnsupportedOperationException("skeleton");
        }

        /** No guest: SeaBIOS only, 720x400 text "No bootable device" (the default). */
        public Builder noGuest() {
            throw new UnsupportedOperationException("skeleton");
        }

        /** Boot the {@link TinyGuest} (built/cached on first use); init draws {@code pattern} ("bars" default, "none" to skip). */
        public Builder tinyGuest() {
            throw new UnsupportedOperationException("skeleton");
        }

        /** Boot the TinyGuest and let init draw {@code pattern} ("bars", "photo", "anim" or "none"). */
        public Builder tinyGuest(String pattern) {
            throw new UnsupportedOperationException("skeleton");
        }

        /** Adds virtio-serial + spicevmc vdagent port {@code com.redhat.spice.0}. */
        public Builder vdagent() {
            throw new UnsupportedOperationException("skeleton");
        }

        /** Adds {@code n} usb-redir devices (ids redir1..n) on a qemu-xhci bus. */
        public Builder usbRedir(int n) {
            throw new UnsupportedOperationException("skeleton");
        }

        /** Adds usb-ccid (id ccid0) + ccid-card-passthru on spicevmc "smartcard" (on qemu-xhci). */
        public Builder smartcard() {
            throw new UnsupportedOperationException("skeleton");
        }

        /** Adds {@code -audiodev spice} + AC97 (playback and record channels are offered). */
        public Builder audio() {
            throw new UnsupportedOperationException("skeleton");
        }

        /** Guest RAM in MiB (default 256). */
        public Builder memoryMb(int mb) {
            throw new UnsupportedOperationException("skeleton");
        }

        /** Work dir (default: {@code target/testbed/qemu-<n>} under the current dir if it has target/, else a temp dir). */
        public Builder workDir(Path dir) {
            throw new UnsupportedOperationException("skeleton");
        }

        /** Extra raw QEMU arguments appended at the end. */
        public Builder extraArgs(String... args) {
            throw new UnsupportedOperationException("skeleton");
        }

        /** How long start() waits for the SPICE port (default 20 s). */
        public Builder startTimeout(Duration timeout) {
            throw new UnsupportedOperationException("skeleton");
        }

        /**
         * Starts QEMU and waits until the SPICE port accepts TCP, then connects QMP and the console.
         * On failure everything started is stopped and the exception carries QEMU's stderr tail.
         */
        public QemuSpiceServer start() throws IOException {
            throw new UnsupportedOperationException("skeleton");
        }
    }
}
