package org.thinspice.gateway.bench;

import org.thinspice.gateway.ticket.Ed25519Keys;
import org.thinspice.gateway.ticket.TicketSigner;
import org.thinspice.testbed.Squid;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
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
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./thinspice bench gateway}: throughput (bytes echoed both ways at once), the relay's CPU per GiB and
 * ping-pong latency on 127.0.0.1, direct vs through the gateway (its own JVM, -Xmx512m) vs through Debian's
 * squid vs through {@link CopyLoopRelay}; then how many idle tunnels the gateway holds and its heap after GC.
 * Options (system properties): {@code bench.bytes} (default 1 GiB each way), {@code bench.warmup} (1 GiB per
 * route, not measured), {@code bench.rounds} (3), {@code bench.pings} (5000), {@code bench.tunnels} (10000), {@code bench.io} (the gateway's {@code io.transport}:
 * auto or nio).
 */
public final class GatewayBench {
    private static final int CHUNK = 64 << 10;

    private GatewayBench() {
    }

    public static void main(String[] args) throws Exception {
        long bytes = Long.getLong("bench.bytes", 1L << 30);
        long warmup = Long.getLong("bench.warmup", 1L << 30);
        int rounds = Integer.getInteger("bench.rounds", 3);
        int pings = Integer.getInteger("bench.pings", 5000);
        int tunnels = Integer.getInteger("bench.tunnels", 10_000);
        Path dir = Files.createTempDirectory("gateway-bench");
        KeyPair key = Ed25519Keys.generate();
        Files.writeString(dir.resolve("k1.pub.pem"), Ed25519Keys.toPem(key.getPublic()));
        Files.writeString(dir.resolve("gateway.properties"), String.join("\n",
                "listen.address=127.0.0.1", "listen.port=0", "key.k1=k1.pub.pem", "limit.per-source=100000",
                "limit.global=100000", "timeout.handshake=60s", "timeout.idle=0", "audit.path=audit.jsonl",
                "admin.address=127.0.0.1", "admin.port=0", "shutdown.drain=1s",
                "io.transport=" + System.getProperty("bench.io", "auto"), ""));
        TicketSigner signer = new TicketSigner("k1", key.getPrivate(), Clock.systemUTC());
        Process gw = java("-Xmx512m", "org.thinspice.gateway.GatewayMain", "--config",
                dir.resolve("gateway.properties").toString()).redirectOutput(dir.resolve("audit-stdout.log").toFile())
                .start();
        Process sink = java("-Xmx256m", IdleSink.class.getName()).start();
        Process copyLoop = java("-Xmx256m", CopyLoopRelay.class.getName()).start();
        try (Echo echo = new Echo(); Squid squid = Squid.start()) {
            int gwPort = -1;
            int adminPort = -1;
            BufferedReader err = new BufferedReader(new InputStreamReader(gw.getErrorStream(), StandardCharsets.UTF_8));
            while (adminPort < 0) {
                String line = err.readLine();
                if (line == null) {
                    throw new IOException("gateway exited");
                }
                if (line.contains("gateway listening")) {
                    System.out.println(line.substring(line.indexOf("gateway listening")));
                } else if (line.startsWith("gateway.port=")) {
                    gwPort = Integer.parseInt(line.substring(13));
                } else if (line.startsWith("admin.port=")) {
                    adminPort = Integer.parseInt(line.substring(11));
                }
            }
            drain(err);
            String ticket = signer.sign(signer.mint("bench", "", "bench", "127.0.0.1", List.of(echo.port()),
                    Duration.ofHours(1)));
            List<Route> paths = List.of(new Route("direct", null, 0, null, ProcessHandle.current().pid()),
                    new Route("gateway", "127.0.0.1", gwPort, ticket, gw.pid()),
                    new Route("squid", squid.host(), squid.port(), "127.0.0.1", squid.pid()),
                    new Route("copy-loop", "127.0.0.1", portLine(copyLoop, "relay.port="), "127.0.0.1",
                            copyLoop.pid()));
            System.out.printf("%nthroughput: %d MiB each way at once, median of %d rounds in rotating order after a"
                    + " %d MiB warm-up per path; latency: %d ping-pongs of 64 bytes%n", bytes >> 20, rounds,
                    warmup >> 20, pings);
            int n = paths.size();
            for (Route p : paths) {
                throughput(p, echo.port(), warmup);
            }
            double[][] mbps = new double[n][rounds];
            double[][] cpu = new double[n][rounds];
            for (int r = 0; r < rounds; r++) {
                for (int k = 0; k < n; k++) {
                    int i = (k + r) % n;
                    Route p = paths.get(i);
                    long c0 = cpuMillis(p.pid);
                    mbps[i][r] = throughput(p, echo.port(), bytes);
                    cpu[i][r] = (cpuMillis(p.pid) - c0) / 1000.0 / (2.0 * bytes / (1 << 30));
                }
            }
            double[][] lat = new double[n][];
            for (int i = 0; i < n; i++) {
                lat[i] = latency(paths.get(i), echo.port(), pings);
            }
            double direct = median(mbps[0]);
            System.out.printf("%n| path      | MiB/s each way | × direct | rounds (× direct) | relay CPU s/GiB |"
                    + " RTT p50 µs | RTT p99 µs | added p50 µs |%n");
            System.out.printf("|-----------|---------------:|---------:|-------------------|----------------:|"
                    + "-----------:|-----------:|-------------:|%n");
            for (int i = 0; i < n; i++) {
                StringBuilder each = new StringBuilder();
                for (int r = 0; r < rounds; r++) {
                    each.append(r == 0 ? "" : " ").append(String.format("%.2f", mbps[i][r] / mbps[0][r]));
                }
                System.out.printf("| %-9s | %14.0f | %8.2f | %-17s | %15s | %10.1f | %10.1f | %12.1f |%n",
                        paths.get(i).name, median(mbps[i]), median(mbps[i]) / direct, each,
                        i == 0 ? "–" : String.format("%.2f", median(cpu[i])), lat[i][0], lat[i][1],
                        lat[i][0] - lat[0][0]);
            }
            System.out.println("(relay CPU: the relaying process's user+system seconds per GiB moved, both ways"
                    + " counted; copy-loop is the bench's own two-threads-per-tunnel blocking relay, the ceiling"
                    + " for copying relays on this machine)");
            idleTunnels(gw.pid(), gwPort, adminPort, portLine(sink, "sink.port="), signer, tunnels);
        } finally {
            for (Process p : List.of(gw, sink, copyLoop)) {
                p.destroy();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static ProcessBuilder java(String heap, String mainClass, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                heap, "-cp", System.getProperty("java.class.path"), mainClass));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd);
    }

