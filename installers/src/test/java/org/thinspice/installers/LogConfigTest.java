package org.thinspice.installers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/**
 * The packaged logback files: text by default, one JSON object a line with {@code THINSPICE_LOG_FORMAT=json}, the
 * HTTP request id (MDC {@code requestId}) in both — and nothing else on the stream (no logback status dump).
 */
class LogConfigTest {
    private static List<String> logOnce(Path config, String format) throws Exception {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(MDC.getMDCAdapter()); // the MDC the application writes to
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            if (format != null) {
                context.putProperty("THINSPICE_LOG_FORMAT", format);
            }
            JoranConfigurator joran = new JoranConfigurator();
            joran.setContext(context);
            joran.doConfigure(config.toFile());
            MDC.put("requestId", "req-0123456789");
            context.getLogger("org.thinspice.controller.Test").info("signed in {} from {}", "alice", "t-1");
        } finally {
            MDC.remove("requestId");
            context.stop();
            System.setErr(err);
        }
        return captured.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void textByDefaultJsonOnRequestBothWithTheRequestId() throws Exception {
        for (Path config : List.of(Path.of("controller", "controller-logback.xml"),
                Path.of("..", "spice-gateway", "src", "main", "resources", "logback.xml"))) {
            List<String> text = logOnce(config, null);
            assertEquals(1, text.size(), config + ": one line, no status dump: " + text);
            assertTrue(text.get(0).contains("INFO") && text.get(0).contains("signed in alice from t-1"), text.get(0));

            List<String> json = logOnce(config, "json");
            assertEquals(1, json.size(), config + ": " + json);
            JsonObject o = JsonParser.parseString(json.get(0)).getAsJsonObject();
            assertEquals("INFO", o.get("level").getAsString());
            assertEquals("org.thinspice.controller.Test", o.get("loggerName").getAsString());
            assertEquals("signed in alice from t-1", o.get("formattedMessage").getAsString());
            assertEquals("req-0123456789", o.getAsJsonObject("mdc").get("requestId").getAsString());
            assertTrue(o.get("timestamp").getAsLong() > 0);
        }
        assertTrue(logOnce(Path.of("controller", "controller-logback.xml"), null).get(0).contains("[req-0123456789]"),
                "the controller's text lines carry the request id");
    }
}
