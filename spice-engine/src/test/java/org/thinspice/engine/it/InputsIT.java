package org.thinspice.engine.it;

import org.junit.jupiter.api.Test;
import org.thinspice.engine.ChannelType;
import org.thinspice.engine.SpiceConnectOptions;
import org.thinspice.engine.SpiceListener;
import org.thinspice.engine.SpiceSession;
import org.thinspice.engine.channel.MainChannel;
import org.thinspice.engine.inputs.MouseButton;
import org.thinspice.engine.inputs.PcKey;
import org.thinspice.engine.inputs.SpiceInput;
import org.thinspice.engine.inputs.UsText;
import org.thinspice.testbed.GuestInputLog;
import org.thinspice.testbed.GuestInputLog.Abs;
import org.thinspice.testbed.GuestInputLog.Button;
import org.thinspice.testbed.GuestInputLog.Key;
import org.thinspice.testbed.GuestInputLog.Rel;
import org.thinspice.testbed.GuestInputLog.Wheel;
import org.thinspice.testbed.QemuSpiceServer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keyboard and mouse reach the guest as the guest's own input echo ({@code tbinput}, on the serial
 * console) sees them: exact set-1 scancodes, absolute positions within 1 px, summed relative motion,
 * buttons and wheel, key repeat and lock-key sync.
 */
class InputsIT {
    private static final Duration WAIT = Duration.ofSeconds(20);

    /** A session whose inputs channel is open. */
    private static SpiceSession connect(QemuSpiceServer qemu, SpiceListener extra) throws Exception {
        CompletableFuture<Void> inputsOpen = new CompletableFuture<>();
        SpiceListener l = new SpiceListener() {
            @Override
            public void onChannelOpened(ChannelType type, int id) {
                if (type == ChannelType.INPUTS) {
                    inputsOpen.complete(null);
                }
            }

            @Override
            public void onGuestLocks(int locks) {
                extra.onGuestLocks(locks);
            }
        };
        SpiceSession s = SpiceSession.connect(SpiceConnectOptions.builder().host(qemu.host()).port(qemu.port()).build(),
                l).get(30, TimeUnit.SECONDS);
        inputsOpen.get(30, TimeUnit.SECONDS);
        return s;
    }

    /**
     * QEMU's PS/2 controller queues only a few bytes and a guest under TCG drains them slowly, so events
     * are paced like a fast typist (real keyboards and people are slower still).
     */
    private static void humanPause() throws InterruptedException {
        Thread.sleep(40);
    }

    /** The scancode tbinput prints for a key: the make code, 0xe0NN for extended keys. */
    private static int scan(PcKey k) {
        return k.isExtended() ? 0xE000 | (k.code() & 0xFF) : k.code();
    }

    private static List<String> expectedStrokes(String text) {
        List<String> out = new ArrayList<>();
        for (UsText.Stroke s : UsText.strokes(text)) {
            if (s.shift()) {
                out.add(scan(PcKey.SHIFT_LEFT) + " down");
            }
            out.add(scan(s.key()) + " down");
            out.add(scan(s.key()) + " up");
            if (s.shift()) {
                out.add(scan(PcKey.SHIFT_LEFT) + " up");
            }
        }
        return out;
    }

