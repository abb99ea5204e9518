package org.thinspice.engine.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.thinspice.engine.SpiceException;
import org.thinspice.engine.SpiceListener;
import org.thinspice.engine.agent.AgentClient;
import org.thinspice.engine.agent.AgentStreamDecoder;
import org.thinspice.engine.agent.ClipboardPolicy;
import org.thinspice.engine.channel.ChannelLogic;
import org.thinspice.engine.channel.MainChannel;
import org.thinspice.engine.channel.MessageDeferral;
import org.thinspice.engine.channel.MultimediaClock;
import org.thinspice.engine.channel.SpiceMessage;
import org.thinspice.engine.cursor.CursorChannel;
import org.thinspice.engine.display.DisplayChannel;
import org.thinspice.engine.display.PixmapCache;
import org.thinspice.engine.image.GlzWindow;
import org.thinspice.engine.link.Caps;
import org.thinspice.engine.link.LinkReply;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Jazzer targets for the message parsers: display (every draw, surfaces, caches, monitors), main
 * (incl. the agent data it carries), the vdagent stream, cursor, and the smartcard channel's VSC framing.
 * Input: a run of messages, each {u16 type, u32 length, body} (length clipped to what is left). A parser may reject a message only
 * with a {@link SpiceException}; the channel is then dropped, as the engine drops it.
 */
class MessageFuzzTest {
    private static final SpiceListener QUIET = new SpiceListener() { };

    /** Feeds the messages of {@code in} to {@code logic} until one is rejected. */
    private static void run(ChannelLogic logic, byte[] in) {
        int p = 0;
        while (in.length - p >= 6) {
            int type = (in[p] & 0xFF) | (in[p + 1] & 0xFF) << 8;
            long len = (in[p + 2] & 0xFFL) | (in[p + 3] & 0xFFL) << 8 | (in[p + 4] & 0xFFL) << 16 | (in[p + 5] & 0xFFL) << 24;
            p += 6;
            int n = (int) Math.min(len, in.length - p);
            byte[] body = Arrays.copyOfRange(in, p, p + n);
            p += n;
            try {
                logic.onMessage(new SpiceMessage(type, body), m -> { });
            } catch (MessageDeferral d) {
                return; // a GLZ image waiting for a predecessor that will not come: the channel would park
            } catch (SpiceException e) {
                return; // rejected: the engine closes the channel here
            }
        }
    }

    /**
     * The smartcard channel's VSC framing: whatever SPICE messages arrive, every VSC message handed on is whole
     * (its header's length equals what follows) and within the cap.
     */
    @FuzzTest(maxDuration = "30s")
    void smartcard(byte[] in) {
        org.thinspice.engine.smartcard.SmartcardChannel ch = new org.thinspice.engine.smartcard.SmartcardChannel(0,
                new org.thinspice.engine.smartcard.SmartcardReader() {
                    @Override
                    public void onOpened(org.thinspice.engine.smartcard.SmartcardOutput out) {
                    }

                    @Override
                    public void onMessage(byte[] vscMessage) {
                        org.thinspice.engine.smartcard.VscFramer.checkWhole(vscMessage);
                    }

                    @Override
                    public void onClosed() {
                    }
                });
        ch.onLinked(new LinkReply(new byte[0], Caps.of(), Caps.of()), m -> { });
        run(ch, in);
    }

    @FuzzTest(maxDuration = "30s")
    void display(byte[] in) {
        GlzWindow window = new GlzWindow(1 << 18, Duration.ZERO);
        run(new DisplayChannel(0, QUIET, new PixmapCache(1 << 18), window, 1 << 17), in);
    }

    @FuzzTest(maxDuration = "30s")
    void main(byte[] in) {
        MainChannel main = new MainChannel(new MainChannel.Events() {
            @Override
            public void onInit(long sessionId, int displayChannelsHint) {
            }

            @Override
            public void onChannelsList(List<MainChannel.ChannelId> channels) {
            }
        }, QUIET, new MultimediaClock(System::nanoTime), new AgentClient(ClipboardPolicy.BOTH));
        main.attach(Runnable::run);
        main.onLinked(new LinkReply(new byte[0], Caps.of(), Caps.of()), m -> { });
        run(main, in);
    }

    /** Input: the bytes of a vdagent stream, cut into AGENT_DATA pieces at the sizes its first byte picks. */
    @FuzzTest(maxDuration = "30s")
    void agentStream(byte[] in) {
        AgentStreamDecoder decoder = new AgentStreamDecoder(1 << 16);
        int piece = in.length == 0 ? 1 : (in[0] & 0x3F) + 1;
        try {
            for (int off = 1; off < in.length; off += piece) {
                decoder.feed(in, off, Math.min(piece, in.length - off));
            }
        } catch (SpiceException expected) {
            // rejected
        }
    }

    @FuzzTest(maxDuration = "30s")
    void cursor(byte[] in) {
        run(new CursorChannel(0, QUIET), in);
    }
}
