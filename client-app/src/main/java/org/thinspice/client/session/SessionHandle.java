package org.thinspice.client.session;

import java.util.List;
import java.util.Set;
import org.thinspice.engine.agent.ClipboardBridge;
import org.thinspice.engine.agent.ClipboardType;
import org.thinspice.engine.SpiceSession;
import org.thinspice.engine.agent.MonitorConfig;
import org.thinspice.engine.channel.MainChannel;
import org.thinspice.engine.inputs.SpiceInput;

/** The parts of an engine session the session view uses; {@link #of} wraps the real one. */
public interface SessionHandle {
    SpiceInput input();

    /** Client (absolute) mouse mode, else the guest wants relative motion. */
    boolean clientMouse();

    /** Asks the guest (through its agent) for this resolution. */
    void requestSize(int width, int height);

    void close();

    /** Plugs the terminal's clipboard in (the engine calls it under the connection's policy). */
    default void setClipboardBridge(ClipboardBridge bridge) {
    }

    /** The terminal's clipboard holds new content of these types: offer it to the guest. */
    default void offer(Set<ClipboardType> types) {
    }

    /** Ask the guest for the content it offered, of this type. */
    default void requestGuest(ClipboardType type) {
    }

    static SessionHandle of(SpiceSession s) {
        return new SessionHandle() {
            @Override
            public SpiceInput input() {
                return s.input();
            }

            @Override
            public boolean clientMouse() {
                return s.mouseMode() == MainChannel.MOUSE_MODE_CLIENT;
            }

            @Override
            public void requestSize(int width, int height) {
                s.agent().setMonitors(List.of(new MonitorConfig(width, height, 0, 0)));
            }

            @Override
            public void close() {
                s.close();
            }

            @Override
            public void setClipboardBridge(ClipboardBridge bridge) {
                s.agent().setClipboardBridge(bridge);
            }

            @Override
            public void offer(Set<ClipboardType> types) {
                s.agent().grabFromLocal(0, types);
            }

            @Override
            public void requestGuest(ClipboardType type) {
                s.agent().requestFromGuest(0, type);
            }
        };
    }
}
