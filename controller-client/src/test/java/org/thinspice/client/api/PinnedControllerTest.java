package org.thinspice.client.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.thinspice.controller.Controller;
import org.thinspice.controller.ControllerConfig;

/**
 * The client against the real controller over HTTPS (its self-made certificate): the fingerprint the
 * kiosk shows at enrolment is the one the controller prints; pinned to it the client works (HTTP/2),
 * pinned to anything else it refuses with CERTIFICATE_CHANGED naming what was presented.
 */
class PinnedControllerTest {
    @Test
    void trustsThePinnedCertificateAndNoOther() throws Exception {
        ControllerConfig c = ControllerConfig.defaults(Files.createTempDirectory("tsk-pin"));
        c.listen.port = 0;
        c.auth.passwordIterations = 10_000;
        try (Controller controller = Controller.start(c)) {
            URI base = URI.create(controller.baseUrl());
            assertTrue(base.getScheme().equals("https"), base.toString());
            String fp = controller.certificate().fingerprint();
            assertEquals(fp, PinnedCertificate.fingerprint(PinnedCertificate.presentedBy(base, Duration.ofSeconds(5))));

            HttpControllerClient pinned = new HttpControllerClient(base, "", null, Duration.ofSeconds(5), fp);
            assertTrue(pinned.health() >= 0);

            String other = fp.replaceFirst("^..", fp.startsWith("00") ? "11" : "00");
            HttpControllerClient wrong = new HttpControllerClient(base, "", null, Duration.ofSeconds(5), other);
            ControllerException e = assertThrows(ControllerException.class, wrong::health);
            assertEquals(ControllerException.Kind.CERTIFICATE_CHANGED, e.kind());
            assertEquals(fp, e.getMessage());

            // without a pin the JRE's trust applies, and a self-made certificate is not in it
            HttpControllerClient unpinned = new HttpControllerClient(base, "", null, Duration.ofSeconds(5));
            assertEquals(ControllerException.Kind.UNREACHABLE, assertThrows(ControllerException.class, unpinned::health).kind());
        }
    }
}