    private static long cpuMillis(long pid) {
        return ProcessHandle.of(pid).flatMap(h -> h.info().totalCpuDuration()).map(Duration::toMillis).orElse(0L);
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private record Route(String name, String proxyHost, int proxyPort, String connectHost, long pid) {
    }

    private static Socket open(Route p, int target) throws IOException {
        Socket s = p.proxyHost == null ? new Socket("127.0.0.1", target) : new Socket(p.proxyHost, p.proxyPort);
        s.setTcpNoDelay(true);
        s.setSoTimeout(120_000);
        if (p.proxyHost != null) {
            String a = p.connectHost + ":" + target;
            s.getOutputStream().write(("CONNECT " + a + " HTTP/1.1\r\nHost: " + a + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String status = readHead(s.getInputStream());
            if (!status.startsWith("HTTP/1.1 200") && !status.startsWith("HTTP/1.0 200")) {
                throw new IOException(p.name + " answered " + status);
            }
        }
        return s;
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        while (!sb.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("closed during the response head");
            }
            sb.append((char) c);
        }
        return sb.toString();
    }

    private static double throughput(Route p, int port, long bytes) throws Exception {
        try (Socket s = open(p, port)) {
            byte[] out = new byte[CHUNK];
            long t0 = System.nanoTime();
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    OutputStream o = s.getOutputStream();
                    for (long sent = 0; sent < bytes; sent += CHUNK) {
                        o.write(out, 0, (int) Math.min(CHUNK, bytes - sent));
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            byte[] in = new byte[CHUNK];
            long got = 0;
            InputStream i = s.getInputStream();
            while (got < bytes) {
                int n = i.read(in);
                if (n < 0) {
                    throw new IOException("closed after " + got);
                }
                got += n;
            }
            writer.get(60, TimeUnit.SECONDS);
            return bytes / 1048576.0 / ((System.nanoTime() - t0) / 1e9);
        }
    }

    /** p50 and p99 round trip in µs. */
    private static double[] latency(Route p, int port, int pings) throws Exception {
        try (Socket s = open(p, port)) {
            byte[] msg = new byte[64];
            long[] rtt = new long[pings];
            for (int k = -500; k < pings; k++) {
                long t0 = System.nanoTime();
                s.getOutputStream().write(msg);
                s.getInputStream().readNBytes(msg, 0, 64);
                if (k >= 0) {
                    rtt[k] = System.nanoTime() - t0;
                }
            }
            Arrays.sort(rtt);
            return new double[] {rtt[pings / 2] / 1e3, rtt[pings * 99 / 100] / 1e3};
        }
    }

    /** Reads the {@code prefix<port>} line a helper process prints once it listens. */
    private static int portLine(Process p, String prefix) throws IOException {
        String line = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
        if (line == null || !line.startsWith(prefix)) {
            throw new IOException("helper process said " + line + " instead of " + prefix);
        }
        return Integer.parseInt(line.substring(prefix.length()));
    }

    private static void idleTunnels(long gwPid, int gwPort, int adminPort, int sinkPort, TicketSigner signer, int wanted)
            throws Exception {
        long before = heapAfterGc(gwPid, adminPort);
        String ticket = signer.sign(signer.mint("bench", "", "idle", "127.0.0.1", List.of(sinkPort), Duration.ofHours(1)));
        byte[] head = ("CONNECT " + ticket + ":" + sinkPort + " HTTP/1.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        List<SocketChannel> open = new ArrayList<>();
        long t0 = System.nanoTime();
        String stop = null;
        ByteBuffer resp = ByteBuffer.allocate(128);
        try {
            while (open.size() < wanted) {
                SocketChannel c;
                try {
                    c = SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), gwPort));
                } catch (IOException e) {
                    stop = "client: " + e.getMessage();
                    break;
                }
                open.add(c);
                c.write(ByteBuffer.wrap(head));
                resp.clear();
                while (resp.position() < 4 || resp.get(resp.position() - 1) != '\n' || resp.get(resp.position() - 3) != '\n') {
                    if (c.read(resp) < 0) {
                        break;
                    }
                }
                String status = new String(resp.array(), 0, resp.position(), StandardCharsets.US_ASCII);
                if (!status.startsWith("HTTP/1.1 200")) {
                    stop = "gateway answered " + status.split("\r\n")[0] + " at tunnel " + open.size();
                    open.remove(open.size() - 1).close();
                    break;
                }
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            long after = heapAfterGc(gwPid, adminPort);
            String active = metric(adminPort, "thinspice_gateway_tunnels_active");
            System.out.printf("%nidle tunnels: %d open (wanted %d%s) in %.1f s; gateway reports %s active%n",
                    open.size(), wanted, stop == null ? "" : "; stopped: " + stop, secs, active);
            if (wanted < 10_000) {
                System.out.printf("(fewer than 10000 wanted: the open-file limit here is %s and the gateway needs two"
                        + " descriptors per tunnel)%n", openFileLimit());
            }
            System.out.printf("gateway heap after GC (-Xmx512m): %.1f MiB idle, %.1f MiB with the tunnels"
                    + " (%.1f KiB per tunnel)%n", before / 1048576.0, after / 1048576.0,
                    open.isEmpty() ? 0 : (after - before) / 1024.0 / open.size());
        } finally {
            for (SocketChannel c : open) {
                c.close();
            }
        }
    }

    private static String openFileLimit() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/limits")).stream().filter(l -> l.startsWith("Max open files"))
                .map(l -> l.substring("Max open files".length()).strip().split("\\s+")[0]).findFirst().orElse("?");
    }

    private static long heapAfterGc(long pid, int adminPort) throws Exception {
        new ProcessBuilder("jcmd", Long.toString(pid), "GC.run").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(30, TimeUnit.SECONDS);
        return Long.parseLong(metric(adminPort, "thinspice_gateway_heap_used_bytes"));
    }

    private static String metric(int adminPort, String name) throws Exception {
        String text = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + adminPort + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return Arrays.stream(text.split("\n")).filter(l -> l.startsWith(name + " ")).findFirst()
                .map(l -> l.substring(name.length() + 1)).orElse("?");
    }

    private static void drain(BufferedReader err) {
        Thread t = new Thread(() -> {
            try {
                while (err.readLine() != null) {
                    // keep the gateway's stderr pipe from filling
                }
            } catch (IOException ignored) {
                // the gateway exited
            }
        }, "gateway-stderr");
        t.setDaemon(true);
        t.start();
    }

    /** Thread-per-connection echo server on 127.0.0.1. */
    private static final class Echo implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());

        Echo() throws IOException {
            Thread t = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket s = server.accept();
                        s.setTcpNoDelay(true);
                        Thread c = new Thread(() -> {
                            byte[] b = new byte[CHUNK];
                            try (s) {
                                InputStream in = s.getInputStream();
                                OutputStream out = s.getOutputStream();
                                for (int n; (n = in.read(b)) > 0; ) {
                                    out.write(b, 0, n);
                                }
                            } catch (IOException ignored) {
                                // client gone
                            }
                        });
                        c.setDaemon(true);
                        c.start();
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
