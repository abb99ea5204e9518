package org.thinspice.engine.agent;

import org.junit.jupiter.api.Test;
import org.thinspice.engine.SpiceProtocolException;
import org.thinspice.engine.SpiceReason;
import org.thinspice.engine.wire.WireWriter;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AgentStreamDecoderTest {
    private static byte[] stream(AgentMessage... msgs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (AgentMessage m : msgs) {
            out.writeBytes(m.encode());
        }
        return out.toByteArray();
    }

    private final AgentMessage a = new AgentMessage(AgentMessage.CLIPBOARD_GRAB, new byte[] {1, 0, 0, 0});
    private final AgentMessage b = new AgentMessage(AgentMessage.CLIPBOARD, "hello, agent".getBytes());
    private final AgentMessage empty = new AgentMessage(AgentMessage.CLIPBOARD_RELEASE, new byte[0]);

    @Test
    void severalMessagesInOnePiece() throws Exception {
        byte[] s = stream(a, empty, b);
        List<AgentMessage> got = new AgentStreamDecoder(1024).feed(s, 0, s.length);
        assertEquals(3, got.size());
        assertEquals(AgentMessage.CLIPBOARD_GRAB, got.get(0).type());
        assertEquals(0, got.get(1).data().length);
        assertArrayEquals(b.data(), got.get(2).data());
    }

    @Test
    void oneByteAtATimeAndRandomSplits() throws Exception {
        byte[] s = stream(a, b, empty, b);
        AgentStreamDecoder d = new AgentStreamDecoder(1024);
        List<AgentMessage> got = new ArrayList<>();
        for (int i = 0; i < s.length; i++) {
            got.addAll(d.feed(s, i, 1));
        }
        assertEquals(4, got.size());
        Random rnd = new Random(3);
        for (int round = 0; round < 50; round++) {
            AgentStreamDecoder d2 = new AgentStreamDecoder(1024);
            List<AgentMessage> got2 = new ArrayList<>();
            int off = 0;
            while (off < s.length) {
                int n = Math.min(s.length - off, 1 + rnd.nextInt(30));
                got2.addAll(d2.feed(s, off, n));
                off += n;
            }
            assertEquals(4, got2.size());
            assertArrayEquals(b.data(), got2.get(3).data());
        }
    }

    @Test
    void oversizedHeaderIsRefusedBeforeAllocating() {
        byte[] header = new WireWriter().u32(1).u32(4).u64(0).u32(0xFFFFFFF0L).toByteArray();
        SpiceProtocolException e = assertThrows(SpiceProtocolException.class,
                () -> new AgentStreamDecoder(1 << 20).feed(header, 0, header.length));
        assertEquals(SpiceReason.LIMIT_EXCEEDED, e.reason());
    }

    @Test
    void wrongProtocolIsAnError() {
        byte[] header = new WireWriter().u32(7).u32(4).u64(0).u32(0).toByteArray();
        assertThrows(SpiceProtocolException.class, () -> new AgentStreamDecoder(1024).feed(header, 0, header.length));
    }
}
