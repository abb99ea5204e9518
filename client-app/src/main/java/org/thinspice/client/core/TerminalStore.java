package org.thinspice.client.core;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The terminal's data folder: config.json, the terminal key, logs. Writes are atomic (temp + rename). */
public final class TerminalStore {
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();
    private final Path dir;

    public TerminalStore(Path dir) {
        this.dir = dir;
    }

    /** {@code $THINSPICE_CLIENT_HOME}, else {@code ~/.thinspice-client}. */
    public static Path defaultDir() {
        String env = System.getenv("THINSPICE_CLIENT_HOME");
        return env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".thinspice-client");
    }

    public Path dir() {
        return dir;
    }

    public Path logDir() {
        return dir.resolve("logs");
    }

    public Path keyFile() {
        return dir.resolve("terminal-key.p8");
    }

    public TerminalConfig load() throws IOException {
        Path f = dir.resolve("config.json");
        if (!Files.exists(f)) {
            return new TerminalConfig();
        }
        try {
            TerminalConfig c = GSON.fromJson(Files.readString(f, StandardCharsets.UTF_8), TerminalConfig.class);
            return c == null ? new TerminalConfig() : c;
        } catch (JsonParseException e) {
            throw new IOException("bad terminal config " + f + ": " + e.getMessage(), e);
        }
    }

    public void save(TerminalConfig c) throws IOException {
        Files.createDirectories(dir);
        Path tmp = dir.resolve("config.json.tmp");
        Files.writeString(tmp, GSON.toJson(c), StandardCharsets.UTF_8);
        Files.move(tmp, dir.resolve("config.json"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
