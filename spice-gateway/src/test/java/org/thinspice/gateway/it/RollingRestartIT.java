package org.thinspice.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.thinspice.ticket.Ed25519Keys;
import org.thinspice.ticket.TicketSigner;

/**
 * A rolling restart of two gateways behind Debian's HAProxy (the example's gateway part: HTTP CONNECT balanced on
 * a hash of the ticket, each backend health-checked on the gateway's {@code /health/ready}) under load ends no
 * session. Eight SPICE-like sessions (tunnels to an echo desktop, each with its own ticket, a ping every 50 ms) are
 * established through HAProxy, half on each gateway; a prober opens a new tunnel (new ticket) through HAProxy every
 * 100 ms. Gateway A gets SIGTERM: its readiness turns 503 and HAProxy takes it
 * out while it still accepts ({@code shutdown.announce}), then it closes its ports and drains; a new A starts
 * on the same ports and HAProxy takes it back in. Then the same for B. Every session keeps echoing throughout
 * and after, every probe succeeds, and once the sessions end the old gateways exit by themselves.
 */
class RollingRestartIT {
    private static final Path DIR = Path.of("target/it/rolling-restart").toAbsolutePath();
    private static final int SESSIONS = 8;
    private final List<Process> processes = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @AfterEach
    void stopEverything() {
        for (Process p : processes) {
            p.destroyForcibly(); // SIGKILL by pid: only what this test started
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** A gateway process as the package runs it ({@code GatewayMain --config}). */
    private Process gateway(String name, Path config) throws IOException {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
                "-cp", System.getProperty("java.class.path"), "org.thinspice.gateway.GatewayMain", "--config",
                config.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(DIR.resolve(name + ".log").toFile())).start();
        processes.add(p);
        return p;
    }

    private int status(int adminPort, String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + path))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private String metrics(int adminPort) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static long metric(String text, String name) {
        return text.lines().filter(l -> l.startsWith(name + " ")).mapToLong(l -> (long) Double.parseDouble(l.split(" ")[1]))
                .findFirst().orElseThrow(() -> new AssertionError("no " + name + " in " + text));
    }

