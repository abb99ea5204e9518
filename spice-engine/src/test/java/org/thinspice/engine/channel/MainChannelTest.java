package org.thinspice.engine.channel;

import org.junit.jupiter.api.Test;
import org.thinspice.engine.ChannelType;
import org.thinspice.engine.SpiceListener;
import org.thinspice.engine.SpiceProtocolException;
import org.thinspice.engine.SpiceReason;
import org.thinspice.engine.wire.WireWriter;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MainChannelTest {
    private final List<String> events = new ArrayList<>();
    private final List<OutgoingMessage> sent = new ArrayList<>();
    private List<MainChannel.ChannelId> listed;
    private final long[] now = {0};
    private final MultimediaClock clock = new MultimediaClock(() -> now[0]);
    private final MainChannel main = new MainChannel(new MainChannel.Events() {
        @Override
        public void onInit(long sessionId, int displayChannelsHint) {
            events.add("init " + sessionId + " " + displayChannelsHint);
        }

        @Override
        public void onChannelsList(List<MainChannel.ChannelId> channels) {
            listed = channels;
        }
    }, new SpiceListener() {
        @Override
        public void onMouseMode(int supported, int current) {
            events.add("mouse " + supported + " " + current);
        }
    }, clock, new org.thinspice.engine.agent.AgentClient(org.thinspice.engine.agent.ClipboardPolicy.BOTH));

    private static byte[] init(int supportedModes, int currentMode) {
        return new WireWriter().u32(0xABCD).u32(2).u32(supportedModes).u32(currentMode).u32(0).u32(10).u32(5000).u32(0)
                .toByteArray();
    }

    @Test
    void initAttachesChannelsAndAsksForClientMouse() throws Exception {
        main.onMessage(new SpiceMessage(MessageTypes.MAIN_INIT, init(3, 1)), sent::add);
        assertEquals(0xABCD, main.sessionId());
        assertTrue(events.contains("init 43981 2"), events.toString());
        assertEquals(List.of(MessageTypes.MSGC_MAIN_ATTACH_CHANNELS, MessageTypes.MSGC_MAIN_MOUSE_MODE_REQUEST),
                sent.stream().map(OutgoingMessage::type).toList());
        assertArrayEquals(new byte[] {2, 0}, sent.get(1).body());
        now[0] = 1_500_000_000L;
        assertEquals(6500, clock.now(), "multimedia time from INIT advances with the local clock");
    }

    @Test
    void noMouseRequestWhenClientModeUnsupportedOrCurrent() throws Exception {
        main.onMessage(new SpiceMessage(MessageTypes.MAIN_INIT, init(1, 1)), sent::add);
        main.onMessage(new SpiceMessage(MessageTypes.MAIN_MOUSE_MODE, new WireWriter().u16(3).u16(2).toByteArray()),
                sent::add);
        assertEquals(List.of(MessageTypes.MSGC_MAIN_ATTACH_CHANNELS), sent.stream().map(OutgoingMessage::type).toList());
        assertEquals(MainChannel.MOUSE_MODE_CLIENT, main.mouseMode());
    }

    @Test
    void channelsList() throws Exception {
        byte[] body = new WireWriter().u32(3).u8(2).u8(0).u8(3).u8(0).u8(77).u8(1).toByteArray();
        main.onMessage(new SpiceMessage(MessageTypes.MAIN_CHANNELS_LIST, body), sent::add);
        assertEquals(3, listed.size());
        assertEquals(ChannelType.DISPLAY, listed.get(0).channelType());
        assertEquals(ChannelType.INPUTS, listed.get(1).channelType());
        assertEquals(null, listed.get(2).channelType(), "unknown type kept, with no ChannelType");
        assertEquals(1, listed.get(2).id());
    }

    @Test
    void channelsListErrors() {
        byte[] huge = new WireWriter().u32(1L << 31).toByteArray();
        assertEquals(SpiceReason.LIMIT_EXCEEDED, assertThrows(SpiceProtocolException.class,
                () -> main.onMessage(new SpiceMessage(MessageTypes.MAIN_CHANNELS_LIST, huge), sent::add)).reason());
        byte[] short2 = new WireWriter().u32(2).u8(2).u8(0).toByteArray();
        assertEquals(SpiceReason.PROTOCOL_ERROR, assertThrows(SpiceProtocolException.class,
                () -> main.onMessage(new SpiceMessage(MessageTypes.MAIN_CHANNELS_LIST, short2), sent::add)).reason());
    }

    @Test
    void nameAndUuid() throws Exception {
        byte[] name = "win11\0".getBytes();
        main.onMessage(new SpiceMessage(MessageTypes.MAIN_NAME, new WireWriter().u32(name.length).bytes(name).toByteArray()),
                sent::add);
        assertEquals("win11", main.vmName());
        byte[] uuid = new byte[16];
        uuid[15] = 1;
        main.onMessage(new SpiceMessage(MessageTypes.MAIN_UUID, uuid), sent::add);
        assertArrayEquals(uuid, main.vmUuid());
    }
}
