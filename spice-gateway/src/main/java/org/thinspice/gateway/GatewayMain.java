package org.thinspice.gateway;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;

/**
 * {@code GatewayMain --config gateway.properties}: runs the gateway until SIGTERM/SIGINT, then drains
 * tunnels up to {@code shutdown.drain}.
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
        AuditLog audit = config.auditPath() == null || config.auditPath().toString().equals("-")
                ? AuditLog.to(System.out) : AuditLog.toFile(config.auditPath());
        Gateway gateway = Gateway.start(config, Clock.systemUTC(), audit);
        AdminServer admin = config.adminPort() >= 0
                ? AdminServer.start(config.adminAddress(), config.adminPort(), gateway.metrics()) : null;
        // Machine-readable lines for scripts that start the gateway on port 0.
        System.err.println("gateway.port=" + gateway.port());
        if (admin != null) {
            System.err.println("admin.port=" + admin.port());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("stopping: draining tunnels for up to {}", config.drainTimeout());
            if (admin != null) {
                admin.close();
            }
            gateway.shutdown(config.drainTimeout());
            stopped.countDown();
        }, "gateway-shutdown"));
        stopped.await();
    }
}
