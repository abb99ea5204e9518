package org.thinspice.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.thinspice.testbed.Processes;
import org.thinspice.testbed.QemuSpiceServer;
import org.thinspice.testbed.XServer;

/**
 * The kiosk in its own JVM on Xvfb with the GTK toolkit ({@link X11KioskMain}), so its clipboard is
 * the X server's CLIPBOARD selection and a test reads it with {@code xclip}, not through the kiosk.
 * Its log (clipboard transfers at debug) is {@link #log()}. Both processes are stopped by pid on close.
 */
final class X11Kiosk implements AutoCloseable {
    private final XServer xvfb;
    private final Process jvm;
    private final Path dir;
    private final OutputStream commands;
    private final List<String> lines = new ArrayList<>();

    private X11Kiosk(XServer xvfb, Process jvm, Path dir) {
        this.xvfb = xvfb;
        this.jvm = jvm;
        this.dir = dir;
        this.commands = jvm.getOutputStream();
        Thread reader = new Thread(this::readLines, "x11-kiosk-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    static X11Kiosk start(Path dir) throws IOException, TimeoutException, InterruptedException {
        return start(dir, List.of());
    }

    /** With extra JVM options for the kiosk (e.g. {@code -Dx11kiosk.size=1280x1024}). */
    static X11Kiosk start(Path dir, List<String> jvmOptions) throws IOException, TimeoutException, InterruptedException {
        Files.createDirectories(dir);
        XServer x = XServer.start(dir, 1280, 1024);
        try {
            Path logback = dir.resolve("logback-kiosk.xml");
            Files.writeString(logback, """
                    <configuration>
                      <appender name="FILE" class="ch.qos.logback.core.FileAppender">
                        <file>%s</file>
                        <encoder><pattern>%%d{HH:mm:ss.SSS} %%-5level [%%thread] %%logger{20} - %%msg%%n</pattern></encoder>
                      </appender>
                      <logger name="io.netty" level="WARN"/>
                      <logger name="org.thinspice.client.session" level="DEBUG"/>
                      <logger name="org.thinspice.engine.agent" level="DEBUG"/>
                      <root level="INFO"><appender-ref ref="FILE"/></root>
                    </configuration>
                    """.formatted(dir.resolve("kiosk.log")));
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> cmd = new ArrayList<>(List.of(java, "-Xmx256m", "-Dprism.order=sw", "-Djdk.gtk.version=3",
                    "-Dlogback.configurationFile=" + logback));
            cmd.addAll(jvmOptions);
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), X11KioskMain.class.getName(),
                    dir.resolve("terminal").toString(), "en"));
            ProcessBuilder pb = new ProcessBuilder(cmd);
            pb.redirectError(dir.resolve("kiosk-stderr.log").toFile());
            X11Kiosk k = new X11Kiosk(x, x.on(pb).start(), dir);
            k.await("ready", Duration.ofSeconds(60));
            return k;
        } catch (IOException | TimeoutException | InterruptedException | RuntimeException e) {
            x.close();
            throw e;
        }
    }

    private void readLines() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8))) {
            for (String l = r.readLine(); l != null; l = r.readLine()) {
                if (l.startsWith("KIOSK ")) {
                    synchronized (lines) {
                        lines.add(l.substring(6));
                        lines.notifyAll();
                    }
                }
            }
        } catch (IOException e) {
            // the kiosk ended; awaiting callers time out with its stderr in the message
        }
    }

    XServer x() {
        return xvfb;
    }

    Path log() {
        return dir.resolve("kiosk.log");
    }

    /** Where the next awaited answer is searched from. */
    int mark() {
        synchronized (lines) {
            return lines.size();
        }
    }

    void send(String command) throws IOException {
        commands.write((command + "\n").getBytes(StandardCharsets.UTF_8));
        commands.flush();
    }

    String await(String exact, Duration timeout) throws TimeoutException, InterruptedException, IOException {
        return await(0, l -> l.equals(exact), exact, timeout);
    }

    String await(int from, Predicate<String> match, String what, Duration timeout)
            throws TimeoutException, InterruptedException, IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lines) {
            while (true) {
                for (int i = from; i < lines.size(); i++) {
                    if (lines.get(i).startsWith("error")) {
                        throw new IOException("kiosk: " + lines.get(i));
                    }
                    if (match.test(lines.get(i))) {
                        return lines.get(i);
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || !jvm.isAlive()) {
                    throw new TimeoutException("kiosk did not say '" + what + "' (alive " + jvm.isAlive() + "), said "
                            + lines.subList(from, lines.size()) + "; stderr: " + Files.readString(
                                    dir.resolve("kiosk-stderr.log"), StandardCharsets.ISO_8859_1));
                }
                lines.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
    }

    /** Lines in the kiosk's log so far (a mark for {@link #awaitLog}). */
    long logLines() throws IOException {
        if (!Files.exists(log())) {
            return 0;
        }
        try (var l = Files.lines(log(), StandardCharsets.UTF_8)) {
            return l.count();
        }
    }

    /** Waits for a kiosk log line after line {@code from} that contains {@code text}. */
    String awaitLog(long from, String text, Duration timeout) throws IOException, TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (Files.exists(log())) {
                try (var l = Files.lines(log(), StandardCharsets.UTF_8)) {
                    var hit = l.skip(from).filter(x -> x.contains(text)).findFirst();
                    if (hit.isPresent()) {
                        return hit.get();
                    }
                }
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("the kiosk log " + log() + " has no '" + text + "' after line " + from);
            }
            Thread.sleep(20);
        }
    }

    /** Writes a .vv for {@code qemu} with the {@code [thinspice] clipboard} policy and connects; returns at once. */
    int connect(QemuSpiceServer qemu, String policy) throws IOException {
        Path vv = dir.resolve("desktop-" + policy + ".vv");
        StringBuilder b = new StringBuilder("[virt-viewer]\ntype=spice\nhost=").append(qemu.host())
                .append("\nport=").append(qemu.port()).append('\n');
        if (qemu.password() != null) {
            b.append("password=").append(qemu.password()).append('\n');
        }
        b.append("title=clipboard ").append(policy).append("\n\n[thinspice]\nclipboard=").append(policy).append('\n');
        Files.writeString(vv, b.toString(), StandardCharsets.UTF_8);
        int from = mark();
        send("connect " + vv);
        return from;
    }

    void awaitConnected(int from, Duration timeout) throws TimeoutException, InterruptedException, IOException {
        await(from, l -> l.equals("stage CONNECTED"), "stage CONNECTED", timeout);
    }

    void disconnect(Duration timeout) throws IOException, TimeoutException, InterruptedException {
        int from = mark();
        send("disconnect");
        await(from, l -> l.equals("ended"), "ended", timeout);
    }

    /** The last session's clipboard counts: {@code [to terminal, to desktop]}. */
    long[] report() throws IOException, TimeoutException, InterruptedException {
        int from = mark();
        send("report");
        String r = await(from, l -> l.startsWith("report "), "report", Duration.ofSeconds(10));
        String[] f = r.split(" ");
        return new long[] {Long.parseLong(f[1].substring(f[1].indexOf('=') + 1)),
            Long.parseLong(f[2].substring(f[2].indexOf('=') + 1))};
    }

    @Override
    public void close() {
        try {
            send("quit");
        } catch (IOException e) {
            // already gone
        }
        Processes.stop(jvm, Duration.ofSeconds(5));
        xvfb.close();
    }
}
