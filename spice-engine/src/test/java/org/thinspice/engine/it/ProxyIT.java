package org.thinspice.engine.it;

import org.junit.jupiter.api.Test;
import org.thinspice.engine.SpiceConnectOptions;
import org.thinspice.engine.SpiceException;
import org.thinspice.engine.SpiceReason;
import org.thinspice.testbed.QemuSpiceServer;
import org.thinspice.testbed.Squid;

import java.nio.file.Files;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Through Debian's squid as an HTTP CONNECT proxy, one CONNECT per channel: the same exact picture. */
class ProxyIT {
    @Test
    void pixelExactThroughSquid() throws Exception {
        try (QemuSpiceServer qemu = QemuSpiceServer.builder().tinyGuest("bars").vga("qxl").start();
             Squid squid = Squid.start()) {
            qemu.awaitGuestReady(Duration.ofSeconds(90));
            SpiceConnectOptions o = SpiceConnectOptions.builder().host(qemu.host()).port(qemu.port())
                    .proxy("http://" + squid.host() + ":" + squid.port()).build();
            try (EngineProbe probe = EngineProbe.connect(o)) {
                probe.awaitQuiet(Duration.ofMillis(400), Duration.ofSeconds(30));
                EngineProbe.Mismatch m = probe.compareWithScreendump(qemu.qmp(), 20);
                assertEquals(0, m.count(), m.toString());
            }
            // squid logs a tunnel when it closes: main and display each had their own CONNECT.
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            long tunnels = 0;
            while (System.nanoTime() < deadline && tunnels < 2) {
                tunnels = Files.exists(squid.accessLog()) ? Files.readAllLines(squid.accessLog()).stream()
                        .filter(l -> l.contains("CONNECT 127.0.0.1:" + qemu.port())).count() : 0;
                Thread.sleep(100);
            }
            assertTrue(tunnels >= 2, "squid saw " + tunnels + " CONNECT tunnels");
        }
    }

    @Test
    void aProxyThatRefusesIsAClearProxyError() throws Exception {
        try (Squid squid = Squid.start()) {
            // squid refuses CONNECT to a port with nothing behind it (503) or not allowed (403).
            SpiceConnectOptions o = SpiceConnectOptions.builder().host("127.0.0.1").port(1)
                    .proxy("http://" + squid.host() + ":" + squid.port()).build();
            SpiceException e = assertThrows(SpiceException.class, () -> EngineProbe.connect(o).close());
            assertEquals(SpiceReason.PROXY_FAILED, e.reason(), e.getMessage());
        }
    }
}
