package org.thinspice.engine.inputs;

import org.thinspice.engine.SpiceException;
import org.thinspice.engine.channel.ChannelLogic;
import org.thinspice.engine.channel.OutgoingMessage;
import org.thinspice.engine.channel.Outbox;
import org.thinspice.engine.channel.SpiceMessage;
import org.thinspice.engine.link.Caps;
import org.thinspice.engine.link.LinkReply;
import org.thinspice.engine.wire.WireReader;
import org.thinspice.engine.wire.WireWriter;

import java.util.concurrent.Executor;
import java.util.function.IntConsumer;

/**
 * The inputs channel: keys as set-1 scancodes, lock-key sync, and the mouse in both modes with
 * motion-ack flow control. Public methods may be called from any thread; the work runs on the
 * channel's event loop.
 */
public final class InputsChannel implements ChannelLogic, SpiceInput {
    public static final int CAP_KEY_SCANCODE = 0;
    static final int MSG_INIT = 101;
    static final int MSG_KEY_MODIFIERS = 102;
    static final int MSG_MOUSE_MOTION_ACK = 111;
    static final int MSGC_KEY_DOWN = 101;
    static final int MSGC_KEY_UP = 102;
    static final int MSGC_KEY_MODIFIERS = 103;
    static final int MSGC_MOUSE_MOTION = 111;
    static final int MSGC_MOUSE_POSITION = 112;
    static final int MSGC_MOUSE_PRESS = 113;
    static final int MSGC_MOUSE_RELEASE = 114;
    /** The server acks every 4 motion messages; keep at most two bunches in flight, as spice-gtk does. */
    static final int MOTION_ACK_BUNCH = 4;
    static final int MAX_UNACKED_MOTION = 2 * MOTION_ACK_BUNCH;

    private final IntConsumer onGuestLocks;
    private final java.util.concurrent.atomic.AtomicLong keysSent = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong keysDropped = new java.util.concurrent.atomic.AtomicLong();
    private Executor loop = Runnable::run;
    private Outbox out;
    private int guestLocks;
    private int buttons;
    private int unackedMotion;
    private boolean pendingMotion;
    private int pendingDx;
    private int pendingDy;
    private boolean pendingPosition;
    private int pendingX;
    private int pendingY;
    private int pendingDisplay;

    /** @param onGuestLocks told the guest's lock-key LEDs (SCROLL 1, NUM 2, CAPS 4) whenever they change */
    public InputsChannel(IntConsumer onGuestLocks) {
        this.onGuestLocks = onGuestLocks;
    }

    @Override
    public Caps channelCaps() {
        return Caps.of();
    }

    @Override
    public void attach(Executor eventLoop) {
        this.loop = eventLoop;
    }

    @Override
    public void onLinked(LinkReply reply, Outbox out) {
        this.out = out;
    }

    @Override
    public void onMessage(SpiceMessage m, Outbox o) throws SpiceException {
        WireReader r = m.reader();
        switch (m.type()) {
            case MSG_INIT, MSG_KEY_MODIFIERS -> {
                guestLocks = r.u16();
                onGuestLocks.accept(guestLocks);
            }
            case MSG_MOUSE_MOTION_ACK -> {
                unackedMotion = Math.max(0, unackedMotion - MOTION_ACK_BUNCH);
                flushMotion();
            }
            default -> {
                // Unknown inputs messages carry nothing this client needs.
            }
        }
    }

    /** The guest's lock-key LED state as last reported. */
    public int guestLocks() {
        return guestLocks;
    }

    private void send(int type, byte[] body) {
        if (out != null) {
            out.send(new OutgoingMessage(type, body));
            if (type == MSGC_KEY_DOWN || type == MSGC_KEY_UP) {
                keysSent.incrementAndGet();
            }
        } else if (type == MSGC_KEY_DOWN || type == MSGC_KEY_UP) {
            keysDropped.incrementAndGet();
        }
    }

    /** KEY_DOWN and KEY_UP messages handed to the channel's outbox so far. */
    public long keyMessagesSent() {
        return keysSent.get();
    }

    /** KEY_DOWN and KEY_UP messages dropped because the channel was not linked yet. */
    public long keyMessagesDropped() {
        return keysDropped.get();
    }

    @Override
    public void keyDown(int code) {
        loop.execute(() -> send(MSGC_KEY_DOWN, new WireWriter(4).u32(PcKey.wire(code, false) & 0xFFFFFFFFL)
                .toByteArray()));
    }

    @Override
    public void keyUp(int code) {
        loop.execute(() -> send(MSGC_KEY_UP, new WireWriter(4).u32(PcKey.wire(code, true) & 0xFFFFFFFFL)
                .toByteArray()));
    }

    @Override
    public void setLocks(int locks) {
        loop.execute(() -> send(MSGC_KEY_MODIFIERS, new WireWriter(2).u16(locks & 7).toByteArray()));
    }

    @Override
    public void mouseMotion(int dx, int dy) {
        loop.execute(() -> {
            pendingMotion = true;
            pendingDx += dx;
            pendingDy += dy;
            flushMotion();
        });
    }

    @Override
    public void mousePosition(int x, int y, int displayId) {
        loop.execute(() -> {
            pendingPosition = true;
            pendingX = Math.max(0, x);
            pendingY = Math.max(0, y);
            pendingDisplay = displayId;
            flushMotion();
        });
    }

    /** Sends the pending motion or position unless the server has not acked enough yet. */
    private void flushMotion() {
        if (unackedMotion >= MAX_UNACKED_MOTION) {
            return;
        }
        if (pendingPosition) {
            pendingPosition = false;
            unackedMotion++;
            send(MSGC_MOUSE_POSITION, new WireWriter(11).u32(pendingX).u32(pendingY).u16(buttons)
                    .u8(pendingDisplay).toByteArray());
        }
        if (pendingMotion && unackedMotion < MAX_UNACKED_MOTION) {
            pendingMotion = false;
            unackedMotion++;
            send(MSGC_MOUSE_MOTION, new WireWriter(10).u32(pendingDx & 0xFFFFFFFFL).u32(pendingDy & 0xFFFFFFFFL)
                    .u16(buttons).toByteArray());
            pendingDx = 0;
            pendingDy = 0;
        }
    }

    /** Sends what is pending regardless of acks: a click must land where the pointer is. */
    private void forceFlush() {
        int saved = unackedMotion;
        unackedMotion = 0;
        flushMotion();
        unackedMotion = Math.max(saved, unackedMotion);
    }

    @Override
    public void buttonDown(MouseButton b) {
        loop.execute(() -> {
            forceFlush();
            buttons |= b.mask();
            send(MSGC_MOUSE_PRESS, new WireWriter(3).u8(b.wire()).u16(buttons).toByteArray());
        });
    }

    @Override
    public void buttonUp(MouseButton b) {
        loop.execute(() -> {
            forceFlush();
            buttons &= ~b.mask();
            send(MSGC_MOUSE_RELEASE, new WireWriter(3).u8(b.wire()).u16(buttons).toByteArray());
        });
    }

    @Override
    public void wheel(int steps) {
        MouseButton b = steps < 0 ? MouseButton.WHEEL_UP : MouseButton.WHEEL_DOWN;
        for (int i = 0; i < Math.abs(steps); i++) {
            buttonDown(b);
            buttonUp(b);
        }
    }
}
