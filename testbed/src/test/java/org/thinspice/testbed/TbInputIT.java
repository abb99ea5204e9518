package org.thinspice.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.thinspice.testbed.GuestInputLog.Abs;
import org.thinspice.testbed.GuestInputLog.Button;
import org.thinspice.testbed.GuestInputLog.Device;
import org.thinspice.testbed.GuestInputLog.Key;
import org.thinspice.testbed.GuestInputLog.Rel;
import org.thinspice.testbed.GuestInputLog.Wheel;

/** QEMU's own input injection (QMP, independent of SPICE) as the oracle for what /tbinput reports. */
class TbInputIT {
    private static final Duration WAIT = Duration.ofSeconds(15);

    @Test
    void keysButtonsWheelAndPointerArriveAsTbinLines() throws Exception {
        try (QemuSpiceServer qemu = QemuSpiceServer.builder().tinyGuest("none").inputs().tbinput().start()) {
            GuestInputLog log = new GuestInputLog(qemu.console());
            qemu.awaitGuestReady(Duration.ofSeconds(60));
            log.awaitDevice("AT Translated Set 2 keyboard", WAIT);
            Device tablet = log.awaitDevice("Virtio Tablet", WAIT);
            assertEquals(List.of(0, 32767, 0, 32767), List.of(tablet.xMin(), tablet.xMax(), tablet.yMin(), tablet.yMax()));
            assertTablet(qemu.qmp().execute("query-mice"));

            log.skipToNow();
            sendKeys(qemu, "a");
            sendKeys(qemu, "shift", "b");
            sendKeys(qemu, "ctrl_r");
            sendKeys(qemu, "up");
            log.await(Key.class, k -> k.code() == 103 && !k.down(), WAIT);
            assertEquals(List.of(
                    new Key(30, 0x1e, "down"), new Key(30, 0x1e, "up"),
                    new Key(42, 0x2a, "down"), new Key(48, 0x30, "down"), new Key(48, 0x30, "up"), new Key(42, 0x2a, "up"),
                    new Key(97, 0xe01d, "down"), new Key(97, 0xe01d, "up"),
                    new Key(103, 0xe048, "down"), new Key(103, 0xe048, "up")),
                    log.events().stream().filter(e -> e instanceof Key).toList());

            log.skipToNow();
            qemu.qmp().execute("input-send-event", "{\"events\":[{\"type\":\"abs\",\"data\":{\"axis\":\"x\",\"value\":16383}},"
                    + "{\"type\":\"abs\",\"data\":{\"axis\":\"y\",\"value\":8192}}]}");
            Abs abs = log.await(Abs.class, a -> true, WAIT);
            assertEquals(new Abs(16383, 8192, 0, 32767, 0, 32767, 512, 192, 1024, 768), abs);

            button(qemu, "left", true);
            button(qemu, "left", false);
            button(qemu, "right", true);
            button(qemu, "right", false);
            button(qemu, "wheel-up", true);
            button(qemu, "wheel-up", false);
            button(qemu, "wheel-down", true);
            button(qemu, "wheel-down", false);
            log.await(Wheel.class, w -> w.delta() == -1, WAIT);
            assertEquals(List.of(new Button("left", true), new Button("left", false), new Button("right", true),
                    new Button("right", false), new Wheel("v", 1), new Wheel("v", -1)),
                    log.events().stream().filter(e -> e instanceof Button || e instanceof Wheel).toList());

            // Relative motion goes to the PS/2 mouse, whose driver probes a little after boot.
            log.awaitDevice("PS/2", WAIT);
            qemu.qmp().execute("input-send-event", "{\"events\":[{\"type\":\"rel\",\"data\":{\"axis\":\"x\",\"value\":10}},"
                    + "{\"type\":\"rel\",\"data\":{\"axis\":\"y\",\"value\":-5}}]}");
            assertEquals(new Rel(10, -5), log.await(Rel.class, r -> true, WAIT));
        }
    }