    private static List<String> keysSeen(GuestInputLog log, int count) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<String> seen = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            seen.clear();
            for (GuestInputLog.Event e : log.events()) {
                if (e instanceof Key k) {
                    seen.add(k.scan() + " " + k.action());
                }
            }
            if (seen.size() >= count) {
                break;
            }
            Thread.sleep(50);
        }
        return seen;
    }

    @Test
    void keyboardAndAbsolutePointer() throws Exception {
        try (QemuSpiceServer qemu = QemuSpiceServer.builder().tinyGuest("bars").vga("qxl").inputs().tbinput().start()) {
            GuestInputLog log = new GuestInputLog(qemu.console());
            qemu.awaitGuestReady(Duration.ofSeconds(90));
            log.awaitDevice("Tablet", WAIT);
            AtomicInteger locks = new AtomicInteger(-1);
            try (SpiceSession s = connect(qemu, new SpiceListener() {
                @Override
                public void onGuestLocks(int l) {
                    locks.set(l);
                }
            })) {
                SpiceInput in = s.input();

                // Shifted, unshifted and extended keys: the exact scancode sequence.
                log.skipToNow();
                String text = "Hi, thin-spice! 42";
                for (char c : text.toCharArray()) {
                    in.type(String.valueOf(c));
                    humanPause();
                }
                for (PcKey k : List.of(PcKey.CONTROL_RIGHT, PcKey.ARROW_UP, PcKey.DELETE, PcKey.ALT_RIGHT)) {
                    in.tap(k);
                    humanPause();
                }
                List<String> expected = expectedStrokes(text);
                for (PcKey k : List.of(PcKey.CONTROL_RIGHT, PcKey.ARROW_UP, PcKey.DELETE, PcKey.ALT_RIGHT)) {
                    expected.add(scan(k) + " down");
                    expected.add(scan(k) + " up");
                }
                assertEquals(expected, keysSeen(log, expected.size()));

                // Held key: the engine repeats the make code as spice-gtk does; QEMU's keyboard state folds
                // repeated presses of a key that is already down, so the guest sees one press and one
                // release — never a stuck key or extra characters (its own autorepeat does the rest).
                log.skipToNow();
                for (int i = 0; i < 3; i++) {
                    in.keyDown(PcKey.A);
                    humanPause();
                }
                in.keyUp(PcKey.A);
                assertEquals(List.of("30 down", "30 up"), keysSeen(log, 2));

                // Secure attention.
                log.skipToNow();
                in.ctrlAltDel();
                assertEquals(List.of("29 down", "56 down", scan(PcKey.DELETE) + " down", scan(PcKey.DELETE) + " up",
                        "56 up", "29 up"), keysSeen(log, 6));

                // Lock keys: the guest's LEDs follow, and the server reports them back.
                in.setLocks(4);
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (locks.get() != 4 && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertEquals(4, locks.get(), "guest CAPS LOCK LED after sync");

                // Client mouse mode with the tablet: absolute positions land within 1 px.
                deadline = System.nanoTime() + WAIT.toNanos();
                while (s.mouseMode() != MainChannel.MOUSE_MODE_CLIENT && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertEquals(MainChannel.MOUSE_MODE_CLIENT, s.mouseMode());
                int[][] points = {{512, 384}, {0, 0}, {1023, 767}, {100, 650}};
                for (int[] p : points) {
                    log.skipToNow();
                    in.mousePosition(p[0], p[1], 0);
                    Abs a = log.await(Abs.class, e -> Math.abs(e.screenX() - p[0]) <= 1 && Math.abs(e.screenY() - p[1]) <= 1,
                            WAIT);
                    assertTrue(Math.abs(a.screenX() - p[0]) <= 1 && Math.abs(a.screenY() - p[1]) <= 1, a.toString());
                }
                log.skipToNow();
                in.buttonDown(MouseButton.LEFT);
                in.buttonUp(MouseButton.LEFT);
                in.buttonDown(MouseButton.RIGHT);
                in.buttonUp(MouseButton.RIGHT);
                log.await(Button.class, b -> b.button().equals("left") && b.down(), WAIT);
                log.await(Button.class, b -> b.button().equals("left") && !b.down(), WAIT);
                log.await(Button.class, b -> b.button().equals("right") && !b.down(), WAIT);
                log.skipToNow();
                in.wheel(-1);
                log.await(Wheel.class, w -> w.delta() == 1, WAIT);
                in.wheel(2);
                log.await(Wheel.class, w -> w.delta() == -1, WAIT);
            }
        }
    }

    @Test
    void relativeMotionSumsInServerMouseMode() throws Exception {
        // No tablet and no agent: the server keeps its own (relative) mouse mode, the PS/2 mouse.
        try (QemuSpiceServer qemu = QemuSpiceServer.builder().tinyGuest("bars").vga("qxl").tbinput().start()) {
            GuestInputLog log = new GuestInputLog(qemu.console());
            qemu.awaitGuestReady(Duration.ofSeconds(90));
            log.awaitDevice("PS/2", WAIT);
            try (SpiceSession s = connect(qemu, new SpiceListener() { })) {
                assertEquals(MainChannel.MOUSE_MODE_SERVER, s.mouseMode());
                // The guest's PS/2 driver enables reporting a moment after its device appears; QEMU drops
                // motion until then. Nudge until the first motion arrives, then measure.
                long ready = System.nanoTime() + WAIT.toNanos();
                boolean moving = false;
                while (!moving && System.nanoTime() < ready) {
                    s.input().mouseMotion(1, 0);
                    Thread.sleep(200);
                    moving = log.events().stream().anyMatch(e -> e instanceof Rel);
                }
                assertTrue(moving, "the guest's PS/2 mouse never reported motion");
                Thread.sleep(300);
                log.skipToNow();
                for (int i = 0; i < 12; i++) {
                    s.input().mouseMotion(5, -3);
                    humanPause();
                }
                int dx = 0;
                int dy = 0;
                long deadline = System.nanoTime() + WAIT.toNanos();
                while ((dx != 60 || dy != -36) && System.nanoTime() < deadline) {
                    dx = 0;
                    dy = 0;
                    for (GuestInputLog.Event e : log.events()) {
                        if (e instanceof Rel r) {
                            dx += r.dx();
                            dy += r.dy();
                        }
                    }
                    Thread.sleep(50);
                }
                assertEquals(60, dx, "summed dx");
                assertEquals(-36, dy, "summed dy (screen down is positive in both)");
            }
        }
    }
}
