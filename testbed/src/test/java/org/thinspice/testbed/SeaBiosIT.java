package org.thinspice.testbed;

import org.thinspice.qmp.QmpException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SeaBiosIT {

    @Test
    void seaBiosTextScreenIsVisibleAndServerIsOpen() throws Exception {
        QemuSpiceServer qemu = QemuSpiceServer.builder().noGuest().start();
        long pid;
        try (qemu) {
            pid = qemu.pid();
            assertTrue(ProcessHandle.of(pid).isPresent());
            Picture p = Screens.await(qemu.qmp(), pic -> pic.width() == 720 && pic.countNonBlack() > 500, Duration.ofSeconds(20));
            assertEquals(720, p.width());
            assertEquals(400, p.height());
            assertTrue(p.countNonBlack() > 500, "text pixels: " + p.countNonBlack());

            JsonObject spice = qemu.qmp().querySpice();
            assertEquals("none", spice.get("auth").getAsString());
            assertEquals(qemu.port(), spice.get("port").getAsInt());
            assertFalse(spice.has("tls-port"));
            assertEquals("127.0.0.1", qemu.host());
            assertTrue(qemu.qmp().hmp("info chardev").contains("serial0"));
        }
        // close() stopped QEMU by pid and the port is gone
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", qemu.port()), 500);
            throw new AssertionError("SPICE port still open after close");
        } catch (java.io.IOException expected) {
            // connection refused is the point
        }
    }

    @Test
    void qmpErrorsBecomeExceptions() throws Exception {
        try (QemuSpiceServer qemu = QemuSpiceServer.builder().start()) {
            QmpException e = org.junit.jupiter.api.Assertions.assertThrows(QmpException.class,
                    () -> qemu.qmp().execute("no-such-command"));
            assertEquals("CommandNotFound", e.errorClass());
        }
    }

    @Test
    void badOptionFailsFastWithStderr() {
        java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                () -> QemuSpiceServer.builder().extraArgs("-device", "no-such-device").start());
        assertTrue(e.getMessage().contains("no-such-device"), e.getMessage());
    }
}
