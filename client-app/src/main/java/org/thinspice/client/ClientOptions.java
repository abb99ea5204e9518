package org.thinspice.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.thinspice.client.core.TerminalStore;

/**
 * Command line of {@code ./thinspice client}: {@code [--vv FILE|-] [--data DIR] [--controller URL]
 * [--windowed] [--lang zh-CN|en] [--enrol-code CODE] [--usb-stick IMAGE …]}.
 */
public final class ClientOptions {
    public Path dataDir = TerminalStore.defaultDir();
    /** The .vv text when started with --vv (read once: one-time files delete themselves). */
    public String vv;
    public String controller;
    public String language;
    public boolean windowed;
    /** Enrol at start with this code (technicians, the demo) when the terminal is not enrolled yet. */
    public String enrolCode;
    /** Simulated USB sticks (image files) offered for this run, besides the configuration's. */
    public java.util.List<String> usbSticks = new java.util.ArrayList<>();

    public static ClientOptions parse(String[] args, InputStream stdin) throws IOException {
        ClientOptions o = new ClientOptions();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--vv" -> o.vv = readVv(value(args, ++i, "--vv"), stdin);
                case "--data" -> o.dataDir = Path.of(value(args, ++i, "--data"));
                case "--controller" -> o.controller = value(args, ++i, "--controller");
                case "--lang" -> o.language = value(args, ++i, "--lang");
                case "--windowed" -> o.windowed = true;
                case "--enrol-code" -> o.enrolCode = value(args, ++i, "--enrol-code");
                case "--usb-stick" -> o.usbSticks.add(value(args, ++i, "--usb-stick"));
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (usage: client [--vv FILE|-] [--data DIR] [--controller URL] [--lang zh-CN|en] [--windowed] [--enrol-code CODE] [--usb-stick IMAGE])");
            }
        }
        return o;
    }

    private static String value(String[] args, int i, String name) {
        if (i >= args.length) {
            throw new IllegalArgumentException(name + " needs a value");
        }
        return args[i];
    }

    private static String readVv(String file, InputStream stdin) throws IOException {
        if (file.equals("-")) {
            return new String(stdin.readNBytes(1 << 20), StandardCharsets.UTF_8);
        }
        Path p = Path.of(file);
        String text = Files.readString(p, StandardCharsets.UTF_8);
        if (text.contains("delete-this-file=1")) {
            Files.deleteIfExists(p);
        }
        return text;
    }
}