    /** HAProxy's view of each server of backend {@code gateways} ("UP", "DOWN", …) from its stats socket. */
    private static Map<String, String> haproxyStates(Path socket) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ch.write(ByteBuffer.wrap("show stat\n".getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
            while (ch.read(buf) >= 0 && buf.hasRemaining()) {
                // read until HAProxy closes
            }
            String csv = new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII);
            Map<String, String> out = new HashMap<>();
            for (String line : csv.split("\n")) {
                String[] f = line.split(",", -1);
                if (f.length > 17 && f[0].equals("gateways") && !f[1].equals("BACKEND")) {
                    out.put(f[1], f[17]);
                }
            }
            return out;
        }
    }

    private static void await(String what, long seconds, java.util.function.BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + seconds + " s: " + what);
            }
            Thread.sleep(50);
        }
    }

    /** Opens a tunnel through {@code port}; throws unless the answer is 200. */
    private static Socket tunnel(int port, String ticket, int desktopPort) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 3000);
        s.setSoTimeout(5000);
        String status = GatewayFixture.statusLine(s, GatewayFixture.connectHead(ticket, desktopPort));
        if (!status.contains(" 200 ")) {
            s.close();
            throw new IOException("tunnel refused: " + status);
        }
        return s;
    }

    private static void echoOnce(Socket s, byte[] msg) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(msg);
        out.flush();
        byte[] back = s.getInputStream().readNBytes(msg.length);
        if (!Arrays.equals(msg, back)) {
            throw new IOException("echo differs: " + new String(back, StandardCharsets.US_ASCII));
        }
    }

    @Test
    void aRollingRestartOfBothGatewaysEndsNoSession() throws Exception {
        Files.createDirectories(DIR);
        for (String old : new String[] {"gw-a-1.log", "gw-a-2.log", "gw-b-1.log", "gw-b-2.log", "haproxy.log"}) {
            Files.deleteIfExists(DIR.resolve(old));
        }
        Path haproxyBin = Path.of("/usr/sbin/haproxy");
        assertTrue(Files.isExecutable(haproxyBin), "Debian's haproxy is needed (spice-gateway/packages.txt): apt-get install haproxy");
        KeyPair key = Ed25519Keys.generate();
        Files.writeString(DIR.resolve("k1.pub.pem"), Ed25519Keys.toPem(key.getPublic()));
        TicketSigner signer = new TicketSigner("k1", key.getPrivate(), Clock.systemUTC());

        try (FakeDesktop echo = FakeDesktop.echo()) {
            int[] data = {freePort(), freePort()};
            int[] admin = {freePort(), freePort()};
            Path[] configs = new Path[2];
            for (int i = 0; i < 2; i++) {
                configs[i] = DIR.resolve("gw-" + (i == 0 ? "a" : "b") + ".properties");
                Files.writeString(configs[i], String.join("\n",
                        "listen.address=127.0.0.1", "listen.port=" + data[i], "key.k1=k1.pub.pem",
                        "admin.address=127.0.0.1", "admin.port=" + admin[i], "audit.path=audit-" + i + ".jsonl",
                        "timeout.idle=0", "shutdown.announce=1500ms", "shutdown.drain=10m", ""));
            }
            int front = freePort();
            Path statsSocket = DIR.resolve("haproxy.sock");
            Files.deleteIfExists(statsSocket);
            String cfg = Files.readString(Path.of("..", "installers", "deploy", "haproxy", "haproxy.cfg"));
            // the example file, with this test's addresses (the same edit an administrator makes)
            Path haproxyCfg = DIR.resolve("haproxy.cfg");
            Files.writeString(haproxyCfg, testConfig(front, data, admin, statsSocket));
            assertTrue(cfg.contains("/health/ready"), "the example checks the readiness endpoint");

            Process gwA = gateway("gw-a-1", configs[0]);
            Process gwB = gateway("gw-b-1", configs[1]);
            await("both gateways ready", 30, () -> status(admin[0], "/health/ready") == 200
                    && status(admin[1], "/health/ready") == 200);
            Process haproxy = new ProcessBuilder(haproxyBin.toString(), "-db", "-f", haproxyCfg.toString())
                    .redirectErrorStream(true).redirectOutput(DIR.resolve("haproxy.log").toFile()).start();
            processes.add(haproxy);
            await("HAProxy sees both gateways UP", 15, () -> {
                try {
                    return Files.exists(statsSocket) && haproxyStates(statsSocket).values().stream().filter("UP"::equals).count() == 2;
                } catch (IOException e) {
                    return false;
                }
            });

            // the sessions: each its own ticket, established through HAProxy, which picks the gateway by a hash of the
            // ticket; a tunnel that lands on a gateway that already has half the sessions is closed and another ticket
            // tried, so that half end up on each (the gateways' own gauges say where each landed)
            AtomicBoolean running = new AtomicBoolean(true);
            ConcurrentLinkedQueue<String> sessionErrors = new ConcurrentLinkedQueue<>();
            AtomicLong[] rounds = new AtomicLong[SESSIONS];
            List<Socket> sockets = new ArrayList<>();
            List<Thread> threads = new ArrayList<>();
            long[] placed = new long[2];
            for (int tries = 1; sockets.size() < SESSIONS; tries++) {
                assertTrue(tries <= 200, "200 tickets did not give half the sessions on each gateway: " + Arrays.toString(placed));
                Socket s = tunnel(front, signer.issue("alice", "term-" + tries, "dsk-1", "127.0.0.1", List.of(echo.port())),
                        echo.port());
                echoOnce(s, "hello".getBytes(StandardCharsets.US_ASCII));
                int where = metric(metrics(admin[0]), "thinspice_gateway_tunnels_active") > placed[0] ? 0 : 1;
                assertEquals(placed[1 - where], metric(metrics(admin[1 - where]), "thinspice_gateway_tunnels_active"),
                        "one new tunnel, on one gateway");
                assertEquals(placed[where] + 1, metric(metrics(admin[where]), "thinspice_gateway_tunnels_active"),
                        "one new tunnel, on one gateway");
                if (placed[where] == SESSIONS / 2) {
                    s.close();
                    await("the surplus tunnel closed", 5, () -> {
                        try {
                            return metric(metrics(admin[where]), "thinspice_gateway_tunnels_active") == placed[where];
                        } catch (Exception e) {
                            return false;
                        }
                    });
                    continue;
                }
                placed[where]++;
                int i = sockets.size();
                sockets.add(s);
                rounds[i] = new AtomicLong();
                int n = i;
                Thread t = new Thread(() -> {
                    byte[] msg = ("session-" + n + "-ping-").getBytes(StandardCharsets.US_ASCII);
                    while (running.get()) {
                        try {
                            echoOnce(s, msg);
                            rounds[n].incrementAndGet();
                            Thread.sleep(50);
                        } catch (IOException | InterruptedException e) {
                            sessionErrors.add("session " + n + " after " + rounds[n].get() + " rounds: " + e);
                            return;
                        }
                    }
                }, "session-" + i);
                t.setDaemon(true);
                t.start();
                threads.add(t);
            }
            assertEquals(SESSIONS / 2, metric(metrics(admin[0]), "thinspice_gateway_tunnels_active"), "half on A");
            assertEquals(SESSIONS / 2, metric(metrics(admin[1]), "thinspice_gateway_tunnels_active"), "half on B");

            // the prober: a new tunnel through HAProxy every 100 ms, one echo, closed
            AtomicInteger probesOk = new AtomicInteger();
            ConcurrentLinkedQueue<String> probeErrors = new ConcurrentLinkedQueue<>();
            Thread prober = new Thread(() -> {
                while (running.get()) {
                    long t0 = System.nanoTime();
                    // a new ticket each time, as a new session would have: the hash sends them to both gateways
                    try (Socket s = tunnel(front, signer.issue("alice", "probe", "dsk-1", "127.0.0.1",
                            List.of(echo.port())), echo.port())) {
                        echoOnce(s, "probe".getBytes(StandardCharsets.US_ASCII));
                        probesOk.incrementAndGet();
                    } catch (IOException e) {
                        probeErrors.add(e.toString());
                    }
                    try {
                        Thread.sleep(Math.max(0, 100 - (System.nanoTime() - t0) / 1_000_000));
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "prober");
            prober.setDaemon(true);
            prober.start();
            Thread.sleep(1000);

            long started = System.nanoTime();
            Process[] old = {gwA, gwB};
            String[] names = {"gw-a", "gw-b"};
            String[] servers = {"gw_a", "gw_b"};
            for (int i = 0; i < 2; i++) {
                int idx = i;
                long before = Arrays.stream(rounds).mapToLong(AtomicLong::get).sum();
                int probesBefore = probesOk.get();
                old[i].destroy(); // SIGTERM
                await(names[i] + " readiness 503 while it still accepts", 5, () -> status(admin[idx], "/health/ready") == 503);
                await("HAProxy takes " + names[i] + " out", 10, () -> {
                    try {
                        return haproxyStates(statsSocket).get(servers[idx]).startsWith("DOWN");
                    } catch (IOException e) {
                        return false;
                    }
                });
                await(names[i] + " closes its admin port after the announce", 10, () -> status(admin[idx], "/health/live") == -1);
                assertTrue(old[i].isAlive(), names[i] + " is still draining its sessions");
                Process fresh = gateway(names[i] + "-2", configs[i]);
                await("the new " + names[i] + " ready", 30, () -> status(admin[idx], "/health/ready") == 200);
                await("HAProxy takes the new " + names[i] + " in", 10, () -> {
                    try {
                        return haproxyStates(statsSocket).get(servers[idx]).equals("UP");
                    } catch (IOException e) {
                        return false;
                    }
                });
                try {
                    await("new connections reach the new " + names[i], 10, () -> {
                        try {
                            return metric(metrics(admin[idx]), "thinspice_gateway_tunnels_total") > 0;
                        } catch (Exception e) {
                            return false;
                        }
                    });
                } catch (AssertionError e) {
                    throw new AssertionError(e.getMessage() + "; probes ok " + probesOk.get() + ", failed " + probeErrors
                            + ", prober alive " + prober.isAlive() + ", HAProxy " + haproxyStates(statsSocket), e);
                }
                assertTrue(probesOk.get() - probesBefore >= 5, "new tunnels were opened through the restart of " + names[i]
                        + ": " + (probesOk.get() - probesBefore));
                long after = Arrays.stream(rounds).mapToLong(AtomicLong::get).sum();
                assertTrue(after > before + SESSIONS * 10L, "the sessions kept echoing: " + before + " → " + after);
                assertTrue(sessionErrors.isEmpty(), "sessions broke: " + sessionErrors);
                old[i] = fresh;
                processes.add(fresh);
            }
            double restartSeconds = (System.nanoTime() - started) / 1e9;
            Thread.sleep(500);
            running.set(false);
            prober.join(5000);
            for (Thread t : threads) {
                t.join(5000);
            }
            System.out.printf("rolling restart: %.1f s for both gateways; %d probes ok, %d failed; session rounds %s%n",
                    restartSeconds, probesOk.get(), probeErrors.size(), Arrays.toString(rounds));
            assertTrue(sessionErrors.isEmpty(), "sessions broke: " + sessionErrors);
            assertTrue(probeErrors.isEmpty(), probeErrors.size() + " new connections failed: " + probeErrors);
            for (AtomicLong r : rounds) {
                assertTrue(r.get() > 20, "every session echoed throughout: " + Arrays.toString(rounds));
            }

            // the sessions end: the old gateways, drained, exit by themselves long before their 10-minute deadline
            for (Socket s : sockets) {
                s.close();
            }
            assertTrue(gwA.waitFor(20, TimeUnit.SECONDS), "old A exits once its tunnels ended");
            assertTrue(gwB.waitFor(20, TimeUnit.SECONDS), "old B exits once its tunnels ended");
            String logA = Files.readString(DIR.resolve("gw-a-1.log"));
            assertTrue(logA.contains("draining 4 connection(s)"), logA);
        }
    }

    /** The example installers/deploy/haproxy/haproxy.cfg's gateway part, with this test's ports and a stats socket. */
    static String testConfig(int front, int[] data, int[] admin, Path statsSocket) throws IOException {
        String example = Files.readString(Path.of("..", "installers", "deploy", "haproxy", "haproxy.cfg"));
        String gatewayPart = example.substring(example.indexOf("frontend spice"), example.indexOf("# ---- end gateways"));
        String global = "global\n  stats socket " + statsSocket + " mode 600 level admin\n\n"
                + example.substring(example.indexOf("defaults"), example.indexOf("# ---- end defaults"));
        return global + gatewayPart
                .replace("bind :3128", "bind 127.0.0.1:" + front)
                .replace("gw-a.example:3128", "127.0.0.1:" + data[0]).replace("gw-b.example:3128", "127.0.0.1:" + data[1])
                .replace("port 9128 # gw_a", "port " + admin[0] + " # gw_a").replace("port 9128 # gw_b", "port " + admin[1] + " # gw_b")
                .replace("inter 2s", "inter 200ms");
    }
}
