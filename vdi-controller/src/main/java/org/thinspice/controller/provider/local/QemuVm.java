package org.thinspice.controller.provider.local;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.thinspice.qmp.QmpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.thinspice.controller.auth.Secrets;

/**
 * One running QEMU for a {@link LocalDesktop}: started with SPICE on 127.0.0.1 behind a random
 * password that is expired at once (nobody can connect until the controller mints one), QMP on a
 * unix socket, and the vdagent port. Stopped by pid.
 */
final class QemuVm implements AutoCloseable {
    static final String HOST = "127.0.0.1";
    private static final int MAX_SOCKET_PATH = 100;

    private final LocalDesktop desktop;
    private final Process process;
    private final int port;
    private final QmpClient qmp;

    private QemuVm(LocalDesktop desktop, Process process, int port, QmpClient qmp) {
        this.desktop = desktop;
        this.process = process;
        this.port = port;
        this.qmp = qmp;
    }

    static QemuVm start(String qemuBinary, LocalDesktop d, Path workDir, Consumer<JsonObject> events) throws IOException {
        Files.createDirectories(workDir);
        Path secret = workDir.resolve("spice-secret");
        Files.writeString(secret, Secrets.hex(20), StandardCharsets.US_ASCII);
        Path sockDir = workDir.resolve("qmp.sock").toString().length() <= MAX_SOCKET_PATH ? workDir
                : Files.createTempDirectory("tsc-qmp");
        Path qmpSock = sockDir.resolve("qmp.sock");
        Files.deleteIfExists(qmpSock);
        int port = freePort();
        List<String> cmd = commandLine(qemuBinary, d, workDir, secret, qmpSock, port);
        Process p = new ProcessBuilder(cmd).directory(workDir.toFile())
                .redirectOutput(workDir.resolve("qemu.stdout.log").toFile())
                .redirectError(workDir.resolve("qemu.stderr.log").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        try {
            awaitPort(p, port, workDir);
            QmpClient qmp = QmpClient.connect(qmpSock, Duration.ofSeconds(10), events);
            JsonObject expire = new JsonObject();
            expire.addProperty("protocol", "spice");
            expire.addProperty("time", "now");
            qmp.execute("expire_password", expire);
            Files.deleteIfExists(secret);
            return new QemuVm(d, p, port, qmp);
        } catch (IOException | RuntimeException e) {
            stopProcess(p);
            throw e;
        }
    }

    static List<String> commandLine(String qemu, LocalDesktop d, Path workDir, Path secret, Path qmpSock, int port) {
        List<String> a = new ArrayList<>(List.of(qemu, "-accel", "tcg", "-m", Integer.toString(d.memoryMb()),
                "-name", "thinspice-" + d.id(), "-nodefaults", "-no-user-config", "-display", "none",
                "-monitor", "none", "-vga", d.vga(),
                "-object", "secret,id=spicepw,file=" + secret,
                "-spice", "port=" + port + ",addr=" + HOST + ",password-secret=spicepw,image-compression=auto_glz",
                "-qmp", "unix:" + qmpSock + ",server=on,wait=off",
                "-serial", "file:" + workDir.resolve("serial.log"),
                "-device", "virtio-serial-pci,id=vser0",
                "-chardev", "spicevmc,id=vdagent,name=vdagent",
                "-device", "virtserialport,bus=vser0.0,chardev=vdagent,name=com.redhat.spice.0"));
        if (d.kernel() != null && !d.kernel().isEmpty()) {
            a.addAll(List.of("-kernel", d.kernel()));
            if (d.initrd() != null && !d.initrd().isEmpty()) {
                a.addAll(List.of("-initrd", d.initrd()));
            }
            if (d.append() != null && !d.append().isEmpty()) {
                a.addAll(List.of("-append", d.append()));
            }
        }
        a.addAll(d.extraArgs());
        return a;
    }

    LocalDesktop desktop() {
        return desktop;
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    QmpClient qmp() {
        return qmp;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for QEMU to exit by itself (after a guest power-off); true if it did. */
    boolean awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** "running", "paused" or "stopped", as QMP query-status says. */
    String state() {
        if (!process.isAlive()) {
            return "stopped";
        }
        try {
            String status = qmp.execute("query-status", null).getAsJsonObject().get("status").getAsString();
            return switch (status) {
                case "running" -> "running";
                case "shutdown", "guest-panicked", "internal-error" -> "stopped";
                default -> "paused";
            };
        } catch (IOException | RuntimeException e) {
            return process.isAlive() ? "unknown" : "stopped";
        }
    }

    /** QMP quit, then SIGTERM/SIGKILL by pid if QEMU lingers. */
    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                qmp.execute("quit", null);
            }
        } catch (IOException ignored) {
            // QEMU closes QMP as it quits; the pid-based stop below covers the rest
        }
        qmp.close();
        stopProcess(process);
    }

    private static void stopProcess(Process p) {
        try {
            if (!p.waitFor(3, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroy();
                if (!p.waitFor(3, java.util.concurrent.TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    p.waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(false);
            s.bind(new InetSocketAddress(HOST, 0));
            return s.getLocalPort();
        }
    }

    private static void awaitPort(Process p, int port, Path workDir) throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IOException("QEMU exited (" + p.exitValue() + "): " + tail(workDir.resolve("qemu.stderr.log")));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(HOST, port), 200);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
            }
        }
        throw new IOException("QEMU did not open SPICE port " + port + ": " + tail(workDir.resolve("qemu.stderr.log")));
    }

    private static String tail(Path log) {
        try {
            String s = Files.readString(log, StandardCharsets.ISO_8859_1);
            return s.length() > 2000 ? s.substring(s.length() - 2000) : s;
        } catch (IOException e) {
            return "(no log)";
        }
    }
}
