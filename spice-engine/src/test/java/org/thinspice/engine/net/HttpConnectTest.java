package org.thinspice.engine.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;
import org.thinspice.engine.SpiceConnectException;
import org.thinspice.engine.SpiceException;
import org.thinspice.engine.SpiceReason;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HttpConnectTest {
    private static final String PVE_HOST = "pvespiceproxy:5f2a0b:101:node1::abc";

    @Test
    void requestPassesProxmoxTicketHostVerbatim() {
        String req = new String(HttpConnect.request(PVE_HOST, 61000, null), StandardCharsets.ISO_8859_1);
        assertEquals("CONNECT " + PVE_HOST + ":61000 HTTP/1.1\r\nHost: " + PVE_HOST + ":61000\r\n\r\n", req);
    }

    @Test
    void requestCarriesBasicProxyAuthorization() {
        String req = new String(HttpConnect.request("10.0.0.5", 5900, "user:pa:ss"), StandardCharsets.ISO_8859_1);
        assertTrue(req.startsWith("CONNECT 10.0.0.5:5900 HTTP/1.1\r\n"), req);
        assertTrue(req.contains("\r\nProxy-Authorization: Basic dXNlcjpwYTpzcw==\r\n"), req);
        assertTrue(req.endsWith("\r\n\r\n"));
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void statusParsing() throws Exception {
        byte[] ok = ascii("HTTP/1.1 200 Connection established\r\n\r\n");
        HttpConnect.checkStatus(ok, ok.length);
        byte[] ok10 = ascii("HTTP/1.0 200\r\n\r\n");
        HttpConnect.checkStatus(ok10, ok10.length);
        for (String bad : new String[] {"HTTP/1.1 403 Forbidden\r\n\r\n", "HTTP/1.1 407 Proxy Authentication Required\r\n\r\n",
                "SSH-2.0-OpenSSH\r\n\r\n", "HTTP/1.1 abc\r\n\r\n", "\r\n\r\n"}) {
            byte[] b = ascii(bad);
            SpiceConnectException e = assertThrows(SpiceConnectException.class, () -> HttpConnect.checkStatus(b, b.length));
            assertEquals(SpiceReason.PROXY_FAILED, e.reason());
        }
        byte[] forbidden = ascii("HTTP/1.1 403 Forbidden\r\n\r\n");
        assertTrue(assertThrows(SpiceConnectException.class, () -> HttpConnect.checkStatus(forbidden, forbidden.length))
                .getMessage().contains("403"));
    }

    @Test
    void headEnd() {
        byte[] b = ascii("HTTP/1.1 200 OK\r\nX: y\r\n\r\nREDQ");
        assertEquals(b.length - 4, HttpConnect.headEnd(b, b.length));
        assertEquals(-1, HttpConnect.headEnd(b, b.length - 6));
    }

    /** Handler in an EmbeddedChannel, with its callbacks recorded. */
    private static final class Harness {
        final List<String> events = new ArrayList<>();
        SpiceException failure;
        final EmbeddedChannel ch;

        Harness() {
            ch = new EmbeddedChannel();
            ch.pipeline().addLast("proxy", new HttpConnectHandler(PVE_HOST, 61000, "u:p",
                    (ChannelHandlerContext ctx) -> events.add("established"),
                    (ctx, e) -> {
                        events.add("failed");
                        failure = e;
                    }));
            ch.pipeline().fireChannelActive();
        }
    }

    @Test
    void handlerSendsRequestAndPassesBytesAfterTheSplitHead() {
        Harness h = new Harness();
        ByteBuf req = h.ch.readOutbound();
        assertTrue(ByteBufUtil.getBytes(req).length > 0);
        assertArrayEquals(HttpConnect.request(PVE_HOST, 61000, "u:p"), ByteBufUtil.getBytes(req));
        req.release();
        byte[] wire = ascii("HTTP/1.1 200 Connection established\r\nVia: squid\r\n\r\nREDQ");
        // split inside the terminating CRLFCRLF
        h.ch.writeInbound(Unpooled.wrappedBuffer(wire, 0, 50));
        assertEquals(List.of(), h.events);
        h.ch.writeInbound(Unpooled.wrappedBuffer(wire, 50, wire.length - 50));
        assertEquals(List.of("established"), h.events);
        assertNull(h.ch.pipeline().get("proxy"), "handler removed itself");
        ByteBuf rest = h.ch.readInbound();
        assertEquals("REDQ", rest.toString(StandardCharsets.ISO_8859_1));
        rest.release();
        assertFalse(h.ch.finishAndReleaseAll());
    }

    @Test
    void handlerOneByteAtATime() {
        Harness h = new Harness();
        ((ByteBuf) h.ch.readOutbound()).release();
        byte[] wire = ascii("HTTP/1.0 200 OK\r\n\r\n");
        for (byte b : wire) {
            h.ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }
        assertEquals(List.of("established"), h.events);
        h.ch.finishAndReleaseAll();
    }

    @Test
    void handlerReportsRefusalAndCloses() {
        Harness h = new Harness();
        ((ByteBuf) h.ch.readOutbound()).release();
        h.ch.writeInbound(Unpooled.wrappedBuffer(ascii("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n")));
        assertEquals(List.of("failed"), h.events);
        assertEquals(SpiceReason.PROXY_FAILED, h.failure.reason());
        assertFalse(h.ch.isOpen());
        h.ch.finishAndReleaseAll();
    }

    @Test
    void oversizedHeadIsRefused() {
        Harness h = new Harness();
        ((ByteBuf) h.ch.readOutbound()).release();
        byte[] junk = ascii("HTTP/1.1 200 OK\r\n" + "X-Pad: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n".repeat(200));
        h.ch.writeInbound(Unpooled.wrappedBuffer(junk));
        assertEquals(List.of("failed"), h.events);
        assertTrue(h.failure.getMessage().contains("too long"), h.failure.getMessage());
        h.ch.finishAndReleaseAll();
    }

    @Test
    void proxyClosingEarlyIsReportedOnce() {
        Harness h = new Harness();
        ((ByteBuf) h.ch.readOutbound()).release();
        h.ch.writeInbound(Unpooled.wrappedBuffer(ascii("HTTP/1.1 2")));
        h.ch.close();
        assertEquals(List.of("failed"), h.events);
        assertEquals(SpiceReason.PROXY_FAILED, h.failure.reason());
        h.ch.finishAndReleaseAll();
    }
}
