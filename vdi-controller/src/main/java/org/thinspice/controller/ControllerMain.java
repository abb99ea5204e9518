package org.thinspice.controller;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/** {@code ControllerMain CONFIG.json}: runs the controller until SIGTERM/SIGINT. */
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
