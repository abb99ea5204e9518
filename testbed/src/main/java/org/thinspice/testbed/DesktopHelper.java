package org.thinspice.testbed;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * The desktop guest's helper ({@code tbdesk-helper}, user {@code tb}, {@code DISPLAY=:0}) on ttyS1 over QEMU's
 * unix-socket chardev. A request is one line {@code TBD <id> <base64 command>}; the reply is
 * {@code TBD-BEGIN <id>}, the output in base64 lines and {@code TBD-END <id> <status>}. Commands run with
 * {@code bash -c} in the user's home and wait for the command's output to close: start a program that keeps
 * running with {@link #spawn}.
 */
public final class DesktopHelper implements AutoCloseable {
    private final GuestConsole line;
    private int ids;
    /** Request ids start with this, so replies to an earlier connection's requests are never taken for ours. */
    private final String tag = Integer.toString(java.util.concurrent.ThreadLocalRandom.current().nextInt(1 << 30), 36);
    /** Once the helper answered, requests are no longer lost and are never sent twice. */
    private boolean answered;

    private DesktopHelper(GuestConsole line) {
        this.line = line;
    }

    static DesktopHelper connect(Path socket, Duration timeout) throws IOException {
        return new DesktopHelper(GuestConsole.connect(socket, timeout));
    }

    /** Output (stdout and stderr) and exit status of one command. */
    public record Result(byte[] output, int status) {
        public String text() {
            return new String(output, StandardCharsets.UTF_8);
        }
    }

    /**
     * Runs {@code command} and waits for its reply. The bytes sent before the helper opened ttyS1 are lost, so
     * until the helper first answered, a cheap ping is sent every 3 s; a command itself is sent once only (a slow
     * guest answers in order, and resending would pile up work ahead of the reply).
     */
    public synchronized Result run(String command, Duration timeout) throws IOException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        if (!answered) {
            long from = line.position();
            StringBuilder idsSent = new StringBuilder();
            while (!answered) {
                String id = tag + "x" + ++ids;
                idsSent.append(idsSent.length() == 0 ? "" : "|").append(id);
                line.send("TBD " + id + " " + Base64.getEncoder().encodeToString("true".getBytes(StandardCharsets.UTF_8))
                        + "\n");
                long left = Math.min(3000, (deadline - System.nanoTime()) / 1_000_000);
                try {
                    line.awaitLine(from, Pattern.compile("^TBD-END (" + idsSent + ") \\d+$"),
                            Duration.ofMillis(Math.max(1, left)));
                    answered = true;
                } catch (TimeoutException e) {
                    if (System.nanoTime() >= deadline) {
                        throw new TimeoutException("the desktop helper never answered within " + timeout);
                    }
                }
            }
        }
        String id = tag + "x" + ++ids;
        long from = line.position();
        line.send("TBD " + id + " " + Base64.getEncoder().encodeToString(command.getBytes(StandardCharsets.UTF_8))
                + "\n");
        long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
        GuestConsole.Line end;
        try {
            end = line.awaitLine(from, Pattern.compile("^TBD-END " + id + " (\\d+)$"), Duration.ofMillis(left));
        } catch (TimeoutException e) {
            throw new TimeoutException("desktop helper gave no answer to `" + command + "` within " + timeout);
        }
        StringBuilder data = new StringBuilder();
        boolean in = false;
        for (String l : line.linesSince(from)) {
            if (l.equals("TBD-BEGIN " + id)) {
                in = true;
            } else if (l.startsWith("TBD-END " + id + " ")) {
                break;
            } else if (in) {
                data.append(l.trim());
            }
        }
        int status = Integer.parseInt(end.text().substring(("TBD-END " + id + " ").length()));
        return new Result(Base64.getMimeDecoder().decode(data.toString()), status);
    }

    /** Runs {@code command} with a short reply wait, resending while the helper is not up yet. */
    public Result run(String command) throws IOException, TimeoutException {
        return run(command, Duration.ofSeconds(60));
    }

    /** As {@link #run(String)} but fails unless the status is 0; returns the output as text. */
    public String check(String command) throws IOException, TimeoutException {
        Result r = run(command);
        if (r.status() != 0) {
            throw new IOException("guest command failed (status " + r.status() + "): " + command + "\n" + r.text());
        }
        return r.text();
    }

    /** Starts {@code command} in the background (its own session, output to /tmp/tbd-bg.log). */
    public void spawn(String command) throws IOException, TimeoutException {
        check("setsid sh -c " + quote(command) + " >>/tmp/tbd-bg.log 2>&1 </dev/null &");
    }

    /**
     * Waits until X answers and openbox and the session's spice-vdagent run; returns the X screen size.
     * Requests sent before systemd started the helper are lost: see {@link #run(String, Duration)}.
     */
    public int[] awaitDesktop(Duration timeout) throws IOException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String probe = "xrandr --current >/dev/null 2>&1 && pgrep -u tb -x openbox >/dev/null && pgrep -u tb -x tint2 >/dev/null"
                + " && pgrep -u tb -f 'spice-vdagent -x' >/dev/null && echo up";
        while (true) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            Result r = run(probe, Duration.ofMillis(Math.max(1000, left)));
            if (r != null && r.text().contains("up")) {
                return screenSize();
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("desktop not up within " + timeout
                        + "; last probe: " + r.text());
            }
            UnixLines.sleep(500);
        }
    }

    /** The X screen size from {@code xrandr --current}: {width, height}. */
    public int[] screenSize() throws IOException, TimeoutException {
        String out = check("xrandr --current | head -n 1");
        java.util.regex.Matcher m = Pattern.compile("current (\\d+) x (\\d+)").matcher(out);
        if (!m.find()) {
            throw new IOException("no screen size in xrandr output: " + out);
        }
        return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
    }

    /** Puts {@code text} on the guest's CLIPBOARD (xclip keeps serving it). */
    public void setClipboardText(String text) throws IOException, TimeoutException {
        String b64 = Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
        check("printf %s " + b64 + " | base64 -d > /tmp/tbd-clip.txt");
        spawn("xclip -selection clipboard -i /tmp/tbd-clip.txt");
    }

    /** Puts a PNG on the guest's CLIPBOARD as image/png. */
    public void setClipboardPng(byte[] png) throws IOException, TimeoutException {
        String b64 = Base64.getEncoder().encodeToString(png);
        check("printf %s " + b64 + " | base64 -d > /tmp/tbd-clip.png");
        spawn("xclip -selection clipboard -t image/png -i /tmp/tbd-clip.png");
    }

    /**
     * The CLIPBOARD's content as {@code target} ("UTF8_STRING", "image/png") byte for byte, or null when the
     * clipboard has no owner or no such target (xclip fails).
     */
    public byte[] clipboard(String target) throws IOException, TimeoutException {
        Result r = run("set -o pipefail; timeout 10 xclip -selection clipboard -o -t " + quote(target) + " | base64 -w0");
        return r.status() != 0 ? null : Base64.getDecoder().decode(r.text().trim());
    }

    /** Single-quotes {@code s} for bash. */
    public static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    @Override
    public void close() {
        line.close();
    }
}
