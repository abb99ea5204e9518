package org.thinspice.engine.smartcard;

import java.util.concurrent.Executor;

import org.thinspice.engine.SpiceException;
import org.thinspice.engine.channel.ChannelLogic;
import org.thinspice.engine.channel.Outbox;
import org.thinspice.engine.channel.OutgoingMessage;
import org.thinspice.engine.channel.SpiceMessage;
import org.thinspice.engine.link.Caps;
import org.thinspice.engine.link.LinkReply;

/**
 * The SPICE smartcard channel (type 8): SPICE_MSGC_SMARTCARD_DATA and SPICE_MSG_SMARTCARD_DATA (both 101) carry
 * VSC messages (libcacard's {@code vscard_common.h}) in little-endian order; spice-server turns them into network
 * order for QEMU's {@code ccid-card-passthru}. This channel frames them ({@link VscFramer}) and hands whole
 * messages to a {@link SmartcardReader}; what they mean is the reader's business. The session opens it only
 * under {@link SmartcardPolicy#SHARE}.
 */
public final class SmartcardChannel implements ChannelLogic {
    static final int MSG_DATA = 101;

    private final int id;
    private final SmartcardReader reader;
    private final VscFramer framer = new VscFramer();
    private Executor loop = Runnable::run;
    private Runnable closer = () -> { };
    private volatile boolean closed;
    private volatile long messagesIn;
    private volatile long messagesOut;

    public SmartcardChannel(int id, SmartcardReader reader) {
        this.id = id;
        this.reader = reader;
    }

    public int id() {
        return id;
    }

    /** VSC messages received from the desktop so far. */
    public long messagesIn() {
        return messagesIn;
    }

    /** VSC messages sent to the desktop so far. */
    public long messagesOut() {
        return messagesOut;
    }

    @Override
    public Caps channelCaps() {
        return Caps.of(); // spice-gtk offers none on this channel either
    }

    @Override
    public void attach(Executor eventLoop) {
        this.loop = eventLoop;
    }

    @Override
    public void attachCloser(Runnable closeChannel) {
        this.closer = closeChannel;
    }

    @Override
    public void onLinked(LinkReply reply, Outbox out) {
        reader.onOpened(new Output(out));
    }

    @Override
    public void onMessage(SpiceMessage m, Outbox out) throws SpiceException {
        if (m.type() != MSG_DATA) {
            return; // migration data and the like: nothing this client takes part in
        }
        for (byte[] vsc : framer.feed(m.body(), 0, m.body().length)) {
            messagesIn++;
            reader.onMessage(vsc);
        }
    }

    @Override
    public void onClosed() {
        closed = true;
        reader.onClosed();
    }

    private final class Output implements SmartcardOutput {
        private final Outbox o;

        Output(Outbox o) {
            this.o = o;
        }

        @Override
        public void send(byte[] vscMessage) {
            VscFramer.checkWhole(vscMessage);
            if (!closed) {
                loop.execute(() -> {
                    messagesOut++;
                    o.send(new OutgoingMessage(MSG_DATA, vscMessage));
                });
            }
        }

        @Override
        public void close() {
            closer.run();
        }
    }
}
