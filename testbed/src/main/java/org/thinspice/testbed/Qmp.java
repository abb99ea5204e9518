package org.thinspice.testbed;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import org.thinspice.qmp.QmpClient;
import org.thinspice.qmp.QmpException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A QMP client over QEMU's unix socket. {@link #connect} reads the greeting and negotiates
 * {@code qmp_capabilities}. Commands are synchronous; asynchronous events met while waiting for a
 * reply are kept ({@link #events()}) and otherwise skipped. Thread-safe (one command at a time).
 */
public final class Qmp implements AutoCloseable {
    private static final int MAX_EVENTS = 1000;

    private final Path scratchDir;
    private final AtomicLong ids = new AtomicLong();
    private final List<JsonObject> events = new ArrayList<>();
    private QmpClient client;

    private Qmp(Path scratchDir) {
        this.scratchDir = scratchDir;
    }

    /**
     * Connects to {@code socket}, retrying until it exists and accepts or {@code timeout} passes.
     *
     * @param scratchDir where {@link #screendump()} lets QEMU write its PPM files
     */
    public static Qmp connect(Path socket, Path scratchDir, Duration timeout) throws IOException {
        Qmp qmp = new Qmp(scratchDir);
        qmp.client = QmpClient.connect(socket, timeout, qmp::keep);
        return qmp;
    }

    private synchronized void keep(JsonObject event) {
        if (events.size() < MAX_EVENTS) {
            events.add(event);
        }
    }

    /** Executes a command without arguments; returns the parsed {@code "return"} value. */
    public JsonElement execute(String command) throws IOException {
        return execute(command, (JsonObject) null);
    }

    /**
     * Executes {@code command} with {@code argsJson} (a JSON object text, or null for none).
     *
     * @return the parsed {@code "return"} value ({@code {}} for most commands)
     * @throws QmpException when QEMU answers with {@code "error"}
     */
    public JsonElement execute(String command, String argsJson) throws IOException {
        JsonObject args = null;
        if (argsJson != null) {
            try {
                args = JsonParser.parseString(argsJson).getAsJsonObject();
            } catch (JsonParseException | IllegalStateException e) {
                throw new IllegalArgumentException("arguments are not a JSON object: " + argsJson, e);
            }
        }
        return execute(command, args);
    }

    /** As {@link #execute(String, String)} with a Gson object (may be null). */
    public JsonElement execute(String command, JsonObject args) throws IOException {
        return client.execute(command, args);
    }

    /** {@code screendump} of the primary console into a PPM in the scratch dir, read back and deleted. */
    public Picture screendump() throws IOException {
        Files.createDirectories(scratchDir);
        Path file = scratchDir.resolve("screendump-" + ids.incrementAndGet() + ".ppm");
        JsonObject args = new JsonObject();
        args.addProperty("filename", file.toAbsolutePath().toString());
        try {
            execute("screendump", args);
            return Ppm.read(file);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** {@code query-spice}: keys {@code auth} ("none"|"spice"), {@code port}, {@code tls-port}, {@code channels}, ... */
    public JsonObject querySpice() throws IOException {
        return execute("query-spice").getAsJsonObject();
    }

    /** {@code human-monitor-command}, e.g. {@code hmp("info usb")}; returns HMP's text output. */
    public String hmp(String commandLine) throws IOException {
        JsonObject args = new JsonObject();
        args.addProperty("command-line", commandLine);
        return execute("human-monitor-command", args).getAsString();
    }

    /** {@code set_password} for protocol spice. */
    public void setPassword(String password) throws IOException {
        JsonObject args = new JsonObject();
        args.addProperty("protocol", "spice");
        args.addProperty("password", password);
        execute("set_password", args);
    }

    /** {@code expire_password} for protocol spice; {@code time} is "now", "never", "+SECONDS" or "SECONDS". */
    public void expirePassword(String time) throws IOException {
        JsonObject args = new JsonObject();
        args.addProperty("protocol", "spice");
        args.addProperty("time", time);
        execute("expire_password", args);
    }

    /** {@code system_reset}. */
    public void systemReset() throws IOException {
        execute("system_reset");
    }

    /** {@code quit}: QEMU exits; the connection closes. */
    public void quit() throws IOException {
        try {
            execute("quit");
        } catch (QmpException e) {
            throw e;
        } catch (IOException e) {
            // QEMU may close the socket before the reply reaches us; that is the intended outcome
        }
    }

    /** Asynchronous events received so far (each the whole event object), oldest first; a copy. */
    public synchronized List<JsonObject> events() {
        return new ArrayList<>(events);
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
    }
}
