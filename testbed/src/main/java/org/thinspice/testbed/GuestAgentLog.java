package org.thinspice.testbed;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tiny guest's {@code /tbagent} (a minimal vdagent on {@code com.redhat.spice.0}): its {@code TBAG}
 * console lines, parsed, and its control commands. Start it with {@link QemuSpiceServer.Builder#tbagent()}.
 * Received messages are logged as {@code TBAG <TYPE> fields}, sent ones as {@code TBAG sent <TYPE> fields}:
 * <pre>
 * TBAG ready caps=0x11566
 * TBAG ANNOUNCE_CAPABILITIES request=1 caps=0x35077 words=1      (a request=1 is answered)
 * TBAG MONITORS_CONFIG n=2 flags=0x1 0:1024x768+0+0d32 1:800x600+1024+0d32   (+ mmWxH with PHYSICAL_SIZE)
 * TBAG CLIPBOARD_GRAB sel=0 types=1,2 [serial=N]                  (answered by a request when auto-request)
 * TBAG CLIPBOARD_REQUEST sel=0 type=1                             (answered with the owned data or type 0)
 * TBAG CLIPBOARD sel=0 type=1 len=18 sha256=HEX text="escaped"    (text= only for type 1, first 160 bytes)
 * TBAG CLIPBOARD_RELEASE sel=0
 * TBAG MOUSE_STATE x= y= buttons=0x1 display=0 | MAX_CLIPBOARD max=N | DISPLAY_CONFIG flags= depth=
 * TBAG CLIENT_DISCONNECTED | TBAG REPLY size=8 port=1 (and other known types: size, port)
 * TBAG drop reason=unknown-type|short|protocol|too-big|chunk|selection ...     (malformed input)
 * TBAG sent CLIPBOARD_GRAB sel=0 types=1 len=N sha256=HEX | sent CLIPBOARD sel= type= len= | sent raw len=N
 * TBAG ctl CMD ok | TBAG ctl CMD err reason=...
 * </pre>
 * Selections carry a header only when both sides announced CLIPBOARD_SELECTION; the agent announces
 * MONITORS_CONFIG, REPLY, CLIPBOARD_BY_DEMAND, CLIPBOARD_SELECTION, GUEST_LINEEND_LF, MAX_CLIPBOARD,
 * MONITORS_CONFIG_POSITION and CLIPBOARD_NO_RELEASE_ON_REGRAB ({@link #DEFAULT_CAPS}).
 * {@link #await} searches from this log's start (see {@link #skipToNow()}), it does not consume lines.
 */
public final class GuestAgentLog {
    /** Capability word 0 that tbagent announces unless changed with {@link #setCaps}. */
    public static final int DEFAULT_CAPS = 0x11566;
    private static final Pattern TBAG = Pattern.compile("TBAG ");
    private static final Pattern MONITOR = Pattern.compile("(\\d+):(\\d+)x(\\d+)([+-]\\d+)([+-]\\d+)d(\\d+)");
    private static final Duration CTL_TIMEOUT = Duration.ofSeconds(10);

    private final GuestConsole console;
    private long start;

    public GuestAgentLog(GuestConsole console) {
        this.console = console;
        this.start = console.position();
    }

    /**
     * One TBAG line: {@code sent} for messages tbagent sent, {@code name} the message type name (or
     * "ready", "drop", "ctl", "raw", ...), {@code fields} its key=value fields (quotes removed).
     */
    public record Entry(boolean sent, String name, Map<String, String> fields, String text) {
        public int intField(String key) {
            return (int) (long) Long.decode(fields.get(key));
        }

        /** The clipboard text of a type-1 CLIPBOARD line (as far as it was logged: first 160 bytes). */
        public String clipboardText() {
            return new String(LogFields.unescape(fields.getOrDefault("text", "")), StandardCharsets.UTF_8);
        }

        /** The monitors of a MONITORS_CONFIG line. */
        public List<Monitor> monitors() {
            List<Monitor> list = new ArrayList<>();
            Matcher m = MONITOR.matcher(text);
            while (m.find()) {
                list.add(new Monitor(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                        Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)),
                        Integer.parseInt(m.group(6))));
            }
            return list;
        }
    }

    /** One VDAgentMonConfig as logged (index in the message, size, position, depth). */
    public record Monitor(int index, int width, int height, int x, int y, int depth) {
    }

    /** Parses one console line; empty when it holds no {@code TBAG} record. */
    public static Optional<Entry> parse(String line) {
        int at = line.indexOf("TBAG ");
        if (at < 0) {
            return Optional.empty();
        }
        String body = line.substring(at + 5).trim();
        boolean sent = body.startsWith("sent ");
        if (sent) {
            body = body.substring(5);
        }
        int sp = body.indexOf(' ');
        String name = sp < 0 ? body : body.substring(0, sp);
        return Optional.of(new Entry(sent, name, LogFields.parse(body), body));
    }

    /** Moves the start of this log to the current end of the console output. */
    public void skipToNow() {
        start = console.position();
    }

    /** All entries since the start, in order. */
    public List<Entry> entries() {
        List<Entry> entries = new ArrayList<>();
        for (String line : console.linesSince(start)) {
            parse(line).ifPresent(entries::add);
        }
        return entries;
    }

    /** Waits for the first entry since the start that matches. */
    public Entry await(Predicate<Entry> match, Duration timeout) throws IOException, TimeoutException {
        return awaitFrom(start, match, timeout);
    }

    /** Waits for a received message of type {@code name} (e.g. "CLIPBOARD", "ANNOUNCE_CAPABILITIES"). */
    public Entry awaitReceived(String name, Duration timeout) throws IOException, TimeoutException {
        return await(e -> !e.sent() && e.name().equals(name), timeout);
    }

    private Entry awaitFrom(long from, Predicate<Entry> match, Duration timeout) throws IOException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = Math.max(0, deadline - System.nanoTime());
            GuestConsole.Line line = console.awaitLine(from, TBAG, Duration.ofNanos(left));
            from = line.end();
            Optional<Entry> e = parse(line.text());
            if (e.isPresent() && match.test(e.get())) {
                return e.get();
            }
        }
    }

    /** Waits until tbagent has opened its port and control FIFO ({@code TBAG ready}). */
    public Entry awaitReady(Duration timeout) throws IOException, TimeoutException {
        return await(e -> e.name().equals("ready"), timeout);
    }

    /**
     * Runs {@code /tbagent ctl [-s sel] command args...} on the console and waits for its
     * {@code TBAG ctl <command> ok} line. Arguments are single-quoted for the shell; keep them ASCII.
     *
     * @throws IOException when the ctl client fails (no daemon) or the daemon answers {@code err}
     */
    public Entry ctl(int selection, String command, String... args) throws IOException, TimeoutException {
        StringBuilder cmd = new StringBuilder("/tbagent ctl -s ").append(selection).append(' ').append(command);
        for (String a : args) {
            cmd.append(" '").append(a.replace("'", "'\\''")).append('\'');
        }
        long from = console.position();
        GuestConsole.CommandResult r = console.runForResult(cmd.toString(), CTL_TIMEOUT);
        if (r.exitStatus() != 0) {
            throw new IOException("`" + cmd + "` failed (" + r.exitStatus() + "): " + r.output());
        }
        Entry answer = awaitFrom(from, e -> e.name().equals("ctl") && e.text().startsWith("ctl " + command + " "),
                CTL_TIMEOUT);
        if (!answer.text().endsWith(" ok")) {
            throw new IOException("tbagent: " + answer.text());
        }
        return answer;
    }

    /** Owns the clipboard selection with UTF-8 text (any characters, up to ~990 bytes) and grabs it. */
    public void grabText(int selection, String text) throws IOException, TimeoutException {
        ctl(selection, "grab-hex", "1 " + HexFormat.of().formatHex(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Owns the clipboard with the guest file {@code path} as image/png (e.g. "/pat.png") and grabs it. */
    public void grabPng(int selection, String path) throws IOException, TimeoutException {
        ctl(selection, "grab-png", path);
    }

    /** Asks the client for its clipboard data of {@code type} (1 text, 2 png); the answer is a CLIPBOARD entry. */
    public void request(int selection, int type) throws IOException, TimeoutException {
        ctl(selection, "request", Integer.toString(type));
    }

    /** Sends CLIPBOARD_RELEASE for the selection. */
    public void release(int selection) throws IOException, TimeoutException {
        ctl(selection, "release");
    }

    /** Sets tbagent's capability word 0 and re-announces it (request=0). */
    public void setCaps(int caps) throws IOException, TimeoutException {
        ctl(0, "caps", Integer.toHexString(caps));
    }

    /** Sends {@code message} (a VDAgentMessage, well-formed or not, up to ~990 bytes) as one client-port chunk. */
    public void sendRaw(byte[] message) throws IOException, TimeoutException {
        ctl(0, "raw", HexFormat.of().formatHex(message));
    }

    /**
     * {@code on}: tbagent grabs again every selection it owns when a new client announces itself, as an
     * agent must for text copied while no client was connected (spice-server drops agent data then).
     */
    public void regrabOnConnect(boolean on) throws IOException, TimeoutException {
        ctl(0, "regrab", on ? "on" : "off");
    }

    /** Whether tbagent requests the client's data right after each client grab (default on). */
    public void autoRequest(boolean on) throws IOException, TimeoutException {
        ctl(0, "auto-request", on ? "on" : "off");
    }

    /** Stops the tbagent daemon (the agent leaves: spice-server tells the client AGENT_DISCONNECTED). */
    public void stopDaemon(Duration timeout) throws IOException, TimeoutException {
        console.run("kill $(pidof tbagent) 2>/dev/null; while pidof tbagent >/dev/null; do usleep 50000; done",
                timeout);
    }

    /** Starts a tbagent daemon (as a desktop's agent starting late) and waits for its {@code TBAG ready}. */
    public Entry startDaemon(Duration timeout) throws IOException, TimeoutException {
        long from = console.position();
        console.run("/tbagent > /dev/ttyS0 2>&1 &", timeout);
        return awaitFrom(from, e -> e.name().equals("ready"), timeout);
    }
}
