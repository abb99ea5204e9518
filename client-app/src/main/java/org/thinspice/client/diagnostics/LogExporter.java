package org.thinspice.client.diagnostics;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Writes the terminal's logs, config (no key) and a diagnostics summary as one zip into a folder. */
public final class LogExporter {
    private LogExporter() {
    }

    public static Path export(Path dataDir, String summary, Path folder, String terminalName) throws IOException {
        Files.createDirectories(folder);
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path zip = folder.resolve("thinspice-logs-" + terminalName.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + stamp + ".zip");
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out)) {
            put(z, "diagnostics.txt", summary.getBytes(StandardCharsets.UTF_8));
            Path config = dataDir.resolve("config.json");
            if (Files.exists(config)) {
                // The admin PIN hash stays on the terminal.
                String c = Files.readString(config, StandardCharsets.UTF_8).replaceAll("\"adminPinHash\"\\s*:\\s*\"[^\"]*\"", "\"adminPinHash\": \"-\"");
                put(z, "config.json", c.getBytes(StandardCharsets.UTF_8));
            }
            Path logs = dataDir.resolve("logs");
            if (Files.isDirectory(logs)) {
                List<Path> files;
                try (Stream<Path> s = Files.list(logs)) {
                    files = s.filter(Files::isRegularFile).sorted().toList();
                }
                for (Path f : files) {
                    put(z, "logs/" + f.getFileName(), Files.readAllBytes(f));
                }
            }
        }
        return zip;
    }

    private static void put(ZipOutputStream z, String name, byte[] data) throws IOException {
        z.putNextEntry(new ZipEntry(name));
        z.write(data);
        z.closeEntry();
    }
}
