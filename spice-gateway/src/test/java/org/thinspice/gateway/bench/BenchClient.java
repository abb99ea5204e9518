package org.thinspice.gateway.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The measuring side of {@link GatewayBench}: echoes bytes both ways at once and ping-pongs over each route to an
 * echo server, and prints the table. Runs inside the bench's JVM on loopback, or as its own process on the
 * {@code NetLab} client host: {@code BenchClient ECHO_HOST ECHO_PORT BYTES WARMUP ROUNDS PINGS ROUTE...} with
 * each route {@code name,proxyHost,proxyPort,connectHost,pid} ({@code -} for no proxy).
 */
public final class BenchClient {
    private static final int CHUNK = 64 << 10;

    /** One way to the echo server: direct ({@code proxyHost} null) or through a CONNECT proxy whose pid is known. */
    record Route(String name, String proxyHost, int proxyPort, String connectHost, long pid) {
        static Route parse(String s) {
            String[] f = s.split(",", -1);
            return new Route(f[0], f[1].equals("-") ? null : f[1], Integer.parseInt(f[2]), f[3], Long.parseLong(f[4]));
        }

        String format() {
            return String.join(",", name, proxyHost == null ? "-" : proxyHost, Integer.toString(proxyPort),
                    connectHost, Long.toString(pid));
        }
    }

    record Settings(String echoHost, int echoPort, long bytes, long warmup, int rounds, int pings) {
    }

    private BenchClient() {
    }

    public static void main(String[] args) throws Exception {
        Settings s = new Settings(args[0], Integer.parseInt(args[1]), Long.parseLong(args[2]), Long.parseLong(args[3]),
                Integer.parseInt(args[4]), Integer.parseInt(args[5]));
        List<Route> routes = new ArrayList<>();
        for (int i = 6; i < args.length; i++) {
            routes.add(Route.parse(args[i]));
        }
        run(s, routes);
    }

    /** The command-line arguments of {@link #main} for these settings and routes. */
    static List<String> arguments(Settings s, List<Route> routes) {
        List<String> a = new ArrayList<>(List.of(s.echoHost, Integer.toString(s.echoPort), Long.toString(s.bytes),
                Long.toString(s.warmup), Integer.toString(s.rounds), Integer.toString(s.pings)));
        routes.forEach(r -> a.add(r.format()));
        return a;
    }

    /** Measures every route (the first is the baseline) and prints the table. */
    static void run(Settings s, List<Route> routes) throws Exception {
        System.out.printf("%nthroughput: %d MiB each way at once, median of %d rounds in rotating order after a"
                + " %d MiB warm-up per route; latency: %d ping-pongs of 64 bytes%n", s.bytes >> 20, s.rounds,
                s.warmup >> 20, s.pings);
        int n = routes.size();
        for (Route r : routes) {
            throughput(s, r, s.warmup);
        }
        double[][] mbps = new double[n][s.rounds];
        double[][] cpu = new double[n][s.rounds];
        for (int round = 0; round < s.rounds; round++) {
            for (int k = 0; k < n; k++) {
                int i = (k + round) % n;
                Route r = routes.get(i);
                long c0 = cpuMillis(r.pid);
                mbps[i][round] = throughput(s, r, s.bytes);
                cpu[i][round] = (cpuMillis(r.pid) - c0) / 1000.0 / (2.0 * s.bytes / (1 << 30));
            }
        }
        double[][] lat = new double[n][];
        for (int i = 0; i < n; i++) {
            lat[i] = latency(s, routes.get(i));
        }
        double direct = median(mbps[0]);
        System.out.printf("%n| route     | MiB/s each way | × direct | rounds (× direct) | relay CPU s/GiB |"
                + " RTT p50 µs | RTT p99 µs | added p50 µs |%n");
        System.out.printf("|-----------|---------------:|---------:|-------------------|----------------:|"
                + "-----------:|-----------:|-------------:|%n");
        for (int i = 0; i < n; i++) {
            StringBuilder each = new StringBuilder();
            for (int round = 0; round < s.rounds; round++) {
                each.append(round == 0 ? "" : " ").append(String.format("%.2f", mbps[i][round] / mbps[0][round]));
            }
            System.out.printf("| %-9s | %14.0f | %8.2f | %-17s | %15s | %10.1f | %10.1f | %12.1f |%n",
                    routes.get(i).name, median(mbps[i]), median(mbps[i]) / direct, each,
                    i == 0 ? "–" : String.format("%.2f", median(cpu[i])), lat[i][0], lat[i][1], lat[i][0] - lat[0][0]);
        }
        System.out.println("(relay CPU: the relaying process's user+system seconds per GiB moved, both ways counted;"
                + " copy-loop is the bench's own two-threads-per-tunnel blocking relay, the ceiling for copying"
                + " relays on this machine)");
    }

    private static long cpuMillis(long pid) {
        return ProcessHandle.of(pid).flatMap(h -> h.info().totalCpuDuration()).map(Duration::toMillis).orElse(0L);
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static Socket open(Settings s, Route r) throws IOException {
        Socket sock = r.proxyHost == null ? new Socket(s.echoHost, s.echoPort) : new Socket(r.proxyHost, r.proxyPort);
        sock.setTcpNoDelay(true);
        sock.setSoTimeout(120_000);
        if (r.proxyHost != null) {
            String a = r.connectHost + ":" + s.echoPort;
            sock.getOutputStream().write(("CONNECT " + a + " HTTP/1.1\r\nHost: " + a + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String status = readHead(sock.getInputStream());
            if (!status.startsWith("HTTP/1.1 200") && !status.startsWith("HTTP/1.0 200")) {
                sock.close();
                throw new IOException(r.name + " answered " + status);
            }
        }
        return sock;
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

    /** MiB/s each way while {@code bytes} go out and come back at the same time. */
    private static double throughput(Settings s, Route r, long bytes) throws Exception {
        try (Socket sock = open(s, r)) {
            byte[] out = new byte[CHUNK];
            long t0 = System.nanoTime();
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    OutputStream o = sock.getOutputStream();
                    for (long sent = 0; sent < bytes; sent += CHUNK) {
                        o.write(out, 0, (int) Math.min(CHUNK, bytes - sent));
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            byte[] in = new byte[CHUNK];
            long got = 0;
            InputStream i = sock.getInputStream();
            while (got < bytes) {
                int n = i.read(in);
                if (n < 0) {
                    throw new IOException(r.name + " closed after " + got + " bytes");
                }
                got += n;
            }
            writer.get(60, TimeUnit.SECONDS);
            return bytes / 1048576.0 / ((System.nanoTime() - t0) / 1e9);
        }
    }

    /** p50 and p99 round trip in µs. */
    private static double[] latency(Settings s, Route r) throws Exception {
        try (Socket sock = open(s, r)) {
            byte[] msg = new byte[64];
            long[] rtt = new long[s.pings];
            for (int k = -500; k < s.pings; k++) {
                long t0 = System.nanoTime();
                sock.getOutputStream().write(msg);
                sock.getInputStream().readNBytes(msg, 0, 64);
                if (k >= 0) {
                    rtt[k] = System.nanoTime() - t0;
                }
            }
            Arrays.sort(rtt);
            return new double[] {rtt[s.pings / 2] / 1e3, rtt[s.pings * 99 / 100] / 1e3};
        }
    }
}
