package org.thinspice.engine.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The JVM options a client process runs with — the kiosk and {@code thinspice session} — as listed in
 * {@code client-jvm.options} next to this class (one option per line, {@code #} starts a comment). The
 * launchers read the same file: {@code ./thinspice}, the kiosk's package, and the benchmarks that start
 * client processes, so what is measured is what ships. Why these options: docs/engine.md, "The JIT".
 */
public final class ClientJvmOptions {
    private static final String RESOURCE = "/org/thinspice/engine/client-jvm.options";

    private ClientJvmOptions() {
    }

    /** The options, in the file's order. */
    public static List<String> list() {
        try (InputStream in = ClientJvmOptions.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
            }
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> parse(List<String> lines) {
        List<String> options = new ArrayList<>();
        for (String line : lines) {
            int hash = line.indexOf('#');
            String option = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (option.isEmpty()) {
                continue;
            }
            if (!option.startsWith("-") || option.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalStateException("client-jvm.options: not one JVM option: " + line);
            }
            options.add(option);
        }
        return List.copyOf(options);
    }
}
