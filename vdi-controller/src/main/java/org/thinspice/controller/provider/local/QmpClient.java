package org.thinspice.controller.provider.local;

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
 * QMP over QEMU's unix socket: one reader thread splits replies (to the waiting command) from
 * asynchronous events (to the listener). Commands are serialised. Lines are capped at {@link #MAX_LINE}.
 */
public final class QmpClient implements AutoCloseable {
    static final int MAX_LINE = 1 << 20;
    private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(20);
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
        while (true) {
            SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                ch.connect(UnixDomainSocketAddress.of(socket));
                QmpClient qmp = new QmpClient(ch, events);
                qmp.reader.start();
                qmp.take("greeting");
                qmp.execute("qmp_capabilities", null);
                return qmp;
            } catch (IOException e) {
                ch.close();
                if (System.nanoTime() > deadline) {
                    throw new IOException("QMP at " + socket + " not reachable: " + e.getMessage(), e);
                }
                sleep(50);
            }
        }
    }

    /** Runs a command; returns its {@code return} value; IOException on an {@code error} reply or a closed socket. */
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
                throw new IOException("QMP " + command + " failed: " + reply.getAsJsonObject("error").get("desc"));
            }
            return reply.get("return");
        }
    }

    private JsonObject take(String what) throws IOException {
        try {
            JsonObject r = replies.poll(REPLY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (r == null) {
                throw new IOException("no QMP reply to " + what + " within " + REPLY_TIMEOUT);
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
