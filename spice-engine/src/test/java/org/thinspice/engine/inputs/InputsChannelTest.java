package org.thinspice.engine.inputs;

import org.junit.jupiter.api.Test;
import org.thinspice.engine.channel.OutgoingMessage;
import org.thinspice.engine.channel.SpiceMessage;
import org.thinspice.engine.wire.WireReader;
import org.thinspice.engine.wire.WireWriter;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class InputsChannelTest {
    private final List<OutgoingMessage> sent = new ArrayList<>();
    private final int[] locks = {-1};
    private final InputsChannel in = new InputsChannel(l -> locks[0] = l);

    InputsChannelTest() {
        in.onLinked(null, sent::add);
    }

    private long u32(OutgoingMessage m) throws Exception {
        return new WireReader(m.body()).u32();
    }

    @Test
    void keysAreSetOneScancodesWithE0ForExtendedKeys() throws Exception {
        in.tap(PcKey.A);
        in.tap(PcKey.CONTROL_RIGHT);
        in.tap(PcKey.ARROW_UP);
        assertEquals(List.of(0x1EL, 0x9EL, 0x1DE0L, 0x9DE0L, 0x48E0L, 0xC8E0L),
                sent.stream().map(m -> {
                    try {
                        return u32(m);
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                }).toList());
        assertEquals(InputsChannel.MSGC_KEY_DOWN, sent.get(0).type());
        assertEquals(InputsChannel.MSGC_KEY_UP, sent.get(1).type());
    }

    @Test
    void keyMessagesAreCountedAsSentOrAsDroppedBeforeTheLink() {
        InputsChannel early = new InputsChannel(l -> { });
        early.keyDown(PcKey.A.code());
        early.keyUp(PcKey.A.code());
        assertEquals(0, early.keyMessagesSent());
        assertEquals(2, early.keyMessagesDropped());
        List<OutgoingMessage> out = new ArrayList<>();
        early.onLinked(null, out::add);
        early.tap(PcKey.ARROW_UP);
        early.setLocks(1);
        early.mousePosition(3, 4, 0);
        assertEquals(2, early.keyMessagesSent(), "lock and pointer messages are not key messages");
        assertEquals(2, early.keyMessagesDropped());
        assertEquals(2, out.stream().filter(m -> m.type() == InputsChannel.MSGC_KEY_DOWN
                || m.type() == InputsChannel.MSGC_KEY_UP).count());
    }

    @Test
    void typingUsesShiftForShiftedCharacters() throws Exception {
        in.type("A!");
        List<Long> codes = new ArrayList<>();
        for (OutgoingMessage m : sent) {
            codes.add(u32(m));
        }
        assertEquals(List.of(0x2AL, 0x1EL, 0x9EL, 0xAAL, 0x2AL, 0x02L, 0x82L, 0xAAL), codes);
    }

    @Test
    void guestLedsAreReported() throws Exception {
        in.onMessage(new SpiceMessage(InputsChannel.MSG_KEY_MODIFIERS, new WireWriter().u16(4).toByteArray()), sent::add);
        assertEquals(4, locks[0]);
        in.setLocks(2);
        assertEquals(2, new WireReader(sent.get(0).body()).u16());
    }

    @Test
    void motionIsThrottledByAcksAndAccumulated() throws Exception {
        for (int i = 0; i < 20; i++) {
            in.mouseMotion(1, 2);
        }
        assertEquals(InputsChannel.MAX_UNACKED_MOTION, sent.size(), "no more than two ack bunches in flight");
        in.onMessage(new SpiceMessage(InputsChannel.MSG_MOUSE_MOTION_ACK, new byte[0]), sent::add);
        assertEquals(InputsChannel.MAX_UNACKED_MOTION + 1, sent.size());
        WireReader r = new WireReader(sent.get(sent.size() - 1).body());
        assertEquals(12, r.i32(), "the 12 held-back motions arrive summed");
        assertEquals(24, r.i32());
    }

    @Test
    void positionCarriesDisplayAndButtons() throws Exception {
        in.buttonDown(MouseButton.LEFT);
        in.mousePosition(100, 200, 1);
        WireReader r = new WireReader(sent.get(1).body());
        assertEquals(100, r.u32());
        assertEquals(200, r.u32());
        assertEquals(MouseButton.LEFT.mask(), r.u16());
        assertEquals(1, r.u8());
    }

    @Test
    void wheelIsPressAndReleaseOfUpOrDown() throws Exception {
        in.wheel(-1);
        assertEquals(InputsChannel.MSGC_MOUSE_PRESS, sent.get(0).type());
        assertEquals(MouseButton.WHEEL_UP.wire(), new WireReader(sent.get(0).body()).u8());
        assertEquals(InputsChannel.MSGC_MOUSE_RELEASE, sent.get(1).type());
    }
}
