package org.thinspice.testbed;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * A real QEMU (TCG) with spice-server listening on 127.0.0.1. Build with {@link #builder()}, then
 * {@link Builder#start()}. {@link #close()} always stops QEMU by pid and closes QMP/console sockets,
 * even after a half-failed start. QEMU's stderr goes to {@code qemu.stderr.log} in {@link #workDir()}.
 *
 * <pre>{@code
 * try (QemuSpiceServer qemu = QemuSpiceServer.builder().tinyGuest().vga("qxl").start()) {
 *     qemu.awaitGuestReady(Duration.ofSeconds(60));
 *     Picture p = qemu.qmp().screendump();
 * }
 * }</pre>
 */
public final class QemuSpiceServer implements AutoCloseable {
    public static final String HOST = "127.0.0.1";
    private static final int START_ATTEMPTS = 3;
    /** sun_path holds 108 bytes; longer socket paths move to a short temp dir. */
    private static final int MAX_SOCKET_PATH = 100;

    private final Builder options;
    private final Path workDir;
    private Path socketDir;
    private int port;
    private int tlsPort = -1;
    private Pki pki;
    private Process process;
    private List<String> commandLine = List.of();
    private Qmp qmp;
    private GuestConsole console;
    private DesktopHelper helper;

    private QemuSpiceServer(Builder options, Path workDir) {
        this.options = options;
        this.workDir = workDir;
    }

    /**
     * QEMU arguments for an xHCI controller with {@code n} usb-redir slots, as {@link Builder#usbRedir} adds
     * them: for QEMU command lines the testbed does not build itself (the demo's desktop).
     */
    public static java.util.List<String> usbRedirArgs(int n) {
        java.util.List<String> a = new java.util.ArrayList<>(java.util.List.of("-device", "qemu-xhci,id=xhci"));
        a.addAll(QemuCommandLine.usbRedir(n, null));
        return a;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The address SPICE listens on: "127.0.0.1", or the lab host's address when started {@code on} a {@link NetLab}. */
    public String host() {
        return options.host();
    }

    /** The plain SPICE port. */
    public int port() {
        return port;
    }

    /** The TLS SPICE port, or -1 without TLS. */
    public int tlsPort() {
        return tlsPort;
    }

    /** The SPICE password, or null when ticketing is disabled (open mode). */
    public String password() {
        return options.password;
    }

    /** The certificates QEMU uses, or null without TLS. */
    public Pki pki() {
        return pki;
    }

    /** The QMP client (connected during start). */
    public Qmp qmp() {
        return qmp;
    }

    /** The serial console (connected during start, before the guest prints anything). */
    public GuestConsole console() {
        return console;
    }

    /** The desktop guest's helper on ttyS1 (connected during start), or null without {@link Builder#desktopGuest()}. */
    public DesktopHelper helper() {
        return helper;
    }

    /** Per-instance directory: logs, pki, password file, screendumps (and sockets if the path is short). */
    public Path workDir() {
        return workDir;
    }

    /** QEMU's stderr log file. */
    public Path stderrLog() {
        return workDir.resolve("qemu.stderr.log");
    }

    /** Everything the guest wrote to its serial port (QEMU chardev logfile). */
    public Path serialLog() {
        return workDir.resolve("serial.log");
    }

    /** QEMU's pid (-1 before it was started). */
    public long pid() {
        return process == null ? -1 : process.pid();
    }

    /** The full QEMU command line used. */
    public List<String> commandLine() {
        return commandLine;
    }

    /** Whether QEMU is still running. */
    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /**
     * For TinyGuest: waits until the guest's init printed its ready line ({@code TB-READY}, after the
     * pattern is drawn and the shell is up) on the console.
     */
    public void awaitGuestReady(Duration timeout) throws IOException, TimeoutException {
        if (options.pattern == null) {
            throw new IllegalStateException("no TinyGuest configured");
        }
        console.waitFor("TB-READY", timeout);
    }

    /** Stops QEMU by pid and closes the sockets; safe to call twice and after a failed start. */
    @Override
    public void close() {
        if (console != null) {
            console.close();
        }
        if (helper != null) {
            helper.close();
        }
        if (qmp != null) {
            qmp.close();
        }
        Processes.stop(process, Duration.ofSeconds(5));
        Processes.forget(this);
        if (socketDir != null && !socketDir.equals(workDir)) {
            try (var files = Files.list(socketDir)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
                Files.deleteIfExists(socketDir);
            } catch (IOException ignored) {
                // a stale socket in /tmp is harmless
            }
        }
    }

    private void start() throws IOException {
        Files.createDirectories(workDir);
        socketDir = workDir.resolve("console.sock").toString().length() <= MAX_SOCKET_PATH
                ? workDir : Files.createTempDirectory("tb-sock");
        if (options.tls) {
            pki = options.pki != null ? options.pki : Pki.generate(workDir.resolve("pki"));
        }
        if (options.password != null) {
            Files.writeString(workDir.resolve("spice-password"), options.password, StandardCharsets.UTF_8);
        }
        TinyGuest.Images guest = options.pattern == null ? null : TinyGuest.ensureBuilt();
        DesktopGuest.Images desktop = options.desktop ? DesktopGuest.ensureBuilt() : null;
        for (int attempt = 1; ; attempt++) {
            int[] ports = FreePorts.pick(2);
            port = ports[0];
            tlsPort = options.tls ? ports[1] : -1;
            commandLine = QemuCommandLine.build(options, workDir, socketDir, port, tlsPort, pki, guest, desktop);
            if (options.lab != null) {
                commandLine = options.lab.in(options.labHost, commandLine);
            }
            Files.deleteIfExists(socketDir.resolve("qmp.sock"));
            Files.deleteIfExists(socketDir.resolve("console.sock"));
            Files.deleteIfExists(socketDir.resolve("helper.sock"));
            process = new ProcessBuilder(commandLine).directory(workDir.toFile())
                    .redirectOutput(workDir.resolve("qemu.stdout.log").toFile())
                    .redirectError(stderrLog().toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            Processes.closeAtExit(this);
            if (awaitSpicePort()) {
                break;
            }
            String err = stderrTail();
            Processes.stop(process, Duration.ofSeconds(2));
            boolean portTaken = err.contains("in use") || err.contains("failed to initialize spice server");
            if (!portTaken || attempt == START_ATTEMPTS) {
                throw new IOException("QEMU did not open SPICE port " + port + " (exit "
                        + (process.isAlive() ? "none" : process.exitValue()) + "); command: "
                        + String.join(" ", commandLine) + "\nstderr tail:\n" + err);
            }
        }
        try {
            qmp = Qmp.connect(socketDir.resolve("qmp.sock"), workDir, Duration.ofSeconds(10));
            console = GuestConsole.connect(socketDir.resolve("console.sock"), Duration.ofSeconds(10));
            if (desktop != null) {
                helper = DesktopHelper.connect(socketDir.resolve("helper.sock"), Duration.ofSeconds(10));
            }
        } catch (IOException e) {
            // QEMU opens the SPICE port before it realizes devices; a bad device makes it exit here.
            UnixLines.sleep(100);
            throw new IOException("QEMU failed after opening SPICE port " + port + ": " + e.getMessage()
                    + "; command: " + String.join(" ", commandLine) + "\nstderr tail:\n" + stderrTail(), e);
        }
    }

    /**
     * True once the SPICE port accepts TCP; false if QEMU exited; IOException on timeout. In a lab, which this JVM
     * cannot reach, once QMP's socket exists: QMP greets only when QEMU's set-up (SPICE included) is done, so the
     * connect that follows waits for it, and a fresh namespace has no port taken.
     */
    private boolean awaitSpicePort() throws IOException {
        long deadline = System.nanoTime() + options.startTimeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                return false;
            }
            if (options.lab != null) {
                if (Files.exists(socketDir.resolve("qmp.sock"))) {
                    return true;
                }
                UnixLines.sleep(20);
                continue;
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(HOST, port), 200);
                return true;
            } catch (IOException notYet) {
                UnixLines.sleep(20);
            }
        }
        throw new IOException("SPICE port " + port + " not open after " + options.startTimeout
                + "\nstderr tail:\n" + stderrTail());
    }

    private String stderrTail() {
        try {
            return Processes.tail(Files.readString(stderrLog(), StandardCharsets.ISO_8859_1), 3000);
        } catch (IOException e) {
            return "(no stderr log: " + e.getMessage() + ")";
        }
    }

    /** Options; every setter returns this. Defaults: open mode, qxl, auto_glz, streaming off, no guest, 256 MiB. */
    public static final class Builder {
        private static final Set<String> COMPRESSIONS = Set.of("auto_glz", "auto_lz", "quic", "glz", "lz", "off");
        private static final Set<String> STREAMING = Set.of("off", "filter", "all");
        private static final Set<String> PATTERNS = Set.of("bars", "photo", "anim", "scroll", "none");

        String password;
        NetLab lab;
        NetLab.Host labHost;
        boolean tls;
        Pki pki;
        boolean tlsAllChannels;
        String vga = "qxl";
        String imageCompression = "auto_glz";
        String streamingVideo = "off";
        String pattern;
        boolean vdagent;
        boolean inputs;
        boolean tbinput;
        boolean tbagent;
        boolean desktop;
        boolean lossless;
        Boolean agentMouse;
        int usbRedir;
        String usbRedirFilter;
        boolean smartcard;
        boolean audio;
        Boolean playbackCompression;
        int memoryMb = 256;
        Path workDir;
        final List<String> extraArgs = new ArrayList<>();
        Duration startTimeout = Duration.ofSeconds(20);

        Builder() {
        }

        /** Password mode ({@code -object secret} + {@code password-secret}); null = open. */
        public Builder password(String password) {
            this.password = password;
            return this;
        }

        /** Adds a {@code tls-port} with a generated {@link Pki} (combine with {@link #password} as wanted). */
        public Builder tls() {
            this.tls = true;
            return this;
        }

        /**
         * Adds a {@code tls-port} whose certificates come from {@code pki} (e.g. one made by {@link Pki#issue}:
         * no subjectAltName, another subject, expired) instead of a freshly generated one.
         */
        public Builder tls(Pki pki) {
            this.tls = true;
            this.pki = pki;
            return this;
        }

        /** TLS and {@code tls-channel=default}: every channel must be secured (plain link -> NEED_SECURED). */
        public Builder tlsForAllChannels() {
            this.tls = true;
            this.tlsAllChannels = true;
            return this;
        }

        /** "qxl" or "std". */
        public Builder vga(String vga) {
            if (!vga.equals("qxl") && !vga.equals("std")) {
                throw new IllegalArgumentException("vga must be qxl or std: " + vga);
            }
            this.vga = vga;
            return this;
        }

        /** "auto_glz" | "auto_lz" | "quic" | "glz" | "lz" | "off". */
        public Builder imageCompression(String mode) {
            this.imageCompression = oneOf(mode, COMPRESSIONS, "image-compression");
            return this;
        }

        /**
         * {@code jpeg-wan-compression=never} and {@code zlib-glz-wan-compression=never}: spice-server otherwise
         * switches photo-like images to lossy JPEG when its bandwidth test at connect finds a slow link (a loaded
         * host is enough), and a lossy picture cannot equal the screendump.
         */
        public Builder lossless() {
            this.lossless = true;
            return this;
        }

        /** "off" | "filter" | "all". */
        public Builder streamingVideo(String mode) {
            this.streamingVideo = oneOf(mode, STREAMING, "streaming-video");
            return this;
        }

        /** No guest: SeaBIOS only, 720x400 text "No bootable device" (the default). */
        public Builder noGuest() {
            this.pattern = null;
            return this;
        }

        /** Boot the {@link TinyGuest} (built/cached on first use); init draws the "bars" pattern. */
        public Builder tinyGuest() {
            return tinyGuest("bars");
        }

        /** Boot the TinyGuest and let init draw {@code pattern} ("bars", "photo", "anim", "scroll" or "none"). */
        public Builder tinyGuest(String pattern) {
            this.pattern = oneOf(pattern, PATTERNS, "pattern");
            return this;
        }

        /**
         * Boot the {@link DesktopGuest} (built/cached on first use): qxl, the vdagent port for spice-vdagent,
         * 1 GiB of RAM unless set, the helper on ttyS1 ({@link QemuSpiceServer#helper()}). Wait with
         * {@code helper().awaitDesktop(...)}.
         */
        public Builder desktopGuest() {
            this.desktop = true;
            this.vdagent = true;
            this.vga = "qxl";
            if (memoryMb == 256) {
                memoryMb = 1024;
            }
            return this;
        }

        /** Adds virtio-serial + spicevmc vdagent port {@code com.redhat.spice.0}. */
        public Builder vdagent() {
            this.vdagent = true;
            return this;
        }

        /**
         * Adds an absolute pointer, {@code -device virtio-tablet-pci} (guest: virtio_input + evdev, range
         * 0..32767 on both axes), so spice-server offers client mouse mode without an agent. The PS/2
         * keyboard and mouse of the pc machine are always there.
         */
        public Builder inputs() {
            this.inputs = true;
            return this;
        }

        /** TinyGuest: init starts {@code /tbinput} (kernel flag {@code tb.input=1}); see {@link GuestInputLog}. */
        public Builder tbinput() {
            this.tbinput = true;
            return this;
        }

        /**
         * TinyGuest: init starts {@code /tbagent} on the vdagent port (kernel flag {@code tb.agent=1});
         * implies {@link #vdagent()}. See {@link GuestAgentLog}.
         */
        public Builder tbagent() {
            this.tbagent = true;
            this.vdagent = true;
            return this;
        }

        /**
         * spice-server {@code agent-mouse=on|off} (QEMU's default is on: with an agent connected, client-mode
         * positions go to the agent as MOUSE_STATE instead of to the tablet).
         */
        public Builder agentMouse(boolean on) {
            this.agentMouse = on;
            return this;
        }

        /** Adds {@code n} usb-redir devices (ids redir1..n) on a qemu-xhci bus. */
        public Builder usbRedir(int n) {
            if (n < 0 || n > 8) {
                throw new IllegalArgumentException("usb-redir count 0..8: " + n);
            }
            this.usbRedir = n;
            return this;
        }

        /**
         * QEMU's own filter on every usb-redir device ({@code filter=}, usbredir rules with ':' inside a rule,
         * e.g. {@code 0x08:-1:-1:-1:0|-1:-1:-1:-1:1}); QEMU sends it to the client as filter_filter.
         */
        public Builder usbRedirFilter(String qemuFilter) {
            if (!qemuFilter.matches("[-0-9a-fA-Fx:|]+")) {
                throw new IllegalArgumentException("usb-redir filter has characters QEMU would not read: " + qemuFilter);
            }
            this.usbRedirFilter = qemuFilter;
            return this;
        }

        /** Adds usb-ccid (id ccid0) + ccid-card-passthru (id card0) on spicevmc "smartcard" (on qemu-xhci). */
        public Builder smartcard() {
            this.smartcard = true;
            return this;
        }

        /** Adds {@code -audiodev spice} + AC97 (playback and record channels are offered). */
        public Builder audio() {
            this.audio = true;
            return this;
        }

        /**
         * spice-server's {@code playback-compression}: on (its default) sends Opus to a client that announces
         * the OPUS capability, off always sends raw PCM.
         */
        public Builder playbackCompression(boolean on) {
            this.playbackCompression = on;
            return this;
        }

        /** Guest RAM in MiB (default 256). */
        public Builder memoryMb(int mb) {
            this.memoryMb = mb;
            return this;
        }

        /** Work dir (default: {@code target/testbed/qemu-*} under the current dir if it has target/, else a temp dir). */
        public Builder workDir(Path dir) {
            this.workDir = dir;
            return this;
        }

        /** Runs QEMU on {@code host} of {@code lab}, SPICE listening on that host's address. */
        public Builder on(NetLab lab, NetLab.Host host) {
            this.lab = lab;
            this.labHost = host;
            return this;
        }

        String host() {
            return lab == null ? HOST : NetLab.address(labHost);
        }

        /** Extra raw QEMU arguments appended at the end. */
        public Builder extraArgs(String... args) {
            this.extraArgs.addAll(List.of(args));
            return this;
        }

        /** How long start() waits for the SPICE port (default 20 s). */
        public Builder startTimeout(Duration timeout) {
            this.startTimeout = timeout;
            return this;
        }

        /**
         * Starts QEMU and waits until the SPICE port accepts TCP, then connects QMP and the console.
         * On failure everything started is stopped and the exception carries QEMU's stderr tail.
         */
        public QemuSpiceServer start() throws IOException {
            if (desktop && pattern != null) {
                throw new IllegalStateException("desktopGuest() and tinyGuest(...) are two different guests");
            }
            if ((tbinput || tbagent) && pattern == null) {
                throw new IllegalStateException("tbinput()/tbagent() need tinyGuest(...)");
            }
            Path dir = workDir != null ? workDir : Commands.newWorkDir("qemu");
            QemuSpiceServer server = new QemuSpiceServer(this, dir);
            try {
                server.start();
                return server;
            } catch (IOException | RuntimeException | Error e) {
                server.close();
                throw e;
            }
        }

        private static String oneOf(String value, Set<String> allowed, String what) {
            if (!allowed.contains(value)) {
                throw new IllegalArgumentException(what + " must be one of " + allowed + ": " + value);
            }
            return value;
        }
    }
}
