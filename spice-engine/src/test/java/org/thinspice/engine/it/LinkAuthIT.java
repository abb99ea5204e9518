package org.thinspice.engine.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.thinspice.engine.SpiceConnectOptions;
import org.thinspice.engine.SpiceException;
import org.thinspice.engine.SpiceReason;
import org.thinspice.testbed.QemuSpiceServer;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Link and authentication against a real spice-server: passwords, TLS with CA and host-subject, and
 * the NEED_SECURED switch. SeaBIOS is enough: these are about the link, not the picture.
 */
class LinkAuthIT {
    private static QemuSpiceServer tls;

    @BeforeAll
    static void startTlsServer() throws Exception {
        tls = QemuSpiceServer.builder().noGuest().password("s3cret").tls().start();
    }

    @AfterAll
    static void stop() {
        if (tls != null) {
            tls.close();
        }
    }

    private static void assertPicture(SpiceConnectOptions o) throws Exception {
        try (EngineProbe p = EngineProbe.connect(o)) {
            p.awaitQuiet(Duration.ofMillis(200), Duration.ofSeconds(20));
            assertTrue(p.session.primarySurface().width() > 0);
        }
    }

    private static SpiceException failure(SpiceConnectOptions o) {
        return assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertThrows(SpiceException.class, () -> {
            EngineProbe p = EngineProbe.connect(o);
            p.close();
        }));
    }

    @Test
    void openServerNeedsNoPassword() throws Exception {
        try (QemuSpiceServer open = QemuSpiceServer.builder().noGuest().start()) {
            assertPicture(SpiceConnectOptions.builder().host(open.host()).port(open.port()).build());
        }
    }

    @Test
    void rightPasswordLinksAndWrongOneIsAClearAuthError() throws Exception {
        try (QemuSpiceServer pw = QemuSpiceServer.builder().noGuest().password("s3cret").start()) {
            assertPicture(SpiceConnectOptions.builder().host(pw.host()).port(pw.port()).password("s3cret").build());
            SpiceException e = failure(SpiceConnectOptions.builder().host(pw.host()).port(pw.port())
                    .password("wrong").build());
            assertEquals(SpiceReason.AUTH_FAILED, e.reason(), e.getMessage());
        }
    }

    @Test
    void expiredPasswordIsRefused() throws Exception {
        try (QemuSpiceServer pw = QemuSpiceServer.builder().noGuest().password("s3cret").start()) {
            pw.qmp().expirePassword("now");
            SpiceException e = failure(SpiceConnectOptions.builder().host(pw.host()).port(pw.port())
                    .password("s3cret").build());
            assertEquals(SpiceReason.AUTH_FAILED, e.reason(), e.getMessage());
        }
    }

    @Test
    void tlsWithTheRightCaAndSubject() throws Exception {
        assertPicture(SpiceConnectOptions.builder().host(tls.host()).tlsPort(tls.tlsPort()).password("s3cret")
                .caPem(tls.pki().caPem()).hostSubject(tls.pki().serverSubject()).build());
    }

    @Test
    void tlsCheckingTheHostNameWhenNoSubjectIsGiven() throws Exception {
        assertPicture(SpiceConnectOptions.builder().host(tls.host()).tlsPort(tls.tlsPort()).password("s3cret")
                .caPem(tls.pki().caPem()).build());
    }

    @Test
    void tlsWithTheWrongCaIsUntrusted() throws Exception {
        SpiceException e = failure(SpiceConnectOptions.builder().host(tls.host()).tlsPort(tls.tlsPort())
                .password("s3cret").caPem(tls.pki().otherCaPem()).build());
        assertEquals(SpiceReason.TLS_CHAIN_UNTRUSTED, e.reason(), e.getMessage());
    }

    @Test
    void tlsWithTheWrongSubjectIsUntrusted() throws Exception {
        SpiceException e = failure(SpiceConnectOptions.builder().host(tls.host()).tlsPort(tls.tlsPort())
                .password("s3cret").caPem(tls.pki().caPem()).hostSubject("C=XX,O=someone else,CN=127.0.0.1")
                .build());
        assertEquals(SpiceReason.TLS_SUBJECT_MISMATCH, e.reason(), e.getMessage());
        assertTrue(e.getMessage().contains("host-subject"), e.getMessage());
    }

    @Test
    void needSecuredSwitchesToTheTlsPort() throws Exception {
        try (QemuSpiceServer secured = QemuSpiceServer.builder().noGuest().password("s3cret").tlsForAllChannels()
                .start()) {
            // Both ports known: the plain link is refused with NEED_SECURED and retried over TLS.
            assertPicture(SpiceConnectOptions.builder().host(secured.host()).port(secured.port())
                    .tlsPort(secured.tlsPort()).password("s3cret").caPem(secured.pki().caPem()).build());
            // Only the plain port known: a clear error, not a hang.
            SpiceException e = failure(SpiceConnectOptions.builder().host(secured.host()).port(secured.port())
                    .password("s3cret").build());
            assertEquals(SpiceReason.NEED_SECURED, e.reason(), e.getMessage());
        }
    }

    @Test
    void nothingListeningIsAConnectError() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        SpiceException e = failure(SpiceConnectOptions.builder().host("127.0.0.1").port(port).build());
        assertEquals(SpiceReason.CONNECT_FAILED, e.reason(), e.getMessage());
    }
}
