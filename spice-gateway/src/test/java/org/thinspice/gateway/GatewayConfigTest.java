package org.thinspice.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thinspice.ticket.Ed25519Keys;

class GatewayConfigTest {

    @TempDir
    static Path keys;

    private static GatewayConfig withAudit(String value) throws Exception {
        Path key = keys.resolve("controller.pub");
        if (!Files.exists(key)) {
            Files.writeString(key, Ed25519Keys.toPem(Ed25519Keys.generate().getPublic()));
        }
        Properties p = new Properties();
        p.setProperty("key.controller", key.toString());
        if (value != null) {
            p.setProperty("audit.path", value);
        }
        return GatewayConfig.fromProperties(p, Path.of("/etc/thinspice"));
    }

    @Test
    void aDashMeansStandardOutputNotAFileBesideTheConfig() throws Exception {
        // the Helm chart's config map says "audit.path=-": it must not become /etc/thinspice/- (read-only there)
        assertNull(withAudit("-").auditPath());
        assertNull(withAudit(" - ").auditPath());
        assertNull(withAudit(null).auditPath());
        assertNull(withAudit("").auditPath());
    }

    @Test
    void aRelativeAuditFileIsBesideTheConfigAndAnAbsoluteOneStays() throws Exception {
        assertEquals(Path.of("/etc/thinspice/audit.jsonl"), withAudit("audit.jsonl").auditPath());
        assertEquals(Path.of("/var/lib/thinspice/gateway/audit.jsonl"),
                withAudit("/var/lib/thinspice/gateway/audit.jsonl").auditPath());
    }
}
