package org.thinspice.gateway;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;

/**
 * {@code GatewayMain --config gateway.properties}: runs the gateway until SIGTERM/SIGINT; then {@code /health/ready}
 * answers 503 for {@code shutdown.announce} while it still accepts, then both listeners close (a new gateway may
 * take the ports) and open tunnels relay until they end or {@code shutdown.drain} passes.
 */
public final class GatewayMain {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayMain.class);

    private GatewayMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2 || !args[0].equals("--config")) {
            System.err.println("usage: GatewayMain --config gateway.properties");
            System.exit(2);
        }
        GatewayConfig config = GatewayConfig.load(Path.of(args[1]));
        AuditLog audit = config.auditPath() == null ? AuditLog.to(System.out) : AuditLog.toFile(config.auditPath());
        Gateway gateway = Gateway.start(config, Clock.systemUTC(), audit);
        AdminServer admin = config.adminPort() >= 0
                ? AdminServer.start(config.adminAddress(), config.adminPort(), gateway.metrics(), gateway::ready) : null;
        // Machine-readable lines for scripts that start the gateway on port 0.
        System.err.println("gateway.port=" + gateway.port());
        if (admin != null) {
            System.err.println("admin.port=" + admin.port());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            gateway.announceStop();
            if (!config.announce().isZero()) {
                // still accepting, /health/ready 503: load balancers see it and send new clients elsewhere
                LOG.info("stopping: not ready; still accepting for {} (shutdown.announce)", config.announce());
                try {
                    Thread.sleep(config.announce().toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            // both ports close now, so a new gateway can take them while this one drains
            if (admin != null) {
                admin.close();
            }
            LOG.info("stopping: listeners closed; draining {} connection(s) for up to {} (shutdown.drain)",
                    gateway.openConnections(), config.drainTimeout());
            gateway.shutdown(config.drainTimeout());
            LOG.info("stopped");
            stopped.countDown();
        }, "gateway-shutdown"));
        stopped.await();
    }
}