    /**
     * SPICE client mouse mode through the tablet: with agent-mouse off, remote-viewer's positions reach
     * the guest as absolute tablet events (not as agent MOUSE_STATE), one X pixel per guest pixel.
     */
    @Test
    void clientMouseModeDrivesTheTabletWhenAgentMouseIsOff() throws Exception {
        try (QemuSpiceServer qemu = QemuSpiceServer.builder().tinyGuest("none").inputs().tbinput().tbagent()
                .agentMouse(false).start()) {
            GuestInputLog log = new GuestInputLog(qemu.console());
            GuestAgentLog agent = new GuestAgentLog(qemu.console());
            qemu.awaitGuestReady(Duration.ofSeconds(60));
            log.awaitDevice("Virtio Tablet", WAIT);
            try (RemoteViewerSession viewer = RemoteViewerSession.start(qemu)) {
                agent.await(e -> !e.sent() && e.name().equals("ANNOUNCE_CAPABILITIES"), Duration.ofSeconds(30));
                assertEquals("client", awaitMouseMode(qemu, "client"));
                Abs first = moveTo(viewer, log, 300, 300);
                Abs second = moveTo(viewer, log, 400, 350);
                assertEquals(100, second.screenX() - first.screenX(), first + " -> " + second);
                assertEquals(50, second.screenY() - first.screenY(), first + " -> " + second);
                log.skipToNow();
                viewer.xdotool("click", "1");
                log.await(Button.class, b -> b.button().equals("left") && !b.down(), WAIT);
                assertTrue(agent.entries().stream().noneMatch(e -> e.name().equals("MOUSE_STATE")), "agent-mouse=off");
            }
        }
    }

    /** Polls query-spice until mouse-mode is {@code wanted} (the client asks for it just after connecting). */
    static String awaitMouseMode(QemuSpiceServer qemu, String wanted) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        String mode = qemu.qmp().querySpice().get("mouse-mode").getAsString();
        while (!mode.equals(wanted) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            mode = qemu.qmp().querySpice().get("mouse-mode").getAsString();
        }
        return mode;
    }

    /** Moves the X pointer to (x, y) until the guest reports it (the viewer needs a moment to map its window). */
    private static Abs moveTo(RemoteViewerSession viewer, GuestInputLog log, int x, int y) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            viewer.xdotool("mousemove", Integer.toString(x - 7), Integer.toString(y - 7));
            log.skipToNow();
            viewer.xdotool("mousemove", Integer.toString(x), Integer.toString(y));
            try {
                log.await(Abs.class, a -> true, Duration.ofSeconds(1));
                Thread.sleep(300);
                List<Abs> seen = log.events().stream().filter(e -> e instanceof Abs).map(e -> (Abs) e).toList();
                return seen.get(seen.size() - 1);
            } catch (TimeoutException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
        }
    }

    private static void assertTablet(JsonElement mice) {
        boolean found = false;
        for (JsonElement m : mice.getAsJsonArray()) {
            var o = m.getAsJsonObject();
            if (o.get("name").getAsString().contains("Virtio Tablet")) {
                found = o.get("absolute").getAsBoolean() && o.get("current").getAsBoolean();
            }
        }
        assertTrue(found, "virtio tablet should be the current absolute mouse: " + mice);
    }

    private static void sendKeys(QemuSpiceServer qemu, String... qcodes) throws Exception {
        StringBuilder keys = new StringBuilder();
        for (String k : qcodes) {
            keys.append(keys.length() == 0 ? "" : ",").append("{\"type\":\"qcode\",\"data\":\"").append(k).append("\"}");
        }
        qemu.qmp().execute("send-key", "{\"keys\":[" + keys + "]}");
    }

    private static void button(QemuSpiceServer qemu, String button, boolean down) throws Exception {
        qemu.qmp().execute("input-send-event", "{\"events\":[{\"type\":\"btn\",\"data\":{\"down\":" + down
                + ",\"button\":\"" + button + "\"}}]}");
    }
}
