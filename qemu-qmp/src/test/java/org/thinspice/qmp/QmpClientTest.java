package org.thinspice.qmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** QmpClient against a scripted QMP peer on a unix socket: what QEMU does, and what a broken peer does. */
class QmpClientTest {
    private static final String GREETING = "{\"QMP\":{\"version\":{\"qemu\":{\"major\":7}},\"capabilities\":[]}}";

    @TempDir
    Path dir;
    private ServerSocketChannel server;
    private Thread peer;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (peer != null) {
            peer.join(5000);
        }
    }

    /** A peer that writes {@code before} lines, then answers each request with {@code answer(request, out)}. */
    private Path peer(List<String> before, BiConsumer<JsonObject, OutputStream> answer) throws IOException {
        Path sock = dir.resolve("qmp" + System.nanoTime() + ".sock");
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(sock));
        peer = new Thread(() -> {
            try (SocketChannel ch = server.accept();
                 BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(ch), StandardCharsets.UTF_8));
                 OutputStream out = Channels.newOutputStream(ch)) {
                for (String line : before) {
                    out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                }
                for (String line; (line = in.readLine()) != null; ) {
                    answer.accept(JsonParser.parseString(line).getAsJsonObject(), out);
                }
            } catch (IOException ignored) {
                // the client went away
            }
        }, "qmp-peer");
        peer.start();
        return sock;
    }

    private static void write(OutputStream out, String line) {
        try {
            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String id(JsonObject request) {
        return request.get("id").toString();
    }

    @Test
    void eventsBeforeTheGreetingAndBetweenRepliesReachTheListener() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        Path sock = peer(List.of("{\"event\":\"SPICE_CONNECTED\",\"data\":{}}", GREETING), (req, out) -> {
            if (req.get("execute").getAsString().equals("query-status")) {
                write(out, "{\"event\":\"RESUME\",\"data\":{}}");
                write(out, "{\"return\":{\"status\":\"running\"},\"id\":" + id(req) + "}");
            } else {
                write(out, "{\"return\":{},\"id\":" + id(req) + "}");
            }
        });
        try (QmpClient qmp = QmpClient.connect(sock, Duration.ofSeconds(5), e -> events.add(e.get("event").getAsString()))) {
            assertEquals("running", qmp.execute("query-status").getAsJsonObject().get("status").getAsString());
        }
        assertEquals(List.of("SPICE_CONNECTED", "RESUME"), events);
    }

    @Test
    void anErrorReplyIsAQmpExceptionWithItsClass() throws Exception {
        Path sock = peer(List.of(GREETING), (req, out) -> {
            if (req.get("execute").getAsString().equals("qmp_capabilities")) {
                write(out, "{\"return\":{},\"id\":" + id(req) + "}");
            } else {
                write(out, "{\"error\":{\"class\":\"CommandNotFound\",\"desc\":\"The command nope has not been found\"},"
                        + "\"id\":" + id(req) + "}");
            }
        });
        try (QmpClient qmp = QmpClient.connect(sock, Duration.ofSeconds(5), e -> { })) {
            QmpException e = assertThrows(QmpException.class, () -> qmp.execute("nope"));
            assertEquals("CommandNotFound", e.errorClass());
            assertTrue(e.getMessage().contains("has not been found"), e.getMessage());
        }
    }

    @Test
    void aLateReplyToAnotherIdIsSkipped() throws Exception {
        Path sock = peer(List.of(GREETING), (req, out) -> {
            write(out, "{\"return\":{\"stale\":true},\"id\":\"c999\"}");
            write(out, "{\"return\":{},\"id\":" + id(req) + "}");
        });
        try (QmpClient qmp = QmpClient.connect(sock, Duration.ofSeconds(5), e -> { })) {
            assertEquals(new JsonObject(), qmp.execute("system_reset"));
        }
    }

    @Test
    void aPeerThatIsNotQemuOrClosesOrFloodsIsAnIoErrorNotAHang() throws Exception {
        Path notQmp = peer(List.of("{\"hello\":1}"), (req, out) -> { });
        long t0 = System.nanoTime();
        IOException notGreeted = assertThrows(IOException.class,
                () -> QmpClient.connect(notQmp, Duration.ofSeconds(2), e -> { }).close());
        assertTrue(notGreeted.getMessage().contains("not a QMP greeting"), notGreeted.getMessage());
        assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(5).toNanos(), "refused at once, not after a timeout");
        stop();

        Path flood = peer(List.of(GREETING), (req, out) -> {
            if (req.get("execute").getAsString().equals("qmp_capabilities")) {
                write(out, "{\"return\":{},\"id\":" + id(req) + "}");
            } else {
                write(out, "{\"return\":\"" + "x".repeat(QmpClient.MAX_LINE + 10) + "\",\"id\":" + id(req) + "}");
            }
        });
        try (QmpClient qmp = QmpClient.connect(flood, Duration.ofSeconds(5), e -> { })) {
            IOException e = assertThrows(IOException.class, () -> qmp.execute("query-version"));
            assertTrue(e.getMessage().contains("closed"), e.getMessage());
        }
    }
}
