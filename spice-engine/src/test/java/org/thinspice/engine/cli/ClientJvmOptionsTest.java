package org.thinspice.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ClientJvmOptionsTest {
    @Test
    void commentsAndBlankLinesAreSkipped() {
        assertEquals(List.of("-XX:TieredStopAtLevel=1", "-Dx=y"),
                ClientJvmOptions.parse(List.of("# why", "", "  -XX:TieredStopAtLevel=1  # C1", "-Dx=y")));
    }

    @Test
    void aLineWithTwoOptionsOrNoOptionIsRefusedInWords() {
        IllegalStateException two = assertThrows(IllegalStateException.class,
                () -> ClientJvmOptions.parse(List.of("-Xmx1g -Xms1g")));
        assertTrue(two.getMessage().contains("not one JVM option: -Xmx1g -Xms1g"), two.getMessage());
        assertThrows(IllegalStateException.class, () -> ClientJvmOptions.parse(List.of("TieredStopAtLevel=1")));
    }

    @Test
    void theShippedOptionsAreTheMeasuredOnesAndThisJvmAcceptsThem() throws Exception {
        List<String> options = ClientJvmOptions.list();
        assertEquals(List.of("-XX:TieredStopAtLevel=1", "-XX:CompileThresholdScaling=0.05", "-XX:-UsePerfData"), options);
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(options);
        cmd.addAll(List.of("-XX:+PrintFlagsFinal", "-version"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "java -version did not end");
            assertEquals(0, p.exitValue(), out);
            assertTrue(out.matches("(?s).*TieredStopAtLevel\\s+= 1 .*"), out);
            assertTrue(out.matches("(?s).*CompileThresholdScaling\\s+= 0\\.05.*"), out);
            assertTrue(out.matches("(?s).*UsePerfData\\s+= false .*"), out);
        } finally {
            p.destroyForcibly();
        }
    }
}
