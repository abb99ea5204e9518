package org.thinspice.controller.audit;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thinspice.controller.store.AuditEvents;

/**
 * Writes every audit event twice: into the store (queryable by administrators) and as one JSON line
 * in a file (for log shippers). A failure of either is logged, never hidden from the operator, and
 * does not undo the action it records. The request id of the HTTP request being served (SLF4J's MDC key
 * {@link RequestIds#MDC_KEY}) goes with every event.
 */
public final class AuditLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
    private final AuditEvents store;
    private final Writer lines;
    private final Clock clock;

    public AuditLog(AuditEvents store, Path jsonLines, Clock clock) throws IOException {
        this.store = store;
        this.clock = clock;
        if (jsonLines.getParent() != null) {
            Files.createDirectories(jsonLines.getParent());
        }
        this.lines = Files.newBufferedWriter(jsonLines, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    public void record(String event, String outcome, String username, String terminalId, String target, String remote,
            String detail) {
        String requestId = org.slf4j.MDC.get(RequestIds.MDC_KEY);
        AuditEvent e = new AuditEvent(clock.millis(), event, outcome, username, terminalId, target, remote, detail,
                requestId == null ? "" : requestId);
        try {
            store.insert(e);
        } catch (SQLException ex) {
            LOG.error("audit event not stored: {}", toJson(e), ex);
        }
        synchronized (lines) {
            try {
                lines.write(toJson(e));
                lines.write('\n');
                lines.flush();
            } catch (IOException ex) {
                LOG.error("audit event not written to the JSON lines file: {}", toJson(e), ex);
            }
        }
    }

    public static String toJson(AuditEvent e) {
        JsonObject o = new JsonObject();
        o.addProperty("time", Instant.ofEpochMilli(e.at()).toString());
        o.addProperty("event", e.event());
        o.addProperty("outcome", e.outcome());
        o.addProperty("user", e.username());
        o.addProperty("terminal", e.terminalId());
        o.addProperty("target", e.target());
        o.addProperty("remote", e.remote());
        o.addProperty("detail", e.detail());
        o.addProperty("requestId", e.requestId() == null ? "" : e.requestId());
        return o.toString();
    }

    @Override
    public void close() throws IOException {
        synchronized (lines) {
            lines.close();
        }
    }
}
