package org.thinspice.testbed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Debian's HAProxy in the foreground ({@code -db}) on a configuration the caller writes, stopped by its pid.
 * {@link #config} writes the fleet's front: HTTP for the controllers (least connections, health-checked, retried on the other on a
 * refused connection) and, for the gateways, HTTP CONNECT balanced on a consistent hash of the ticket (SPICE opens
 * one CONNECT per channel, all with the session's ticket as authority, so one session stays on one gateway).
 */
public final class Haproxy implements AutoCloseable {
    private final Process process;
    private final Path log;

    private Haproxy(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    public static Haproxy start(Path config) throws IOException, InterruptedException {
        Path log = config.resolveSibling("haproxy.log");
        Process check = new ProcessBuilder("haproxy", "-c", "-f", config.toString()).redirectErrorStream(true).start();
        String out = new String(check.getInputStream().readAllBytes());
        if (check.waitFor() != 0) {
            throw new IOException("haproxy refuses the configuration: " + out);
        }
        Process p = new ProcessBuilder("haproxy", "-db", "-f", config.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        return Processes.closeAtExit(new Haproxy(p, log));
    }

    /**
     * The fleet's front: {@code controllerPort} → the controllers on 127.0.0.1 (HTTP health check on
     * {@code healthPath} every 2 s, down after 3 misses), {@code gatewayPort} → the gateways (readiness checked on
     * {@code gatewayAdminPorts}), every channel of one session to the same gateway.
     */
    public static String config(int controllerPort, List<Integer> controllers, String healthPath, int gatewayPort,
            List<Integer> gateways, List<Integer> gatewayAdminPorts) {
        StringBuilder b = new StringBuilder();
        // two descriptors per proxied connection must fit the open-file limit (often 20,000 here)
        b.append("global\n  maxconn 8000\n\n");
        b.append("defaults\n  timeout connect 2s\n  timeout client 2h\n  timeout server 2h\n  timeout tunnel 2h\n");
        b.append("  retries 3\n  option redispatch 1\n\n");
        b.append("frontend controllers\n  mode http\n  bind 127.0.0.1:").append(controllerPort)
                .append("\n  default_backend controllers\n\n");
        // least connections, as the example in installers/deploy (a sign-in holds its connection for the hash)
        b.append("backend controllers\n  mode http\n  balance leastconn\n  option httpchk GET ").append(healthPath)
                // loaded machines answer health checks late: tolerate it; a dead one refuses at once, and a refused
                // request is retried on the other server (retries + redispatch)
                .append("\n  timeout check 10s\n  default-server inter 2s fall 3 rise 1\n");
        for (int i = 0; i < controllers.size(); i++) {
            b.append("  server c").append(i + 1).append(" 127.0.0.1:").append(controllers.get(i)).append(" check\n");
        }
        // HTTP mode for the gateways: HAProxy reads each CONNECT head, picks the gateway by a consistent hash of its
        // Host header without the port — the session's ticket, the same for every channel of one session —
        // forwards the head, and once the gateway answers 200 relays the tunnel's bytes untouched. So all channels of
        // one session use one gateway; when that gateway is down (health check, or a refused connection redispatched)
        // only its share of tickets moves to the others.
        b.append("\nfrontend gateways\n  mode http\n  bind 127.0.0.1:").append(gatewayPort)
                .append("\n  timeout http-request 10s\n  default_backend gateways\n\n");
        b.append("backend gateways\n  mode http\n  balance hash req.hdr(host),regsub(:[0-9]+$,)\n  hash-type consistent\n");
        b.append("  option httpchk GET /health/ready\n  timeout check 10s\n  default-server inter 2s fall 3 rise 1\n");
        for (int i = 0; i < gateways.size(); i++) {
            b.append("  server g").append(i + 1).append(" 127.0.0.1:").append(gateways.get(i)).append(" check port ")
                    .append(gatewayAdminPorts.get(i)).append('\n');
        }
        return b.toString();
    }

    public Path log() {
        return log;
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        Processes.forget(this);
        Processes.stop(process, Duration.ofSeconds(5));
    }

    /** Whether it still runs (it exits on a fatal error, logged to {@link #log()}). */
    public boolean alive() {
        return process.isAlive();
    }

    /** Its log so far (for a failure message). */
    public String logText() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }
}
