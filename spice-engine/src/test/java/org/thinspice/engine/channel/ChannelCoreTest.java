package org.thinspice.engine.channel;

import org.junit.jupiter.api.Test;
import org.thinspice.engine.SpiceException;
import org.thinspice.engine.SpiceListener;
import org.thinspice.engine.SpiceProtocolException;
import org.thinspice.engine.SpiceReason;
import org.thinspice.engine.link.Caps;
import org.thinspice.engine.link.LinkReply;
import org.thinspice.engine.wire.WireWriter;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ChannelCoreTest {
    private final List<SpiceMessage> seen = new ArrayList<>();
    private final List<OutgoingMessage> sent = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final ChannelCore core = new ChannelCore(new ChannelLogic() {
        @Override
        public Caps channelCaps() {
            return Caps.of();
        }

        @Override
        public void onLinked(LinkReply reply, Outbox out) {
        }

        @Override
        public void onMessage(SpiceMessage message, Outbox out) {
            seen.add(message);
        }
    }, new SpiceListener() {
        @Override
        public void onNotify(int severity, String message) {
            notes.add(severity + ":" + message);
        }
    });

    private void feed(int type, byte[] body) throws SpiceException {
        core.onMessage(new SpiceMessage(type, body), sent::add);
    }

    private List<Integer> sentTypes() {
        return sent.stream().map(OutgoingMessage::type).toList();
    }

    @Test
    void setAckAnswersAckSyncThenAcksEveryWindow() throws Exception {
        feed(MessageTypes.SET_ACK, new WireWriter().u32(5).u32(3).toByteArray());
        assertEquals(List.of(MessageTypes.MSGC_ACK_SYNC), sentTypes());
        assertArrayEquals(new byte[] {5, 0, 0, 0}, sent.get(0).body());
        sent.clear();
        for (int i = 1; i <= 7; i++) {
            feed(302, new byte[0]);
        }
        assertEquals(List.of(MessageTypes.MSGC_ACK, MessageTypes.MSGC_ACK), sentTypes(), "one ACK per 3 messages");
        assertEquals(7, seen.size());
    }

    @Test
    void noAcksBeforeSetAck() throws Exception {
        for (int i = 0; i < 50; i++) {
            feed(302, new byte[0]);
        }
        assertEquals(List.of(), sent);
    }

    @Test
    void pingIsAnsweredWithIdAndTimestampWithoutFiller() throws Exception {
        feed(MessageTypes.PING, new WireWriter().u32(42).u64(0x1122334455667788L).bytes(new byte[256]).toByteArray());
        assertEquals(List.of(MessageTypes.MSGC_PONG), sentTypes());
        assertArrayEquals(new WireWriter().u32(42).u64(0x1122334455667788L).toByteArray(), sent.get(0).body());
    }

    @Test
    void listDispatchesSubMessagesInOrder() throws Exception {
        byte[] ping = new WireWriter().u32(1).u64(2).toByteArray();
        WireWriter list = new WireWriter().u16(2).u32(10).u32(10 + 6 + 1);
        list.u16(305).u32(1).u8(9); // first sub-message at offset 10
        list.u16(MessageTypes.PING).u32(ping.length).bytes(ping);
        feed(MessageTypes.LIST, list.toByteArray());
        assertEquals(1, seen.size());
        assertEquals(305, seen.get(0).type());
        assertArrayEquals(new byte[] {9}, seen.get(0).body());
        assertEquals(List.of(MessageTypes.MSGC_PONG), sentTypes());
    }

    @Test
    void listErrors() {
        byte[] nested = new WireWriter().u16(1).u32(6).u16(MessageTypes.LIST).u32(2).u16(0).toByteArray();
        assertEquals(SpiceReason.PROTOCOL_ERROR,
                assertThrows(SpiceProtocolException.class, () -> feed(MessageTypes.LIST, nested)).reason());
        byte[] subTooLong = new WireWriter().u16(1).u32(6).u16(305).u32(100).toByteArray();
        assertEquals(SpiceReason.PROTOCOL_ERROR,
                assertThrows(SpiceProtocolException.class, () -> feed(MessageTypes.LIST, subTooLong)).reason());
        byte[] tooMany = new WireWriter().u16(65535).toByteArray();
        assertEquals(SpiceReason.LIMIT_EXCEEDED,
                assertThrows(SpiceProtocolException.class, () -> feed(MessageTypes.LIST, tooMany)).reason());
    }

    @Test
    void notifyReachesTheListener() throws Exception {
        byte[] text = "disk almost full\0".getBytes();
        feed(MessageTypes.NOTIFY, new WireWriter().u64(0).u32(1).u32(2).u32(0).u32(text.length).bytes(text).toByteArray());
        assertEquals(List.of("1:disk almost full"), notes);
        byte[] lying = new WireWriter().u64(0).u32(1).u32(2).u32(0).u32(500).bytes(text).toByteArray();
        assertEquals(SpiceReason.PROTOCOL_ERROR,
                assertThrows(SpiceProtocolException.class, () -> feed(MessageTypes.NOTIFY, lying)).reason());
    }

    @Test
    void disconnectingIsRemembered() throws Exception {
        feed(MessageTypes.DISCONNECTING, new WireWriter().u64(0).u32(7).toByteArray());
        assertEquals(SpiceReason.SERVER_DISCONNECTED, core.serverDisconnect().reason());
    }
}
