package org.thinspice.gateway;

import com.google.gson.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thinspice.ticket.Ticket;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * Audit trail as JSON lines: one {@code open} and one {@code close} line per tunnel, one
 * {@code refusal} line per refused CONNECT. Each line is flushed as written, so a crash loses none.
 */
public final class AuditLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);

    private final Writer out;

    public AuditLog(Writer out) {
        this.out = out;
    }

    /** Appends to {@code file} (created if missing). */
    public static AuditLog toFile(Path file) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        return new AuditLog(Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND));
    }

    public static AuditLog to(OutputStream stream) {
        return new AuditLog(new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8)));
    }

    void refusal(Instant start, Instant end, String source, Refusal refusal, String detail, Ticket ticket) {
        JsonObject o = base("refusal", source, ticket);
        o.addProperty("start", start.toString());
        o.addProperty("end", end.toString());
        o.addProperty("status", refusal.status());
        o.addProperty("reason", refusal.code());
        o.addProperty("detail", detail);
        write(o);
    }

    void open(Tunnel t) {
        JsonObject o = base("open", t.source(), t.ticket());
        o.addProperty("target", t.target());
        o.addProperty("via", t.via());
        o.addProperty("start", t.start().toString());
        write(o);
    }

    void close(Tunnel t, Instant end) {
        JsonObject o = base("close", t.source(), t.ticket());
        o.addProperty("target", t.target());
        o.addProperty("via", t.via());
        o.addProperty("start", t.start().toString());
        o.addProperty("end", end.toString());
        o.addProperty("bytes_up", t.bytesUp());
        o.addProperty("bytes_down", t.bytesDown());
        o.addProperty("reason", t.closeReason());
        write(o);
    }

    private static JsonObject base(String event, String source, Ticket ticket) {
        JsonObject o = new JsonObject();
        o.addProperty("event", event);
        o.addProperty("src", source);
        if (ticket != null) {
            o.addProperty("jti", ticket.jti());
            o.addProperty("sub", ticket.sub());
            o.addProperty("term", ticket.term());
            o.addProperty("dsk", ticket.dsk());
            o.addProperty("kid", ticket.kid());
        }
        return o;
    }

    private synchronized void write(JsonObject o) {
        try {
            out.write(o.toString());
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            LOG.error("audit line lost: {}", o, e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
