package org.thinspice.engine.channel;

import org.thinspice.engine.ChannelType;
import org.thinspice.engine.Limits;
import org.thinspice.engine.SpiceException;
import org.thinspice.engine.SpiceListener;
import org.thinspice.engine.link.Caps;
import org.thinspice.engine.link.LinkReply;
import org.thinspice.engine.wire.WireReader;
import org.thinspice.engine.wire.WireWriter;

import java.util.ArrayList;
import java.util.List;

/**
 * The main channel: session id, channel list, mouse modes, multimedia time and the agent's presence.
 */
public final class MainChannel implements ChannelLogic {
    public static final int CAP_SEMI_SEAMLESS_MIGRATE = 0;
    public static final int CAP_NAME_AND_UUID = 1;
    public static final int CAP_AGENT_CONNECTED_TOKENS = 2;
    public static final int MOUSE_MODE_SERVER = 1;
    public static final int MOUSE_MODE_CLIENT = 2;

    /** What the session needs to hear from the main channel. */
    public interface Events {
        void onInit(long sessionId, int displayChannelsHint);

        void onChannelsList(List<ChannelId> channels);
    }

    /** One entry of CHANNELS_LIST. */
    public record ChannelId(int type, int id) {
        public ChannelType channelType() {
            return ChannelType.of(type);
        }
    }

    private final Events events;
    private final SpiceListener listener;
    private final MultimediaClock clock;
    private final org.thinspice.engine.agent.AgentClient agent;
    private final NetTest netTest = new NetTest(System::nanoTime);
    private java.util.concurrent.Executor loop = Runnable::run;
    private long sessionId;
    private int supportedMouseModes;
    private int mouseMode;
    private boolean agentConnected;
    private long agentTokens;
    private String vmName;
    private byte[] vmUuid;

    public MainChannel(Events events, SpiceListener listener, MultimediaClock clock,
                       org.thinspice.engine.agent.AgentClient agent) {
        this.events = events;
        this.listener = listener;
        this.clock = clock;
        this.agent = agent;
    }

    public org.thinspice.engine.agent.AgentClient agent() {
        return agent;
    }

    @Override
    public void attach(java.util.concurrent.Executor eventLoop) {
        this.loop = eventLoop;
    }

    @Override
    public Caps channelCaps() {
        return Caps.of(CAP_NAME_AND_UUID, CAP_AGENT_CONNECTED_TOKENS);
    }

    @Override
    public void onPing(long id, int bodyBytes) {
        netTest.onPing(id, bodyBytes);
    }

    /** The link bandwidth measured during the server's link test. */
    public NetTest netTest() {
        return netTest;
    }

    @Override
    public void onLinked(LinkReply reply, Outbox out) {
        // The server speaks first (INIT).
        agent.attach(loop, out);
    }

    @Override
    public void onMessage(SpiceMessage m, Outbox out) throws SpiceException {
        WireReader r = m.reader();
        switch (m.type()) {
            case MessageTypes.MAIN_INIT -> {
                sessionId = r.u32();
                int displayHint = (int) r.u32();
                supportedMouseModes = (int) r.u32();
                mouseMode = (int) r.u32();
                agentConnected = r.u32() != 0;
                agentTokens = r.u32();
                clock.set(r.u32());
                r.u32(); // ram_hint: used by spice-gtk to size the GLZ window; ours is fixed
                listener.onMouseMode(supportedMouseModes, mouseMode);
                listener.onAgentConnected(agentConnected);
                events.onInit(sessionId, displayHint);
                out.send(OutgoingMessage.empty(MessageTypes.MSGC_MAIN_ATTACH_CHANNELS));
                if (agentConnected) {
                    agent.start(agentTokens);
                }
                requestClientMouse(out);
            }
            case MessageTypes.MAIN_CHANNELS_LIST -> {
                int n = r.u32Max(Limits.MAX_CHANNELS, "channel count");
                List<ChannelId> list = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    list.add(new ChannelId(r.u8(), r.u8()));
                }
                events.onChannelsList(list);
            }
            case MessageTypes.MAIN_MOUSE_MODE -> {
                supportedMouseModes = r.u16();
                mouseMode = r.u16();
                listener.onMouseMode(supportedMouseModes, mouseMode);
                requestClientMouse(out);
            }
            case MessageTypes.MAIN_MULTI_MEDIA_TIME -> clock.set(r.u32());
            case MessageTypes.MAIN_AGENT_CONNECTED -> {
                setAgent(true);
                agent.start(agentTokens);
            }
            case MessageTypes.MAIN_AGENT_CONNECTED_TOKENS -> {
                agentTokens = r.u32();
                setAgent(true);
                agent.start(agentTokens);
            }
            case MessageTypes.MAIN_AGENT_DISCONNECTED -> {
                setAgent(false);
                agent.stop();
            }
            case MessageTypes.MAIN_AGENT_TOKEN -> {
                long n = r.u32();
                agentTokens += n;
                agent.addTokens(n);
            }
            case MessageTypes.MAIN_AGENT_DATA -> agent.onData(m.body());
            case MessageTypes.MAIN_NAME -> {
                vmName = r.string(r.u32());
            }
            case MessageTypes.MAIN_UUID -> vmUuid = r.bytes(16);
            default -> {
                // Migration messages: not supported; ignored safely.
            }
        }
    }

    /** Absolute (client) mouse is what a kiosk wants whenever the server can do it. */
    private void requestClientMouse(Outbox out) {
        if ((supportedMouseModes & MOUSE_MODE_CLIENT) != 0 && mouseMode != MOUSE_MODE_CLIENT) {
            out.send(new OutgoingMessage(MessageTypes.MSGC_MAIN_MOUSE_MODE_REQUEST,
                    new WireWriter(2).u16(MOUSE_MODE_CLIENT).toByteArray()));
        }
    }

    private void setAgent(boolean connected) {
        if (agentConnected != connected) {
            agentConnected = connected;
            listener.onAgentConnected(connected);
        }
    }

    public long sessionId() {
        return sessionId;
    }

    public int mouseMode() {
        return mouseMode;
    }

    public boolean agentConnected() {
        return agentConnected;
    }

    public long agentTokens() {
        return agentTokens;
    }

    public String vmName() {
        return vmName;
    }

    public byte[] vmUuid() {
        return vmUuid == null ? null : vmUuid.clone();
    }
}
