package org.thinspice.testbed;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Debian's pcscd with vsmartcard's vpcd reader driver, on its own: its own reader config (one vpcd reader
 * with two slots on two free TCP ports) and its own socket. pcscd 1.9.9 has {@code /run/pcscd} compiled in,
 * so it runs in a private mount namespace ({@code unshare -m}) with a directory of ours bind-mounted over
 * {@code /run/pcscd}; clients reach it through libpcsclite's {@code PCSCLITE_CSOCK_NAME} = {@link #socket()}.
 * The system's pcscd (if any) is never touched. Needs root (the mount). {@link #close()} stops it by pid.
 *
 * <p>libpcsclite reads {@code PCSCLITE_CSOCK_NAME} once per process, so the socket path is one per JVM
 * ({@link #socketForThisJvm()}) and one Pcscd runs at a time in a JVM; {@link #restart()} keeps the path.
 * Cards go in with {@link VpcdCard#insert(VirtualPivCard, int)} on {@link #slotPort(int)}.
 */
public final class Pcscd implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    private static final Path RUN_DIR = Path.of(System.getProperty("java.io.tmpdir"),
            "thinspice-pcscd-" + ProcessHandle.current().pid());
    /** Reader names start with this; pcscd appends " 00 0N" per slot. */
    public static final String READER_PREFIX = "Thinspice VPCD";

    private static Pcscd running;

    private final Path workDir;
    private final int basePort;
    private Process process;
    private int starts;

    private Pcscd(Path workDir, int basePort) {
        this.workDir = workDir;
        this.basePort = basePort;
    }

    /** The unix socket path every Pcscd of this JVM listens on (set it as PCSCLITE_CSOCK_NAME before PC/SC use). */
    public static Path socketForThisJvm() {
        return RUN_DIR.resolve("pcscd.comm");
    }

    /** Starts pcscd with a work dir under {@code target/testbed/}; returns once its socket and both slot ports are up. */
    public static synchronized Pcscd start() throws IOException {
        if (running != null) {
            throw new IllegalStateException("a Pcscd already runs in this JVM (libpcsclite keeps one socket path)");
        }
        Path dir = Commands.newWorkDir("pcscd");
        Files.createDirectories(RUN_DIR);
        Pcscd p = new Pcscd(dir, freePortPair());
        try {
            p.launch();
        } catch (IOException | RuntimeException e) {
            p.close();
            throw e;
        }
        running = p;
        return Processes.closeAtExit(p);
    }

    /** The TCP port vpcd listens on for slot {@code slot} (0 or 1). */
    public int slotPort(int slot) {
        if (slot < 0 || slot > 1) {
            throw new IllegalArgumentException("vpcd has slots 0 and 1");
        }
        return basePort + slot;
    }

    /** The PC/SC reader name of slot {@code slot}. */
    public String readerName(int slot) {
        return READER_PREFIX + " 00 0" + slot;
    }

    public Path socket() {
        return socketForThisJvm();
    }

    public long pid() {
        return process.pid();
    }

    /** pcscd's own log (-f -d -a: debug plus every APDU). */
    public Path log() {
        return workDir.resolve("pcscd.log");
    }

    /** Stops pcscd (cards connected to vpcd see their socket close) and starts it again on the same socket and ports. */
    public synchronized void restart() throws IOException {
        stop();
        launch();
    }

    private void launch() throws IOException {
        Path conf = workDir.resolve("reader.conf.d");
        Files.createDirectories(conf);
        Files.writeString(conf.resolve("vpcd"), String.join("\n",
                "FRIENDLYNAME \"" + READER_PREFIX + "\"",
                "DEVICENAME   /dev/null:0x" + Integer.toHexString(basePort).toUpperCase(Locale.ROOT),
                "LIBPATH      /usr/lib/pcsc/drivers/serial/libifdvpcd.so",
                "CHANNELID    0x" + Integer.toHexString(basePort).toUpperCase(Locale.ROOT), ""));
        Files.deleteIfExists(socket());
        String script = "mkdir -p /run/pcscd && mount --bind \"$0\" /run/pcscd && exec pcscd -f -d -a -c \"$1\"";
        starts++;
        process = new ProcessBuilder(List.of("unshare", "-m", "--propagation", "private", "sh", "-c", script,
                RUN_DIR.toString(), conf.toString()))
                .directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(starts == 1 ? ProcessBuilder.Redirect.to(log().toFile())
                        : ProcessBuilder.Redirect.appendTo(log().toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("pcscd exited with " + process.exitValue()
                        + " (it needs root for its private /run/pcscd, and packages pcscd + vsmartcard-vpcd):\n" + logTail());
            }
            if (Files.exists(socket()) && listening(basePort) && listening(basePort + 1)) {
                return;
            }
            UnixLines.sleep(30);
        }
        throw new IOException("pcscd did not come up within " + START_TIMEOUT + ":\n" + logTail());
    }

    private String logTail() {
        try {
            return Processes.tail(Files.readString(log(), StandardCharsets.ISO_8859_1), 2000);
        } catch (IOException e) {
            return "(no log)";
        }
    }

    /** Whether something listens on TCP {@code port} (read from /proc/net/tcp; connecting would insert a card). */
    private static boolean listening(int port) throws IOException {
        String needle = String.format(Locale.ROOT, ":%04X ", port);
        for (String line : Files.readAllLines(Path.of("/proc/net/tcp"))) {
            String[] f = line.trim().split("\\s+");
            if (f.length > 3 && (f[1] + " ").endsWith(needle) && "0A".equals(f[3])) {
                return true;
            }
        }
        return false;
    }

    private static int freePortPair() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int p = FreePorts.pick();
            if (p >= 65535) {
                continue;
            }
            try (ServerSocket a = new ServerSocket()) {
                a.bind(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), p + 1));
                return p;
            } catch (IOException taken) {
                // try another pair
            }
        }
        throw new IOException("no two consecutive free TCP ports for vpcd");
    }

    private void stop() {
        Processes.stop(process, Duration.ofSeconds(5));
    }

    @Override
    public void close() {
        stop();
        try {
            Files.deleteIfExists(RUN_DIR); // pcscd removed its socket and pid file on the way out
        } catch (IOException notEmptyOrGone) {
            // a restart in progress, or a pcscd killed hard: left for the next run to reuse
        }
        synchronized (Pcscd.class) {
            if (running == this) {
                running = null;
            }
        }
        Processes.forget(this);
    }
}
