package org.thinspice.engine.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.thinspice.engine.ChannelType;
import org.thinspice.engine.SpiceConnectOptions;
import org.thinspice.engine.SpiceListener;
import org.thinspice.engine.SpiceSession;
import org.thinspice.engine.agent.ClipboardBridge;
import org.thinspice.engine.agent.ClipboardPolicy;
import org.thinspice.engine.agent.ClipboardType;
import org.thinspice.engine.agent.MonitorConfig;
import org.thinspice.engine.cli.PngWriter;
import org.thinspice.engine.display.Surface;
import org.thinspice.engine.inputs.InputsChannel;
import org.thinspice.engine.inputs.PcKey;
import org.thinspice.engine.inputs.SpiceInput;
import org.thinspice.engine.inputs.UsText;
import org.thinspice.testbed.DesktopHelper;
import org.thinspice.testbed.QemuSpiceServer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine against Red Hat's spice-vdagent and Xorg in the real desktop guest ({@code DesktopGuest}), one boot:
 * the session view resized changes the X screen and the picture follows; clipboard text and PNG both ways under
 * every clipboard policy, the forbidden direction silent on both sides; typing into mousepad saves exactly the
 * typed text (US layout, shifted and extended keys).
 */
@Tag("desktop")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DesktopAgentIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration SILENCE = Duration.ofSeconds(3);
    private final long classStart = System.nanoTime();
    private QemuSpiceServer qemu;
    private DesktopHelper guest;

    @BeforeAll
    void boot() throws Exception {
        long t0 = System.nanoTime();
        qemu = QemuSpiceServer.builder().desktopGuest().start();
        guest = qemu.helper();
        int[] size = guest.awaitDesktop(Duration.ofMinutes(4));
        System.out.printf("[desktop] agent: QEMU exec to desktop up %.1f s, X screen %dx%d%n",
                (System.nanoTime() - t0) / 1e9, size[0], size[1]);
    }

    @AfterAll
    void stop() {
        if (qemu != null) {
            qemu.close();
        }
        System.out.printf("[desktop] agent: class run time %.1f s%n", (System.nanoTime() - classStart) / 1e9);
    }

    /** Records what the engine hands the application and serves a settable local clipboard. */
    static final class Bridge implements ClipboardBridge {
        final List<String> events = new CopyOnWriteArrayList<>();
        volatile CompletableFuture<Set<ClipboardType>> grabbed = new CompletableFuture<>();
        volatile CompletableFuture<byte[]> data = new CompletableFuture<>();
        volatile byte[] local;

        @Override
        public void guestGrabbed(int selection, Set<ClipboardType> types) {
            if (selection == 0) {
                events.add("grab " + types);
                grabbed.complete(types);
            }
        }

        @Override
        public void guestData(int selection, ClipboardType type, byte[] bytes) {
            events.add("data " + type);
            data.complete(bytes);
        }

        @Override
        public CompletableFuture<byte[]> localData(int selection, ClipboardType type) {
            events.add("local " + type);
            return CompletableFuture.completedFuture(local);
        }
    }

    private SpiceSession connect(ClipboardPolicy policy, Bridge bridge) throws Exception {
        CompletableFuture<Void> inputs = new CompletableFuture<>();
        SpiceSession s = SpiceSession.connect(SpiceConnectOptions.builder().host(qemu.host()).port(qemu.port())
                .clipboardPolicy(policy).build(), new SpiceListener() {
                    @Override
                    public void onChannelOpened(ChannelType type, int id) {
                        if (type == ChannelType.INPUTS) {
                            inputs.complete(null);
                        }
                    }
                }).get(30, TimeUnit.SECONDS);
        if (bridge != null) {
            s.agent().setClipboardBridge(bridge);
        }
        inputs.get(30, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!s.agent().isReady() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(s.agent().isReady(), "spice-vdagent announced its capabilities");
        return s;
    }

    /** A 64x48 PNG; different {@code seed}s give different pictures. */
    private static byte[] png(int seed) throws Exception {
        int[] px = new int[64 * 48];
        for (int i = 0; i < px.length; i++) {
            px[i] = 0xFF000000 | i * 7919 + seed * 0x10203;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PngWriter.write(64, 48, px, out);
        return out.toByteArray();
    }

    /** What the X session's resize watcher (xinitrc) did so far. */
    private String resizeLog() throws Exception {
        return guest.run("grep tbdesk-resize /tmp/xsession.log || echo '(nothing)'").text();
    }

    @Test
    void sessionViewResizedChangesTheXScreen() throws Exception {
        try (SpiceSession s = connect(ClipboardPolicy.BOTH, null)) {
            for (int[] want : new int[][] {{1280, 800}, {1024, 768}}) {
                long t0 = System.nanoTime();
                s.agent().setMonitors(List.of(new MonitorConfig(want[0], want[1], 0, 0)));
                long deadline = System.nanoTime() + WAIT.toNanos();
                int[] x = guest.screenSize();
                while ((x[0] != want[0] || x[1] != want[1]) && System.nanoTime() < deadline) {
                    Thread.sleep(300);
                    x = guest.screenSize();
                }
                assertArrayEquals(want, x, "X screen after the view asked for " + want[0] + "x" + want[1]
                        + " (qxl takes the layout and the X session's drm-event watcher applies the connector's"
                        + " preferred mode; docs/testing.md); watcher log: " + resizeLog());
                Surface p = null;
                while (System.nanoTime() < deadline) {
                    p = s.primarySurface();
                    if (p != null && p.width() == want[0] && p.height() == want[1]) {
                        break;
                    }
                    Thread.sleep(50);
                }
                assertTrue(p != null && p.width() == want[0] && p.height() == want[1],
                        "engine's primary surface follows: " + (p == null ? "none" : p.width() + "x" + p.height()));
                System.out.printf("[desktop] resize to %dx%d: X screen and engine surface in %.1f s%n",
                        want[0], want[1], (System.nanoTime() - t0) / 1e9);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ClipboardPolicy.class)
    void clipboardTextAndPngUnderEachPolicy(ClipboardPolicy policy) throws Exception {
        Bridge bridge = new Bridge();
        try (SpiceSession s = connect(policy, bridge)) {
            // desktop → terminal, text
            String text = "desktop text under " + policy.key() + " 中文 ✓";
            guest.setClipboardText(text);
            if (policy.allowsToClient()) {
                assertTrue(bridge.grabbed.get(30, TimeUnit.SECONDS).contains(ClipboardType.UTF8_TEXT));
                s.agent().requestFromGuest(0, ClipboardType.UTF8_TEXT);
                assertEquals(text, new String(bridge.data.get(30, TimeUnit.SECONDS), StandardCharsets.UTF_8));
            } else {
                assertThrows(TimeoutException.class, () -> bridge.grabbed.get(SILENCE.toMillis(), TimeUnit.MILLISECONDS),
                        "no guest grab may reach the terminal");
                s.agent().requestFromGuest(0, ClipboardType.UTF8_TEXT);
                assertThrows(TimeoutException.class, () -> bridge.data.get(SILENCE.toMillis(), TimeUnit.MILLISECONDS),
                        "no guest data may reach the terminal");
            }

            // desktop → terminal, PNG
            bridge.grabbed = new CompletableFuture<>();
            bridge.data = new CompletableFuture<>();
            byte[] guestPng = png(1);
            guest.setClipboardPng(guestPng);
            if (policy.allowsToClient()) {
                assertTrue(bridge.grabbed.get(30, TimeUnit.SECONDS).contains(ClipboardType.IMAGE_PNG),
                        bridge.events.toString());
                s.agent().requestFromGuest(0, ClipboardType.IMAGE_PNG);
                byte[] got = bridge.data.get(30, TimeUnit.SECONDS);
                assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, java.util.Arrays.copyOf(got, 4));
                assertPngPixels(guestPng, got);
            } else {
                assertThrows(TimeoutException.class, () -> bridge.grabbed.get(SILENCE.toMillis(), TimeUnit.MILLISECONDS));
            }

            // terminal → desktop, text
            bridge.local = ("terminal text under " + policy.key() + " é€").getBytes(StandardCharsets.UTF_8);
            s.agent().grabFromLocal(0, EnumSet.of(ClipboardType.UTF8_TEXT));
            if (policy.allowsToGuest()) {
                byte[] got = awaitGuestClipboard("UTF8_STRING", bridge.local);
                assertArrayEquals(bridge.local, got);
            } else {
                Thread.sleep(SILENCE.toMillis());
                byte[] got = guest.clipboard("UTF8_STRING");
                assertFalse(got != null && java.util.Arrays.equals(got, bridge.local), "terminal text reached the guest");
                assertFalse(bridge.events.stream().anyMatch(e -> e.startsWith("local")),
                        "the terminal's clipboard was read: " + bridge.events);
            }

            // terminal → desktop, PNG
            byte[] localPng = png(2);
            bridge.local = localPng;
            s.agent().grabFromLocal(0, EnumSet.of(ClipboardType.IMAGE_PNG));
            if (policy.allowsToGuest()) {
                byte[] got = awaitGuestClipboard("image/png", localPng);
                assertPngPixels(localPng, got);
            } else {
                Thread.sleep(SILENCE.toMillis());
                byte[] got = guest.clipboard("image/png");
                // The guest's clipboard still holds its own PNG (png(1)) from above; the terminal's must not arrive.
                assertFalse(got != null && samePixels(localPng, got), "the terminal's PNG reached the guest");
                assertFalse(bridge.events.stream().anyMatch(e -> e.startsWith("local")), bridge.events.toString());
            }
        }
    }

    /** Reads the guest's clipboard as {@code target} until it is {@code expected} (or a PNG, for images). */
    private byte[] awaitGuestClipboard(String target, byte[] expected) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        byte[] got = null;
        while (System.nanoTime() < deadline) {
            got = guest.clipboard(target);
            if (got != null && (java.util.Arrays.equals(got, expected)
                    || target.startsWith("image/") && got.length > 8 && got[1] == 'P')) {
                return got;
            }
            Thread.sleep(300);
        }
        throw new AssertionError("guest clipboard " + target + " never got the terminal's data; last: "
                + (got == null ? "none" : got.length + " bytes"));
    }

    private static boolean samePixels(byte[] a, byte[] b) {
        try {
            assertPngPixels(a, b);
            return true;
        } catch (Exception | AssertionError e) {
            return false;
        }
    }

    /** Two PNGs show the same pixels (spice-vdagent may re-encode through gdk-pixbuf). */
    private static void assertPngPixels(byte[] expected, byte[] actual) throws Exception {
        java.awt.image.BufferedImage a = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(expected));
        java.awt.image.BufferedImage b = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(actual));
        assertEquals(a.getWidth(), b.getWidth());
        assertEquals(a.getHeight(), b.getHeight());
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                assertEquals(a.getRGB(x, y) & 0xFFFFFF, b.getRGB(x, y) & 0xFFFFFF, "pixel " + x + "," + y);
            }
        }
    }

    /** Key messages typed for extended keys: each puts one 0xE0 prefix byte more on the guest's PS/2 port. */
    private int extendedKeyMessages;

    /** Like a quick typist: QEMU's PS/2 queue is short and the guest runs under TCG. */
    private void stroke(SpiceInput in, PcKey key, boolean shift) throws InterruptedException {
        if (key.isExtended()) {
            extendedKeyMessages += 2;
        }
        if (shift) {
            in.keyDown(PcKey.SHIFT_LEFT);
            Thread.sleep(60);
        }
        in.keyDown(key);
        Thread.sleep(60);
        in.keyUp(key);
        Thread.sleep(60);
        if (shift) {
            in.keyUp(PcKey.SHIFT_LEFT);
            Thread.sleep(60);
        }
    }

    private void withCtrl(SpiceInput in, PcKey key) throws InterruptedException {
        in.keyDown(PcKey.CONTROL_LEFT);
        Thread.sleep(60);
        stroke(in, key, false);
        in.keyUp(PcKey.CONTROL_LEFT);
        Thread.sleep(60);
    }

    private void type(SpiceInput in, String text) throws InterruptedException {
        for (UsText.Stroke s : UsText.strokes(text)) {
            stroke(in, s.key(), s.shift());
        }
    }

    /** Interrupts of the guest's PS/2 controller (i8042, IRQ 1): one per scancode byte the guest kernel read. */
    private long i8042Interrupts() throws Exception {
        String line = guest.check("awk '$1==\"1:\"' /proc/interrupts");
        return Long.parseLong(line.trim().split("\\s+")[1]);
    }

    /** The name of the window holding the X input focus (xdotool prints an error for PointerRoot/None). */
    private String focusedWindow() throws Exception {
        return guest.run("xdotool getwindowfocus getwindowname 2>&1 | tail -n 1").text().trim();
    }

    @Test
    void typedTextIsSavedExactly() throws Exception {
        guest.check("rm -f /tmp/typed.txt; : > /tmp/typed.txt");
        guest.spawn("mousepad /tmp/typed.txt");
        // xdotool search fails now and then when a window it walks goes away meanwhile (xclip's, say): retry.
        guest.check("for i in $(seq 120); do xdotool search --onlyvisible --class Mousepad 2>/dev/null && exit 0;"
                + " sleep 0.5; done; exit 1");
        try (SpiceSession s = connect(ClipboardPolicy.BOTH, null)) {
            SpiceInput in = s.input();
            // windowactivate --sync waits for openbox's _NET_ACTIVE_WINDOW only; the X input focus itself was seen
            // still PointerRoot then (right after boot), and the keys typed went to the window under the pointer
            // until openbox focused mousepad: the first 35-55 characters were lost although the guest kernel read
            // every scancode (issue 20, docs/testing.md). Wait for the X input focus itself.
            long f0 = System.nanoTime();
            String focus = focusedWindow();
            String firstFocus = focus;
            int nudges = 0;
            while (!focus.endsWith("Mousepad")) {
                assertTrue(System.nanoTime() - f0 < WAIT.toNanos(), "X input focus on mousepad within " + WAIT
                        + "; it is on: " + focus);
                // --onlyvisible: mousepad also has an unmapped window of class Mousepad, which cannot take focus.
                guest.run("xdotool search --onlyvisible --class Mousepad windowactivate --sync windowfocus --sync");
                nudges++;
                Thread.sleep(300);
                focus = focusedWindow();
            }
            System.out.printf("[desktop] typing: X input focus on mousepad %.1f s after the session opened"
                    + " (%d windowfocus; first seen on: %s)%n", (System.nanoTime() - f0) / 1e9, nudges, firstFocus);
            InputsChannel channel = (InputsChannel) in;
            long sent0 = channel.keyMessagesSent();
            long irq0 = i8042Interrupts();
            String first = "The quick brown fox: {jumps} over \"13\" lazy dogs? ~!@#$%^&*()_+|<>";
            type(in, first);
            // Extended keys (0xE0 prefix): Home, End, arrows, Delete, keypad Enter.
            stroke(in, PcKey.HOME, false);
            type(in, "> ");
            stroke(in, PcKey.END, false);
            type(in, " <x");
            stroke(in, PcKey.ARROW_LEFT, false);
            stroke(in, PcKey.DELETE, false);
            stroke(in, PcKey.ARROW_RIGHT, false);
            stroke(in, PcKey.NUMPAD_ENTER, false);
            type(in, "line 2: `a-b=c` [d\\e] 'f;g', h.i/j");
            stroke(in, PcKey.ENTER, false);
            // Ctrl+S saves.
            in.keyDown(PcKey.CONTROL_LEFT);
            Thread.sleep(60);
            stroke(in, PcKey.S, false);
            in.keyUp(PcKey.CONTROL_LEFT);
            String expected = "> " + first + " <\nline 2: `a-b=c` [d\\e] 'f;g', h.i/j\n";
            long deadline = System.nanoTime() + WAIT.toNanos();
            String saved = "";
            while (System.nanoTime() < deadline) {
                saved = guest.check("cat /tmp/typed.txt; echo '|end'");
                if (saved.contains("line 2")) {
                    break;
                }
                Thread.sleep(500);
            }
            long sent = channel.keyMessagesSent() - sent0;
            long bytes = i8042Interrupts() - irq0;
            System.out.printf("[desktop] typing: %d key messages sent (%d with an 0xE0 prefix), guest i8042 read %d"
                    + " scancode bytes%n", sent, extendedKeyMessages, bytes);
            assertEquals(0, channel.keyMessagesDropped(), "key messages dropped before the inputs channel linked");
            assertEquals(sent + extendedKeyMessages, bytes, "scancode bytes the guest kernel read (i8042 interrupts)"
                    + " for the key messages the engine sent");
            assertEquals(expected + "|end", saved, "the file mousepad saved; X input focus: "
                    + focusedWindow() + "; resize watcher log: " + resizeLog());
        }
    }
}
