package org.thinspice.gateway.bench;

import org.thinspice.ticket.Ed25519Keys;
import org.thinspice.ticket.TicketSigner;
import org.thinspice.testbed.NetLab;
import org.thinspice.testbed.Squid;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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
import java.util.concurrent.TimeUnit;

/**
 * {@code ./thinspice bench gateway}: throughput (bytes echoed both ways at once), the relay's CPU per GiB and
 * ping-pong latency, direct vs through the gateway (its own JVM, -Xmx512m) vs through Debian's squid vs through
 * {@link CopyLoopRelay} (see {@link BenchClient}); then how many idle tunnels the gateway holds and its heap
 * after GC. By default everything is on 127.0.0.1; with {@code bench.link} the client, the relays and the echo
 * server are three hosts of a {@link NetLab} and every route crosses the same two links (the direct route through
 * the middle host's IP forwarding), each limited to that rate ({@code 1gbit}, {@code 10gbit}, … or
 * {@code unlimited}); the idle tunnels are measured on loopback only. Options (system properties):
 * {@code bench.link}, {@code bench.bytes} (default 1 GiB each way), {@code bench.warmup} (1 GiB per route, not
 * measured), {@code bench.rounds} (3), {@code bench.pings} (5000), {@code bench.tunnels} (10000),
 * {@code bench.io} (the gateway's {@code io.transport}: nio or epoll).
 */
public final class GatewayBench {
    private GatewayBench() {
    }

    public static void main(String[] args) throws Exception {
        String link = System.getProperty("bench.link");
        BenchClient.Settings settings;
        List<Process> started = new ArrayList<>();
        Squid squid = null;
        NetLab lab = link == null ? null : NetLab.create(link.equals("unlimited") ? null : link);
        try {
            String relayHost = lab == null ? "127.0.0.1" : NetLab.MIDDLE_ADDRESS;
            String echoHost = lab == null ? "127.0.0.1" : NetLab.SERVER_ADDRESS;
            Path dir = Files.createTempDirectory("gateway-bench");
            KeyPair key = Ed25519Keys.generate();
            Files.writeString(dir.resolve("k1.pub.pem"), Ed25519Keys.toPem(key.getPublic()));
            Files.writeString(dir.resolve("gateway.properties"), String.join("\n",
                    "listen.address=" + relayHost, "listen.port=0", "key.k1=k1.pub.pem", "limit.per-source=100000",
                    "limit.global=100000", "timeout.handshake=60s", "timeout.idle=0", "audit.path=audit.jsonl",
                    "admin.address=127.0.0.1", "admin.port=0", "shutdown.drain=1s",
                    "io.transport=" + System.getProperty("bench.io", "nio"), ""));
            TicketSigner signer = new TicketSigner("k1", key.getPrivate(), Clock.systemUTC());
            Process echo = start(started, on(lab, NetLab.Host.SERVER, java("-Xmx256m", EchoServer.class.getName(),
                    echoHost)));
            Process gw = start(started, on(lab, NetLab.Host.MIDDLE, java("-Xmx512m",
                    "org.thinspice.gateway.GatewayMain", "--config", dir.resolve("gateway.properties").toString()))
                    .redirectOutput(dir.resolve("audit-stdout.log").toFile()));
            Process copyLoop = start(started, on(lab, NetLab.Host.MIDDLE, java("-Xmx256m",
                    CopyLoopRelay.class.getName(), relayHost)));
            squid = lab == null ? Squid.start() : Squid.start(Files.createTempDirectory("gateway-bench-squid"), relayHost,
                    NetLab.CLIENT_ADDRESS + "/32", lab.in(NetLab.Host.MIDDLE));
            int[] gwPorts = gatewayPorts(gw);
            int echoPort = portLine(echo, "echo.port=");
            String ticket = signer.sign(signer.mint("bench", "", "bench", echoHost, List.of(echoPort),
                    Duration.ofHours(1)));
            List<BenchClient.Route> routes = List.of(
                    new BenchClient.Route("direct", null, 0, null, ProcessHandle.current().pid()),
                    new BenchClient.Route("gateway", relayHost, gwPorts[0], ticket, gw.pid()),
                    new BenchClient.Route("squid", squid.host(), squid.port(), echoHost, squid.pid()),
                    new BenchClient.Route("copy-loop", relayHost, portLine(copyLoop, "relay.port="), echoHost,
                            copyLoop.pid()));
            settings = new BenchClient.Settings(echoHost, echoPort, Long.getLong("bench.bytes", 1L << 30),
                    Long.getLong("bench.warmup", 1L << 30), Integer.getInteger("bench.rounds", 3),
                    Integer.getInteger("bench.pings", 5000));
            if (lab == null) {
                System.out.println("links: loopback (127.0.0.1)");
                BenchClient.run(settings, routes);
                idleTunnels(gw.pid(), gwPorts[0], gwPorts[1], portLine(start(started, on(null, null, java("-Xmx256m",
                        IdleSink.class.getName()))), "sink.port="), signer, Integer.getInteger("bench.tunnels", 10_000));
            } else {
                System.out.printf("links: three network namespaces, client %s — relays %s — echo %s, each link %s%n",
                        NetLab.CLIENT_ADDRESS, relayHost, echoHost, lab.rate() == null ? "unlimited" : lab.rate());
                List<String> client = new ArrayList<>(java("-Xmx256m", BenchClient.class.getName()));
                client.addAll(BenchClient.arguments(settings, routes));
                Process p = start(started, new ProcessBuilder(lab.in(NetLab.Host.CLIENT, client))
                        .inheritIO());
                if (p.waitFor() != 0) {
                    throw new IOException("the bench client on the client host failed (exit " + p.exitValue() + ")");
                }
            }
        } finally {
            for (Process p : started) {
                p.destroy();
                p.waitFor(10, TimeUnit.SECONDS);
            }
            if (squid != null) {
                squid.close();
            }
            if (lab != null) {
                lab.close();
            }
        }
    }

    private static Process start(List<Process> started, ProcessBuilder pb) throws IOException {
        Process p = pb.start();
        started.add(p);
        return p;
    }

    /** The command line to run {@code mainClass} of the bench's classpath in a JVM with {@code heap}. */
    private static List<String> java(String heap, String mainClass, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                heap, "-cp", System.getProperty("java.class.path"), mainClass));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** {@code cmd} as a process on a lab host, or here when there is no lab. */
    private static ProcessBuilder on(NetLab lab, NetLab.Host host, List<String> cmd) {
        return new ProcessBuilder(lab == null ? cmd : lab.in(host, cmd));
    }

    /** The gateway's listening and admin ports, read from its stderr (which is then drained). */
    private static int[] gatewayPorts(Process gw) throws IOException {
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
        return new int[] {gwPort, adminPort};
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
}
