package org.thinspice.testbed;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Boots the tiny guest in QEMU with SPICE on 127.0.0.1 for {@code ./thinspice demo}, writes its
 * connection facts to a properties file once the guest is ready, and keeps it running until this
 * process is stopped (QEMU is stopped with it, by pid).
 *
 * <p>Usage: {@code DemoGuest PROPERTIES_FILE [pattern]}
 */
public final class DemoGuest {
    private DemoGuest() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: DemoGuest PROPERTIES_FILE [bars|photo|anim]");
            System.exit(2);
        }
        Path props = Path.of(args[0]);
        String pattern = args.length > 1 ? args[1] : "bars";
        Files.deleteIfExists(props);
        QemuSpiceServer qemu = QemuSpiceServer.builder().tinyGuest(pattern).vga("qxl").vdagent().start();
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            qemu.close();
            stop.countDown();
        }, "demo-guest-stop"));
        try {
            qemu.awaitGuestReady(Duration.ofSeconds(120));
        } catch (IOException | java.util.concurrent.TimeoutException e) {
            System.err.println("the demo guest did not boot: " + e.getMessage() + " (QEMU log: " + qemu.stderrLog() + ")");
            System.exit(1);
        }
        Path tmp = props.resolveSibling(props.getFileName() + ".tmp");
        Files.writeString(tmp, "host=" + qemu.host() + "\nport=" + qemu.port() + "\npid=" + qemu.pid() + "\n",
                StandardCharsets.UTF_8);
        Files.move(tmp, props, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        System.err.println("demo guest ready: spice://" + qemu.host() + ":" + qemu.port());
        while (qemu.isAlive()) {
            Thread.sleep(500);
        }
        stop.await();
    }
}
