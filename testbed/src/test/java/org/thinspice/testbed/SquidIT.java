package org.thinspice.testbed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class SquidIT {

    @Test
    void connectTunnelReachesSpiceLink() throws Exception {
        long squidPid;
        try (QemuSpiceServer qemu = QemuSpiceServer.builder().start(); Squid squid = Squid.start()) {
            squidPid = squid.pid();
            String target = qemu.host() + ":" + qemu.port();
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(squid.host(), squid.port()), 2000);
                s.setSoTimeout(5000);
                OutputStream out = s.getOutputStream();
                InputStream in = s.getInputStream();
                out.write(("CONNECT " + target + " HTTP/1.1\r\nHost: " + target + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                String head = readHead(in);
                assertTrue(head.startsWith("HTTP/1.1 200"), head);

                out.write(mainChannelLink());
                byte[] reply = in.readNBytes(16);
                assertArrayEquals("REDQ".getBytes(StandardCharsets.US_ASCII), java.util.Arrays.copyOf(reply, 4));
                ByteBuffer h = ByteBuffer.wrap(reply).order(ByteOrder.LITTLE_ENDIAN);
                assertEquals(2, h.getInt(4), "major version");
                int size = h.getInt(12);
                ByteBuffer body = ByteBuffer.wrap(in.readNBytes(size)).order(ByteOrder.LITTLE_ENDIAN);
                assertEquals(0, body.getInt(0), "link error");
            }
            String log = awaitContains(squid.accessLog(), "TCP_TUNNEL/200");
            assertTrue(log.contains("CONNECT " + target), log);
        }
        assertFalse(ProcessHandle.of(squidPid).map(ProcessHandle::isAlive).orElse(false));
    }

    /** SpiceLinkHeader + SpiceLinkMess for the main channel, one common caps word (AUTH_SELECTION|AUTH_SPICE|MINI_HEADER). */
    static byte[] mainChannelLink() {
        ByteBuffer b = ByteBuffer.allocate(16 + 18 + 4).order(ByteOrder.LITTLE_ENDIAN);
        b.put("REDQ".getBytes(StandardCharsets.US_ASCII)).putInt(2).putInt(2).putInt(18 + 4);
        b.putInt(0).put((byte) 1).put((byte) 0).putInt(1).putInt(0).putInt(18);
        b.putInt(0xB);
        return b.array();
    }

    private static String readHead(InputStream in) throws java.io.IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (head.size() < 8192) {
            int c = in.read();
            if (c < 0) {
                break;
            }
            head.write(c);
            String s = head.toString(StandardCharsets.US_ASCII);
            if (s.endsWith("\r\n\r\n")) {
                return s;
            }
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    /** squid writes the tunnel's log line when the tunnel closes. */
    private static String awaitContains(java.nio.file.Path file, String text) throws Exception {
        String content = "";
        for (int i = 0; i < 50; i++) {
            content = Files.exists(file) ? Files.readString(file) : "";
            if (content.contains(text)) {
                return content;
            }
            Thread.sleep(100);
        }
        return content;
    }
}
