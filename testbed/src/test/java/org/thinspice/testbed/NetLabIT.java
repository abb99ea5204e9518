package org.thinspice.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A lab with 80 Mbit/s links: the client reaches the server routed and through squid in the middle, at the link's rate. */
@Tag("netlab")
class NetLabIT {
    private static final long BYTES = 16L << 20;

    @Test
    void clientReachesServerThroughTheMiddleAtTheLinkRate() throws Exception {
        List<Long> pids = new ArrayList<>();
        String clientNs;
        try (NetLab lab = NetLab.create("80mbit")) {
            Process server = new ProcessBuilder(lab.in(NetLab.Host.SERVER, probe("serve", NetLab.SERVER_ADDRESS)))
                    .redirectErrorStream(true).start();
            pids.add(server.pid());
            try (Squid squid = Squid.start(Commands.newWorkDir("netlab-squid"), NetLab.MIDDLE_ADDRESS,
                    NetLab.CLIENT_ADDRESS + "/32", lab.in(NetLab.Host.MIDDLE))) {
                pids.add(squid.pid());
                String port = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))
                        .readLine().replace("port=", "");
                Map<String, Double> routed = send(lab, pids, port);
                Map<String, Double> proxied = send(lab, pids, port, NetLab.MIDDLE_ADDRESS, Integer.toString(squid.port()));
                for (Map<String, Double> r : List.of(routed, proxied)) {
                    assertEquals((double) BYTES, r.get("bytes"), "the server saw every byte");
                    double mbit = BYTES * 8 / r.get("seconds") / 1e6;
                    assertTrue(mbit < 80 * 1.15, "faster than the link allows: " + mbit + " Mbit/s");
                    assertTrue(mbit > 80 * 0.5, "far below the link's rate: " + mbit + " Mbit/s");
                }
            } finally {
                Processes.stop(server, Duration.ofSeconds(5));
            }
            clientNs = lab.namespace(NetLab.Host.CLIENT);
        }
        String namespaces = Commands.run(List.of("ip", "netns", "list"), Path.of("."), Duration.ofSeconds(10));
        assertFalse(namespaces.contains(clientNs), "namespace left behind: " + namespaces);
        for (long pid : pids) {
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "process " + pid + " still runs");
        }
    }

    private static Map<String, Double> send(NetLab lab, List<Long> pids, String port, String... proxy)
            throws Exception {
        List<String> args = new ArrayList<>(List.of("send", NetLab.SERVER_ADDRESS, port, Long.toString(BYTES)));
        args.addAll(List.of(proxy));
        Process client = new ProcessBuilder(lab.in(NetLab.Host.CLIENT, probe(args.toArray(String[]::new))))
                .redirectErrorStream(true).start();
        pids.add(client.pid());
        try {
            assertTrue(client.waitFor(60, TimeUnit.SECONDS), "client did not finish");
            String out = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            Matcher m = Pattern.compile("bytes=(\\d+) seconds=([0-9.E-]+)").matcher(out);
            assertTrue(m.find(), out);
            return Map.of("bytes", Double.parseDouble(m.group(1)), "seconds", Double.parseDouble(m.group(2)));
        } finally {
            Processes.stop(client, Duration.ofSeconds(5));
        }
    }

    /** The helper program under Java's source launcher. */
    private static String[] probe(String... args) throws IOException, URISyntaxException {
        Path src = Path.of(NetLabIT.class.getResource("/netlab/Probe.java").toURI());
        Path copy = Files.createTempDirectory("netlab-probe").resolve("Probe.java");
        Files.copy(src, copy);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                copy.toString()));
        cmd.addAll(List.of(args));
        return cmd.toArray(String[]::new);
    }
}
