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
        System.err.println("thinspice controller listening on http://" + config.listen.host + ":" + controller.port()
                + " (platform " + controller.provider().name() + ", store " + config.storeUrl().replaceAll("password=[^;&]*", "password=…") + ")");
        stopped.await();
    }
}
