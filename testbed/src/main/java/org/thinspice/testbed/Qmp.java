package org.thinspice.testbed;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A QMP client over QEMU's unix socket. {@link #connect} reads the greeting and negotiates
 * {@code qmp_capabilities}. Commands are synchronous; asynchronous events met while waiting for a
 * reply are kept ({@link #events()}) and otherwise skipped. Thread-safe (one command at a time).
 */
public final class Qmp implements AutoCloseable {

    private Qmp() {
    }

    /**
     * Connects to {@code socket}, retrying until it exists and accepts or {@code timeout} passes.
     *
     * @param scratchDir where {@link #screendump()} lets QEMU write its PPM files
     */
    public static Qmp connect(Path socket, Path scratchDir, Duration timeout) throws IOException {
        throw new UnsupportedOperationException("skeleton");
    }

    /** Executes a command without arguments; returns the parsed {@code "return"} value. */
    public JsonElement execute(String command) throws IOException {
        throw new UnsupportedOperationException("skeleton");
    }

    /**
     * Executes {@code command} with {@code argsJson} (a JSON object text, or null for none).
     *
     * @return the parsed {@code "return"} value ({@code {}} for most commands)
     * @throws QmpException when QEMU answers with {@code "error"}
     */
    public JsonElement execute(String command, String argsJson) throws IOException {
        throw new UnsupportedOperationException("skeleton");
    }

    /** As {@link #execute(String, String)} with a Gson object (may be null). */
    public JsonElement execute(String command, JsonObject args) throws IOException {
        throw new UnsupportedOperationException("skeleton");
    }

    /** {@code screendump} of the primary console into a PPM in the scratch dir, read back and deleted. */
    public Picture screendump() throws IOException {
        throw new UnsupportedOperationException("skeleton");
    }

    /** {@code query-spice}: keys {@code auth} ("none"|"spice"), {@code port}, {@code tls-port}, {@code channels}, ... */
    public JsonObject querySpice() throws IOException {
        throw new UnsupportedOperationException("skeleton");
    }

    /** {@code human-monitor-command}, e.g. {@code hmp("info usb")}; returns HMP's text output. */
    public String hmp(String commandLine) throws IOException {
        throw new UnsupportedOperationException("skeleton");
    }

    /** {@code set_password} for protocol spice. */
    public void setPassword(String password) throws IOException {
        throw new UnsupportedOperationException("skeleton");
    }

    /** {@code expire_password} for protocol spice; {@code time} is "now", "never", "+SECONDS" or "SECONDS". */
    public void expirePassword(String time) throws IOException {
        throw new UnsupportedOperationException("skeleton");
    }

    /** {@code system_reset}. */
    public void systemReset() throws IOException {
        throw new UnsupportedOperationException("skeleton");
    }

    /** {@code quit}: QEMU exits; the connection closes. */
    public void quit() throws IOException {
        throw new UnsupportedOperationException("skeleton");
    }

    /** Asynchronous events received so far (each the whole event object), oldest first; a copy. */
    public List<JsonObject> events() {
        throw new UnsupportedOperationException("skeleton");
    }

    @Override
    public void close() {
        throw new UnsupportedOperationException("skeleton");
    }
}
