package org.thinspice.controller;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ControllerMain CONFIG.json}: runs the controller until SIGTERM/SIGINT; then readiness turns 503, the
 * controller keeps answering for {@code listen.stopAnnounceSeconds}, and stops.
 */
public final class ControllerMain {
    private ControllerMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: ControllerMain CONFIG.json");
            System.exit(2);
        }
        ControllerConfig config = ControllerConfig.load(Path.of(args[0]));
        Controller controller = Controller.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            controller.stopping();
            if (config.listen.stopAnnounceSeconds > 0) {
                try {
                    Thread.sleep(config.listen.stopAnnounceSeconds * 1000L);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            controller.close();
            stopped.countDown();
        }, "controller-stop"));
        String tls = controller.certificate() == null ? "plain HTTP on loopback"
                : "certificate SHA-256 " + controller.certificate().fingerprint();
        System.err.println("thinspice controller listening on " + controller.baseUrl() + " (" + tls + "; platform "
                + controller.provider().name() + ", store " + config.storeUrl().replaceAll("password=[^;&]*", "password=…") + ")");
        stopped.await();
    }
}
