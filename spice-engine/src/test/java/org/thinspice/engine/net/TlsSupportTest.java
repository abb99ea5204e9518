package org.thinspice.engine.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.thinspice.engine.SpiceReason;
import org.thinspice.engine.SpiceTlsException;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Full TLS handshakes in memory (Netty's JDK engines on both sides, the server presenting a fixture
 * certificate): Netty's default HTTPS endpoint identification must not add a check of its own.
 */
class TlsSupportTest {
    @Test
    void nettysEndpointIdentificationIsOff() throws Exception {
        TlsSupport tls = new TlsSupport(TestCerts.pem("ca"), null, "127.0.0.1", null);
        SslHandler h = tls.newHandler(ByteBufAllocator.DEFAULT, "127.0.0.1", 5900);
        assertNull(h.engine().getSSLParameters().getEndpointIdentificationAlgorithm());
    }

    @Test
    void hostSubjectWithoutSubjectAltNameConnectsToAnAddress() throws Exception {
        assertNull(handshake("nosan-desk", "O=Thin Corp,CN=desk.example"));
    }

    @Test
    void anAddressMayBeTheCommonNameOfACertificateWithoutSubjectAltName() throws Exception {
        assertNull(handshake("nosan-ip", null));
    }

    @Test
    void eachFailedCheckIsReportedAsSuch() throws Exception {
        assertEquals(SpiceReason.TLS_SUBJECT_MISMATCH, handshake("nosan-desk", "O=Thin Corp,CN=evil.example").reason());
        assertEquals(SpiceReason.TLS_HOST_NAME_MISMATCH, handshake("nosan-desk", null).reason());
        assertEquals(SpiceReason.TLS_CERT_EXPIRED, handshake("expired", null).reason());
        SpiceTlsException chain = handshake("san-ip", null, TestCerts.pem("other-ca"));
        assertEquals(SpiceReason.TLS_CHAIN_UNTRUSTED, chain.reason());
        assertTrue(chain.getMessage().startsWith(SpiceReason.TLS_CHAIN_UNTRUSTED.sentence()), chain.getMessage());
    }

    private static SpiceTlsException handshake(String serverCert, String hostSubject) throws Exception {
        return handshake(serverCert, hostSubject, TestCerts.pem("ca"));
    }

    /** Null when the client accepted the server, else the classified failure. */
    private static SpiceTlsException handshake(String serverCert, String hostSubject, String caPem) throws Exception {
        SslContext server = SslContextBuilder.forServer(stream(TestCerts.pem(serverCert)),
                stream(TestCerts.pem("server-key"))).sslProvider(SslProvider.JDK).build();
        TlsSupport tls = new TlsSupport(caPem, hostSubject, "127.0.0.1", null);
        SslHandler clientTls = tls.newHandler(ByteBufAllocator.DEFAULT, "127.0.0.1", 5900);
        EmbeddedChannel client = new EmbeddedChannel(clientTls);
        EmbeddedChannel srv = new EmbeddedChannel(server.newHandler(ByteBufAllocator.DEFAULT));
        try {
            Future<?> done = clientTls.handshakeFuture();
            for (int round = 0; round < 50 && !done.isDone(); round++) {
                shuttle(client, srv);
                shuttle(srv, client);
            }
            assertTrue(done.isDone(), "handshake finished");
            return done.isSuccess() ? null : TlsSupport.classify(done.cause());
        } finally {
            client.finishAndReleaseAll();
            srv.finishAndReleaseAll();
        }
    }

    private static void shuttle(EmbeddedChannel from, EmbeddedChannel to) {
        from.runPendingTasks();
        for (ByteBuf b; (b = from.readOutbound()) != null; ) {
            try {
                to.writeInbound(b);
            } catch (RuntimeException closed) {
                // the peer failed its handshake; its own future carries the reason
            }
        }
        to.runPendingTasks();
    }

    private static ByteArrayInputStream stream(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.US_ASCII));
    }
}
