package org.thinspice.qmp;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * QMP (QEMU's machine protocol) over QEMU's unix socket — the one client for the local-QEMU provider and
 * the test harness. One reader thread splits replies (to the waiting command) from asynchronous events (to
 * the listener, also those QEMU sends ahead of its greeting). Commands are serialised; an {@code error}
 * reply is a {@link QmpException}. Lines are capped at {@link #MAX_LINE}.
 */
public final class QmpClient implements AutoCloseable {
    static final int MAX_LINE = 1 << 20;
    static final Duration REPLY_TIMEOUT = Duration.ofSeconds(30);
    private static final JsonObject CLOSED = new JsonObject();

    private final SocketChannel channel;
    private final BlockingQueue<JsonObject> replies = new LinkedBlockingQueue<>();
    private final AtomicLong ids = new AtomicLong();
    private final Consumer<JsonObject> events;
    private final Thread reader;

    private QmpClient(SocketChannel channel, Consumer<JsonObject> events) {
        this.channel = channel;
        this.events = events;
        this.reader = new Thread(this::readLoop, "qmp-reader");
        this.reader.setDaemon(true);
    }

    /** Connects (retrying until {@code timeout}), negotiates capabilities, and delivers events to {@code events}. */
    public static QmpClient connect(Path socket, Duration timeout, Consumer<JsonObject> events) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        SocketChannel ch;
        while (true) {
            // only reaching the socket is retried (QEMU may not have created it yet); a peer that then
            // does not speak QMP is an error at once
            ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                ch.connect(UnixDomainSocketAddress.of(socket));
                break;
            } catch (IOException e) {
                ch.close();
                if (System.nanoTime() > deadline) {
                    throw new IOException("QMP at " + socket + " not reachable: " + e.getMessage(), e);
                }
                sleep(50);
            }
        }
        QmpClient qmp = new QmpClient(ch, events);
        try {
            qmp.reader.start();
            Duration left = Duration.ofNanos(Math.max(deadline - System.nanoTime(), 0)).plusSeconds(1);
            JsonObject greeting = qmp.take("greeting", left);
            if (!greeting.has("QMP")) {
                throw new IOException("not a QMP greeting at " + socket + ": " + greeting);
            }
            qmp.execute("qmp_capabilities", null);
            return qmp;
        } catch (IOException | RuntimeException e) {
            qmp.close();
            throw e;
        }
    }

    /** Runs a command without arguments; see {@link #execute(String, JsonObject)}. */
    public JsonElement execute(String command) throws IOException {
        return execute(command, null);
    }

    /**
     * Runs a command ({@code arguments} may be null); returns its {@code return} value.
     *
     * @throws QmpException on an {@code error} reply
     * @throws IOException when the socket closed or no reply came within {@link #REPLY_TIMEOUT}
     */
    public synchronized JsonElement execute(String command, JsonObject arguments) throws IOException {
        String id = "c" + ids.incrementAndGet();
        JsonObject req = new JsonObject();
        req.addProperty("execute", command);
        if (arguments != null) {
            req.add("arguments", arguments);
        }
        req.addProperty("id", id);
        ByteBuffer out = ByteBuffer.wrap((req + "\n").getBytes(StandardCharsets.UTF_8));
        while (out.hasRemaining()) {
            channel.write(out);
        }
        while (true) {
            JsonObject reply = take(command);
            if (reply.has("id") && !reply.get("id").getAsString().equals(id)) {
                continue;
            }
            if (reply.has("error")) {
                JsonObject error = reply.getAsJsonObject("error");
                throw new QmpException(command, text(error, "class"), text(error, "desc"));
            }
            if (!reply.has("return")) {
                throw new IOException("unexpected QMP reply to " + command + ": " + reply);
            }
            return reply.get("return");
        }
    }

    private JsonObject take(String what) throws IOException {
        return take(what, REPLY_TIMEOUT);
    }

    private JsonObject take(String what, Duration timeout) throws IOException {
        try {
            JsonObject r = replies.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (r == null) {
                throw new IOException("no QMP reply to " + what + " within " + timeout);
            }
            if (r == CLOSED) {
                replies.add(CLOSED);
                throw new IOException("QMP connection closed");
            }
            return r;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted waiting for QMP", e);
        }
    }

    private void readLoop() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel),
                StandardCharsets.UTF_8), 8192)) {
            String line;
            while ((line = readBoundedLine(in)) != null) {
                JsonObject o = JsonParser.parseString(line).getAsJsonObject();
                if (o.has("event")) {
                    events.accept(o);
                } else {
                    replies.add(o);
                }
            }
        } catch (IOException | RuntimeException e) {
            // the socket closed or QEMU wrote garbage: either way this client is done
        } finally {
            replies.add(CLOSED);
        }
    }

    private static String readBoundedLine(BufferedReader in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                return sb.toString();
            }
            if (sb.length() >= MAX_LINE) {
                throw new IOException("QMP line over " + MAX_LINE + " characters");
            }
            sb.append((char) c);
        }
        return sb.length() == 0 ? null : sb.toString();
    }

    private static String text(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e == null || !e.isJsonPrimitive() ? "?" : e.getAsString();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // already closed by QEMU
        }
    }
}
