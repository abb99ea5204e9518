package org.thinspice.testbed;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * What the tiny guest's {@code /tbinput} saw: its {@code TBIN} lines on the serial console, parsed. Start
 * it with {@link QemuSpiceServer.Builder#tbinput()} (or {@code /tbinput &} on the console). Line formats:
 * <pre>
 * TBIN dev event1 name="QEMU Virtio Tablet" abs x=0..32767 y=0..32767   a device was opened
 * TBIN ready                                                          first scan done
 * TBIN key code=30 scan=0x1e down|up|repeat      Linux keycode; scan = PC/AT set-1 make code from
 *                                                  MSC_SCAN, 0xe0NN for E0-prefixed keys (Right Ctrl
 *                                                  0xe01d, Up 0xe048); no scan= when not reported;
 *                                                  PrintScreen gives 0xe037, Pause 0xe045 (atkbd folds them)
 * TBIN btn left|right|middle|side|extra down|up  (other buttons: btn code=N)
 * TBIN wheel v=+1|-1, TBIN wheel h=+1|-1
 * TBIN rel dx=10 dy=-5                           summed per SYN frame
 * TBIN abs x=16384 y=8192 xmin=0 xmax=32767 ymin=0 ymax=32767 sx=512 sy=192 sw=1024 sh=768
 *                                                  sx/sy = raw scaled to the fb size sw x sh, rounded
 * TBIN ev type=N code=N value=N                  anything else (type=17 code=1: Caps Lock LED)
 * </pre>
 * The log starts at the console position when it is created; {@link #skipToNow()} moves that start.
 */
public final class GuestInputLog {
    private static final Pattern TBIN = Pattern.compile("TBIN ");
    private final GuestConsole console;
    private long start;

    public GuestInputLog(GuestConsole console) {
        this.console = console;
        this.start = console.position();
    }

    /** A parsed {@code TBIN} line. */
    public sealed interface Event permits Device, Key, Button, Wheel, Rel, Abs, Other {
    }

    /** {@code TBIN dev}: {@code node} like "event1"; absolute devices carry their X/Y range, else -1. */
    public record Device(String node, String name, int xMin, int xMax, int yMin, int yMax) implements Event {
        public boolean absolute() {
            return xMax >= 0;
        }
    }

    /** {@code TBIN key}: {@code scan} is the set-1 code (0xe0NN when extended) or -1; action down/up/repeat. */
    public record Key(int code, int scan, String action) implements Event {
        public boolean down() {
            return action.equals("down");
        }
    }

    /** {@code TBIN btn}: button name (left, right, middle, side, extra or code=N). */
    public record Button(String button, boolean down) implements Event {
    }

    /** {@code TBIN wheel}: axis "v" or "h", delta ±1 per notch (v=+1 is wheel up). */
    public record Wheel(String axis, int delta) implements Event {
    }

    /** {@code TBIN rel}. */
    public record Rel(int dx, int dy) implements Event {
    }

    /** {@code TBIN abs}: raw values and range, and the position on the sw x sh framebuffer. */
    public record Abs(int x, int y, int xMin, int xMax, int yMin, int yMax, int screenX, int screenY,
            int screenWidth, int screenHeight) implements Event {
    }

    /** Any other TBIN line (ready, ev, gone), kept as text. */
    public record Other(String text) implements Event {
    }

    /** Parses one console line; empty when it holds no {@code TBIN} record. */
    public static Optional<Event> parse(String line) {
        int at = line.indexOf("TBIN ");
        if (at < 0) {
            return Optional.empty();
        }
        String body = line.substring(at + 5).trim();
        String[] w = body.split(" ");
        try {
            Map<String, String> f = LogFields.parse(body);
            return Optional.of(switch (w[0]) {
                case "dev" -> device(body, w[1]);
                case "key" -> new Key(Integer.parseInt(f.get("code")),
                        f.containsKey("scan") ? Integer.parseInt(f.get("scan").substring(2), 16) : -1, w[w.length - 1]);
                case "btn" -> new Button(w[1], w[2].equals("down"));
                case "wheel" -> w[1].startsWith("v=") ? new Wheel("v", Integer.parseInt(f.get("v")))
                        : new Wheel("h", Integer.parseInt(f.get("h")));
                case "rel" -> new Rel(Integer.parseInt(f.get("dx")), Integer.parseInt(f.get("dy")));
                case "abs" -> new Abs(i(f, "x"), i(f, "y"), i(f, "xmin"), i(f, "xmax"), i(f, "ymin"), i(f, "ymax"),
                        i(f, "sx"), i(f, "sy"), i(f, "sw"), i(f, "sh"));
                default -> new Other(body);
            });
        } catch (RuntimeException e) {
            return Optional.of(new Other(body));
        }
    }

    private static int i(Map<String, String> f, String key) {
        return Integer.parseInt(f.get(key));
    }

    private static Device device(String body, String node) {
        Map<String, String> f = LogFields.parse(body);
        String name = f.getOrDefault("name", "");
        if (!f.containsKey("x")) {
            return new Device(node, name, -1, -1, -1, -1);
        }
        String[] x = f.get("x").split("\\.\\.");
        String[] y = f.get("y").split("\\.\\.");
        return new Device(node, name, Integer.parseInt(x[0]), Integer.parseInt(x[1]), Integer.parseInt(y[0]),
                Integer.parseInt(y[1]));
    }

    /** Moves the start of this log to the current end of the console output. */
    public void skipToNow() {
        start = console.position();
    }

    /** All events since the start, in order. */
    public List<Event> events() {
        List<Event> events = new ArrayList<>();
        for (String line : console.linesSince(start)) {
            parse(line).ifPresent(events::add);
        }
        return events;
    }

    /** Waits for the first event since the start of type {@code type} matching {@code match}. */
    public <T extends Event> T await(Class<T> type, Predicate<T> match, Duration timeout)
            throws IOException, TimeoutException {
        long from = start;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            GuestConsole.Line line = console.awaitLine(from, TBIN, Duration.ofNanos(Math.max(left, 0)));
            from = line.end();
            Optional<Event> e = parse(line.text());
            if (e.isPresent() && type.isInstance(e.get()) && match.test(type.cast(e.get()))) {
                return type.cast(e.get());
            }
        }
    }

    /** Waits for the {@code TBIN dev} line of a device whose name contains {@code nameContains}. */
    public Device awaitDevice(String nameContains, Duration timeout) throws IOException, TimeoutException {
        return await(Device.class, d -> d.name().contains(nameContains), timeout);
    }
}
