package org.thinspice.fleet.lab;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.thinspice.fleet.Completed;

/**
 * Holds the audit to what the terminals saw: every completed action needs an {@code ok} audit record of the same
 * event from the same terminal (each terminal does each action once, so a count per pair is exact).
 */
public final class AuditCheck {
    private AuditCheck() {
    }

    /** An audit record reduced to what is compared. */
    public record Row(String event, String outcome, String terminalId) {
    }

    /** Rows from controllers' JSON-lines audit files (read in full; these are a run's own files). */
    public static List<Row> fromJsonLines(List<Path> files) throws IOException {
        List<Row> rows = new ArrayList<>();
        for (Path f : files) {
            if (!Files.exists(f)) {
                continue;
            }
            for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                JsonObject o = JsonParser.parseString(line).getAsJsonObject();
                rows.add(new Row(str(o, "event"), str(o, "outcome"), str(o, "terminal")));
            }
        }
        return rows;
    }

    private static String str(JsonObject o, String k) {
        return o.has(k) && !o.get(k).isJsonNull() ? o.get(k).getAsString() : "";
    }

    /** The completed actions with no ok record (by event and terminal), in the order seen. */
    public static List<Completed> missing(List<Completed> completed, List<Row> audit) {
        Map<String, Integer> ok = new HashMap<>();
        for (Row r : audit) {
            if (r.outcome().equals("ok")) {
                ok.merge(r.event() + "|" + r.terminalId(), 1, Integer::sum);
            }
        }
        List<Completed> out = new ArrayList<>();
        for (Completed c : completed) {
            String k = c.event() + "|" + c.terminalId();
            int n = ok.getOrDefault(k, 0);
            if (n == 0) {
                out.add(c);
            } else {
                ok.put(k, n - 1);
            }
        }
        return out;
    }

    /** Terminal ids named by {@code open} lines of a gateway's audit file. */
    public static Set<String> gatewayTerminals(Path gatewayAudit) throws IOException {
        return new HashSet<>(gatewayTunnels(gatewayAudit).keySet());
    }

    /** Tunnels opened per terminal id, from the {@code open} lines of a gateway's audit file. */
    public static Map<String, Integer> gatewayTunnels(Path gatewayAudit) throws IOException {
        Map<String, Integer> n = new HashMap<>();
        if (!Files.exists(gatewayAudit)) {
            return n;
        }
        for (String line : Files.readAllLines(gatewayAudit, StandardCharsets.UTF_8)) {
            if (line.isBlank() || !line.startsWith("{")) {
                continue;
            }
            JsonObject o = JsonParser.parseString(line).getAsJsonObject();
            if ("open".equals(str(o, "event"))) {
                n.merge(str(o, "term"), 1, Integer::sum);
            }
        }
        return n;
    }
}
