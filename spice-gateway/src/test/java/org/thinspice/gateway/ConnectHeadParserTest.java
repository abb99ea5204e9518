package org.thinspice.gateway;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConnectHeadParserTest {
    private static final String GIO_HEAD = "CONNECT tsg1.abc.def:5930 HTTP/1.0\r\nHost: tsg1.abc.def:5930\r\n"
            + "Proxy-Connection: keep-alive\r\nUser-Agent: GLib/2.74\r\n\r\n";

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void wholeHeadAtOnce() throws Exception {
        ConnectHeadParser p = new ConnectHeadParser();
        byte[] b = ascii(GIO_HEAD);
        assertEquals(b.length, p.feed(b, 0, b.length));
        assertTrue(p.isComplete());
        assertEquals(new ConnectHead("tsg1.abc.def", 5930, "HTTP/1.0"), p.head());
    }

    @Test
    void oneByteAtATimeStopsExactlyAtTheEmptyLine() throws Exception {
        byte[] b = ascii(GIO_HEAD + "REDQ");
        ConnectHeadParser p = new ConnectHeadParser();
        int i = 0;
        while (!p.isComplete()) {
            assertEquals(1, p.feed(b, i, 1));
            i++;
        }
        assertEquals(GIO_HEAD.length(), i);
        assertEquals(0, p.feed(b, i, 1), "bytes after the head belong to the tunnel");
        assertEquals(5930, p.head().port());
    }

    @Test
    void everySplitPointGivesTheSameHeadAndLeavesTheTail() throws Exception {
        byte[] b = ascii(GIO_HEAD + "tail");
        for (int split = 0; split <= b.length; split++) {
            ConnectHeadParser p = new ConnectHeadParser();
            int used = p.feed(b, 0, split);
            if (!p.isComplete()) {
                used += p.feed(b, split, b.length - split);
            }
            assertTrue(p.isComplete(), "split " + split);
            assertEquals(GIO_HEAD.length(), used, "split " + split);
            assertEquals("tsg1.abc.def", p.head().host());
            byte[] tail = java.util.Arrays.copyOfRange(b, used, b.length);
            assertArrayEquals(ascii("tail"), tail);
        }
    }

    @Test
    void bareLineFeedsAndNoHostHeaderAreAccepted() throws Exception {
        ConnectHeadParser p = parse("CONNECT h:1 HTTP/1.1\n\n");
        assertEquals(new ConnectHead("h", 1, "HTTP/1.1"), p.head());
    }

    @Test
    void authoritySplitsAtTheLastColon() throws Exception {
        assertEquals(new ConnectHead("[::1]", 443, "HTTP/1.1"), parse("CONNECT [::1]:443 HTTP/1.1\r\n\r\n").head());
    }

    @Test
    void overEightKibibytesIsTooLarge() {
        ConnectHeadParser p = new ConnectHeadParser();
        byte[] line = ascii("X-Filler: " + "a".repeat(100) + "\r\n");
        RefusalException e = assertThrows(RefusalException.class, () -> {
            p.feed(ascii("CONNECT h:1 HTTP/1.1\r\n"), 0, 22);
            for (int i = 0; i < 100; i++) {
                p.feed(line, 0, line.length);
            }
        });
        assertEquals(Refusal.HEAD_TOO_LARGE, e.refusal());
        assertEquals(ConnectHeadParser.MAX_HEAD, p.buffered());
    }

    @Test
    void exactlyEightKibibytesIsAccepted() throws Exception {
        String start = "CONNECT h:1 HTTP/1.1\r\nX: ";
        String head = start + "a".repeat(ConnectHeadParser.MAX_HEAD - start.length() - 4) + "\r\n\r\n";
        assertEquals(ConnectHeadParser.MAX_HEAD, head.length());
        assertEquals("h", parse(head).head().host());
    }

    @Test
    void malformedHeadsAreBadRequests() {
        String[] bad = {
            "GET / HTTP/1.1\r\n\r\n",
            "CONNECT h:1 HTTP/2\r\n\r\n",
            "CONNECT h:1\r\n\r\n",
            "CONNECT  h:1 HTTP/1.1\r\n\r\n",
            "CONNECT h HTTP/1.1\r\n\r\n",
            "CONNECT :1 HTTP/1.1\r\n\r\n",
            "CONNECT h: HTTP/1.1\r\n\r\n",
            "CONNECT h:0 HTTP/1.1\r\n\r\n",
            "CONNECT h:65536 HTTP/1.1\r\n\r\n",
            "CONNECT h:123456 HTTP/1.1\r\n\r\n",
            "CONNECT h:+1 HTTP/1.1\r\n\r\n",
            "connect h:1 HTTP/1.1\r\n\r\n",
            "CONNECT h:1 HTTP/1.1\r\nHost: other:1\r\n\r\n",
            "CONNECT h:1 HTTP/1.1\r\nHost: h:1\r\nHost: h:1\r\n\r\n",
            "CONNECT h:1 HTTP/1.1\r\nno colon\r\n\r\n",
            "CONNECT h:1 HTTP/1.1\r\n folded: x\r\n\r\n",
            "CONNECT h\u0001:1 HTTP/1.1\r\n\r\n",
            "CONNECT h:1 HTTP/1.1\r\nX: \u00e9\r\n\r\n",
            "\u0000\u0001\u0002\r\n\r\n",
        };
        for (String s : bad) {
            RefusalException e = assertThrows(RefusalException.class, () -> parse(s).head(), s);
            assertEquals(Refusal.BAD_REQUEST, e.refusal(), s);
        }
    }

    @Test
    void incompleteHeadIsNotComplete() throws Exception {
        ConnectHeadParser p = new ConnectHeadParser();
        byte[] b = ascii("CONNECT h:1 HTTP/1.1\r\nHost: h:1\r\n");
        p.feed(b, 0, b.length);
        assertFalse(p.isComplete());
        assertThrows(IllegalStateException.class, p::head);
    }

    private static ConnectHeadParser parse(String head) throws RefusalException {
        ConnectHeadParser p = new ConnectHeadParser();
        byte[] b = ascii(head);
        p.feed(b, 0, b.length);
        assertTrue(p.isComplete(), head);
        return p;
    }
}
