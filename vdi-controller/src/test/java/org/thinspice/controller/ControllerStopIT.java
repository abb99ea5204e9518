package org.thinspice.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code ControllerMain} as packaged, stopped with SIGTERM: readiness turns 503 at once while the controller keeps
 * answering (liveness and the API) for {@code listen.stopAnnounceSeconds}, then the process exits.
 */
class ControllerStopIT {
    @Test
    void sigtermAnnouncesThenStops() throws Exception {
        Path dir = Files.createTempDirectory("ts-stop");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Files.writeString(dir.resolve("controller.json"), "{\"dataDir\":\"data\",\"listen\":{\"host\":\"127.0.0.1\",\"port\":" + port
                + ",\"plainHttp\":true,\"stopAnnounceSeconds\":4},\"auth\":{\"passwordIterations\":10000},"
                + "\"provider\":{\"type\":\"local-qemu\",\"qemuBinary\":\"/bin/true\"}}");
        Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), "org.thinspice.controller.ControllerMain",
                dir.resolve("controller.json").toString())).redirectErrorStream(true)
                .redirectOutput(dir.resolve("controller.log").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (Fixtures.status(port, "/api/v1/health/ready") != 200) {
                assertTrue(System.nanoTime() < deadline && p.isAlive(), "the controller did not become ready: "
                        + Files.readString(dir.resolve("controller.log")));
                Thread.sleep(200);
            }
            long term = System.nanoTime();
            p.destroy(); // SIGTERM
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            while (Fixtures.status(port, "/api/v1/health/ready") != 503) {
                assertTrue(System.nanoTime() < deadline, "readiness did not turn 503 after SIGTERM");
                Thread.sleep(50);
            }
            assertEquals(200, Fixtures.status(port, "/api/v1/health/live"), "still answering while it announces");
            assertEquals(401, Fixtures.status(port, "/api/v1/desktops"), "the API too");
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the controller did not exit");
            long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - term);
            assertTrue(took >= 4_000, "exited " + took + " ms after SIGTERM, before its 4 s announce");
            assertEquals(-1, Fixtures.status(port, "/api/v1/health/live"), "gone");
        } finally {
            p.destroyForcibly();
        }
    }
}
