package org.thinspice.testbed;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The guest's serial console (ttyS0) over QEMU's unix-socket chardev. A reader thread keeps everything
 * the guest prints in a transcript; {@link #waitFor} and {@link #run} consume it from a cursor.
 * The TinyGuest runs a root busybox shell on it with echo off. Bytes are decoded as ISO-8859-1.
 * A command line must stay under the tty's 4095-character line limit.
 */
public final class GuestConsole implements AutoCloseable {
    /** Transcript kept in memory; older text is dropped (the QEMU serial logfile has all of it). */
    private static final int MAX_TRANSCRIPT = 8 * 1024 * 1024;

    private final SocketChannel channel;
    private final StringBuilder transcript = new StringBuilder();
    private final String tag = Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36);
    private final AtomicInteger commands = new AtomicInteger();
    private final Thread reader;
    /** Absolute offset of transcript.charAt(0); the cursor is absolute too. */
    private long dropped;
    private long cursor;
    private boolean closed;

    private GuestConsole(SocketChannel channel) {
        this.channel = channel;
        this.reader = new Thread(this::readLoop, "guest-console-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Connects to the chardev socket, retrying until it accepts or {@code timeout} passes. */
    public static GuestConsole connect(Path socket, Duration timeout) throws IOException {
        return new GuestConsole(UnixLines.connectBlocking(socket, timeout));
    }

    private void readLoop() {
        ByteBuffer buf = ByteBuffer.allocate(16 * 1024);
        try {
            while (true) {
                buf.clear();
                int n = channel.read(buf);
                if (n < 0) {
                    break;
                }
                String text = new String(buf.array(), 0, n, StandardCharsets.ISO_8859_1);
                synchronized (this) {
                    transcript.append(text);
                    if (transcript.length() > MAX_TRANSCRIPT) {
                        int cut = transcript.length() - MAX_TRANSCRIPT / 2;
                        transcript.delete(0, cut);
                        dropped += cut;
                    }
                    notifyAll();
                }
            }
        } catch (IOException e) {
            // closed by close() or by QEMU exiting; waiters see `closed`
        }
        synchronized (this) {
            closed = true;
            notifyAll();
        }
    }

    /**
     * Waits until {@code text} appears in the transcript after the cursor, then moves the cursor past it.
     *
     * @return the transcript from the old cursor up to and including {@code text}
     * @throws TimeoutException when it does not appear in time (message carries the transcript tail)
     */
    public String waitFor(String text, Duration timeout) throws IOException, TimeoutException {
        Matcher m = awaitMatch(Pattern.compile(Pattern.quote(text)), timeout, "\"" + text + "\"");
        synchronized (this) {
            int start = (int) (cursor - dropped);
            String seen = transcript.substring(Math.max(0, start), m.end());
            cursor = dropped + m.end();
            return seen;
        }
    }

    /**
     * Runs {@code shellCommand} in the guest shell and returns what it printed (stdout+stderr,
     * {@code \r} removed, without the trailing newline). Delimited by unique begin/end markers.
     */
    public String run(String shellCommand, Duration timeout) throws IOException, TimeoutException {
        return runForResult(shellCommand, timeout).output();
    }

    /** As {@link #run} but also returns the command's exit status (0 for a command put in the background). */
    public CommandResult runForResult(String shellCommand, Duration timeout) throws IOException, TimeoutException {
        String id = tag + "x" + commands.incrementAndGet();
        String begin = "__TBB" + id + "__";
        String end = "__TBE" + id + "__";
        // The quotes split the markers in the command text, so an echoing tty cannot fake them.
        send("echo __TB\"\"B" + id + "__; " + shellCommand + "\necho __TB\"\"E" + id + "__$?\n");
        Matcher m = awaitMatch(Pattern.compile(Pattern.quote(end) + "(\\d+)\r?\n"), timeout, "end of `" + shellCommand + "`");
        synchronized (this) {
            int from = (int) Math.max(0, cursor - dropped);
            String region = transcript.substring(from, m.start());
            cursor = dropped + m.end();
            int b = region.indexOf(begin);
            String out = b < 0 ? region : region.substring(b + begin.length());
            out = out.replace("\r", "");
            if (out.startsWith("\n")) {
                out = out.substring(1);
            }
            if (out.endsWith("\n")) {
                out = out.substring(0, out.length() - 1);
            }
            return new CommandResult(out, Integer.parseInt(m.group(1)));
        }
    }

    private Matcher awaitMatch(Pattern pattern, Duration timeout, String what) throws IOException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (true) {
                Matcher m = pattern.matcher(transcript);
                if (m.find((int) Math.max(0, cursor - dropped))) {
                    return m;
                }
                if (closed) {
                    throw new IOException("console closed while waiting for " + what + "; tail:\n" + tail());
                }
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    throw new TimeoutException("no " + what + " on the guest console within " + timeout
                            + "; tail:\n" + tail());
                }
                try {
                    wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while waiting for " + what, e);
                }
            }
        }
    }

    private String tail() {
        return Processes.tail(transcript.toString(), 1500);
    }

    /** Sends raw text to the console (no newline added). */
    public void send(String text) throws IOException {
        ByteBuffer out = ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1));
        synchronized (channel) {
            while (out.hasRemaining()) {
                channel.write(out);
            }
        }
    }

    /**
     * Absolute offset of the end of what was received so far. Pass it to {@link #awaitLine} to look only
     * at later output; unlike {@link #waitFor} and {@link #run}, that does not use or move the cursor,
     * so lines printed by background programs during a {@code run} are still found.
     */
    public synchronized long position() {
        return dropped + transcript.length();
    }

    /**
     * Waits for the first complete line (ended by {@code \n}; {@code \r} removed) starting at or after the
     * absolute offset {@code from} in which {@code pattern} is found, and returns it with its end offset.
     *
     * @throws TimeoutException when no such line arrives in time (message carries the transcript tail)
     */
    public Line awaitLine(long from, Pattern pattern, Duration timeout) throws IOException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long scan = from;
        synchronized (this) {
            while (true) {
                int start = (int) Math.max(0, scan - dropped);
                int nl;
                while ((nl = transcript.indexOf("\n", start)) >= 0) {
                    String text = transcript.substring(start, nl).replace("\r", "");
                    start = nl + 1;
                    if (pattern.matcher(text).find()) {
                        return new Line(text, dropped + start);
                    }
                }
                scan = dropped + start;
                if (closed) {
                    throw new IOException("console closed while waiting for a line matching " + pattern
                            + "; tail:\n" + tail());
                }
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    throw new TimeoutException("no line matching " + pattern + " on the guest console within "
                            + timeout + "; tail:\n" + tail());
                }
                try {
                    wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while waiting for " + pattern, e);
                }
            }
        }
    }

    /** Complete lines ({@code \r} removed) that start at or after the absolute offset {@code from}. */
    public synchronized List<String> linesSince(long from) {
        List<String> lines = new ArrayList<>();
        int start = (int) Math.max(0, from - dropped);
        int nl;
        while ((nl = transcript.indexOf("\n", start)) >= 0) {
            lines.add(transcript.substring(start, nl).replace("\r", ""));
            start = nl + 1;
        }
        return lines;
    }

    /** Everything received so far (up to the last 8 MiB). */
    public synchronized String transcript() {
        return transcript.toString();
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing our end; nothing to recover
        }
        try {
            reader.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One console line found by {@link #awaitLine}; {@code end} is the absolute offset just after it. */
    public record Line(String text, long end) {
    }

    /** Output and exit status of one {@link #runForResult} command. */
    public record CommandResult(String output, int exitStatus) {
    }
}
