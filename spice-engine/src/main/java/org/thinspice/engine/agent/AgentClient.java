package org.thinspice.engine.agent;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thinspice.engine.SpiceException;
import org.thinspice.engine.channel.MessageTypes;
import org.thinspice.engine.channel.OutgoingMessage;
import org.thinspice.engine.channel.Outbox;
import org.thinspice.engine.link.Caps;
import org.thinspice.engine.wire.WireReader;
import org.thinspice.engine.wire.WireWriter;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * The client side of the guest agent, tunnelled through the main channel: capability exchange, the
 * clipboard (under the connection's {@link ClipboardPolicy}) and monitor layout. Agent data is sent in
 * AGENT_DATA pieces of at most 2048 bytes, one token each, never interleaving two messages. A malformed
 * message from the guest is dropped with a log line; the session stays up.
 *
 * <p>Clipboard offers do not depend on timing: the guest's latest allowed grab per selection is kept and
 * replayed to a {@link ClipboardBridge} that is plugged in later (the application attaches its bridge
 * only once the session is up, by which time a guest agent may already have announced what it holds);
 * a terminal offer made while the guest agent is not ready (still booting, restarting) is kept and
 * announced as soon as the agent has told its capabilities, and again to an agent that restarts.
 */
public final class AgentClient {
    private static final Logger LOG = LoggerFactory.getLogger(AgentClient.class);
    /** VD_AGENT_MAX_DATA_SIZE: the server rejects larger AGENT_DATA messages. */
    static final int MAX_CHUNK = 2048;
    /** Largest agent message accepted from the guest (clipboard images included). */
    public static final int MAX_MESSAGE = 32 << 20;

    static final int CAP_MONITORS_CONFIG = 1;
    static final int CAP_REPLY = 2;
    static final int CAP_CLIPBOARD_BY_DEMAND = 5;
    static final int CAP_CLIPBOARD_SELECTION = 6;
    static final int CAP_GUEST_LINEEND_CRLF = 9;
    static final int CAP_MONITORS_CONFIG_POSITION = 12;
    static final int CAP_CLIPBOARD_GRAB_SERIAL = 17;
    private static final int MONITORS_USE_POS = 1;

    private final ClipboardPolicy policy;
    private final AgentStreamDecoder decoder = new AgentStreamDecoder(MAX_MESSAGE);
    private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
    private volatile ClipboardBridge bridge = new ClipboardBridge() { };
    private Executor loop = Runnable::run;
    private Outbox out;
    private boolean running;
    private long tokens;
    private Caps guestCaps;
    private List<MonitorConfig> monitors;
    private final boolean[] guestOwns = new boolean[3];
    private final boolean[] requested = new boolean[3];
    private final ClipboardOffers offers = new ClipboardOffers();
    /** Per-selection grab serials (CLIPBOARD_GRAB_SERIAL): both peers count grabs to resolve races. */
    private final long[] grabSerial = new long[3];

    public AgentClient(ClipboardPolicy policy) {
        this.policy = policy;
    }

    public ClipboardPolicy policy() {
        return policy;
    }

    /**
     * Plugs the application's clipboard in. On the event loop, it is first told of the guest's current
     * offers (grabs that arrived before it was plugged in), so attaching late loses nothing.
     */
    public void setClipboardBridge(ClipboardBridge bridge) {
        ClipboardBridge b = bridge == null ? new ClipboardBridge() { } : bridge;
        onLoop(() -> {
            this.bridge = b;
            for (int sel = 0; sel < 3; sel++) {
                Set<ClipboardType> types = offers.guest(sel);
                if (types != null && policy.allowsToClient()) {
                    LOG.debug("replaying the guest's clipboard grab (selection {}, {}) to a bridge attached later",
                            sel, types);
                    b.guestGrabbed(sel, types);
                }
            }
        });
    }

    /** Runs on the event loop; when the loop is gone (session closed) there is nothing left to do. */
    private void onLoop(Runnable r) {
        try {
            loop.execute(r);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("agent task after the session closed: {}", e.getMessage());
        }
    }

    /** Whether the guest agent is up and has told its capabilities. */
    public boolean isReady() {
        return running && guestCaps != null;
    }

    // ---- driven by the main channel (event loop) ----

    public void attach(Executor eventLoop, Outbox out) {
        this.loop = eventLoop;
        this.out = out;
    }

    /** The agent is connected: grant it unlimited tokens and ask for its capabilities. */
    public void start(long serverTokens) {
        running = true;
        tokens = serverTokens;
        guestCaps = null;
        decoder.reset();
        chunks.clear();
        java.util.Arrays.fill(grabSerial, 0);
        out.send(new OutgoingMessage(MessageTypes.MSGC_MAIN_AGENT_START, new WireWriter(4).u32(0xFFFFFFFFL)
                .toByteArray()));
        queue(new AgentMessage(AgentMessage.ANNOUNCE_CAPABILITIES, announce(true)));
    }

    public void stop() {
        running = false;
        guestCaps = null;
        decoder.reset();
        chunks.clear();
        java.util.Arrays.fill(guestOwns, false);
        java.util.Arrays.fill(requested, false);
        offers.agentLeft(); // a restarted agent must learn the terminal's offers again
    }

    public void addTokens(long n) {
        tokens += n;
        pump();
    }

    public void onData(byte[] body) {
        if (!running) {
            return;
        }
        List<AgentMessage> msgs;
        try {
            msgs = decoder.feed(body, 0, body.length);
        } catch (SpiceException e) {
            LOG.warn("dropped agent data: {}", e.getMessage());
            decoder.reset();
            return;
        }
        for (AgentMessage m : msgs) {
            try {
                handle(m);
            } catch (SpiceException | RuntimeException e) {
                LOG.warn("dropped agent message {}: {}", AgentMessage.typeName(m.type()), e.getMessage());
            }
        }
    }

    private byte[] announce(boolean request) {
        Caps caps = Caps.of(CAP_MONITORS_CONFIG, CAP_REPLY, CAP_CLIPBOARD_BY_DEMAND, CAP_CLIPBOARD_SELECTION,
                CAP_MONITORS_CONFIG_POSITION, CAP_CLIPBOARD_GRAB_SERIAL);
        WireWriter w = new WireWriter(8).u32(request ? 1 : 0);
        for (int word : caps.words()) {
            w.u32(word & 0xFFFFFFFFL);
        }
        return w.toByteArray();
    }

    private void handle(AgentMessage m) throws SpiceException {
        WireReader r = new WireReader(m.data());
        switch (m.type()) {
            case AgentMessage.ANNOUNCE_CAPABILITIES -> {
                boolean request = r.u32() != 0;
                int words = Math.min(r.remaining() / 4, 16);
                int[] w = new int[words];
                for (int i = 0; i < words; i++) {
                    w[i] = r.i32();
                }
                guestCaps = new Caps(w);
                java.util.Arrays.fill(grabSerial, 0); // a capability exchange starts serials afresh
                if (request) {
                    queue(new AgentMessage(AgentMessage.ANNOUNCE_CAPABILITIES, announce(false)));
                }
                if (monitors != null) {
                    sendMonitors();
                }
                sendPendingLocalGrabs();
            }
            case AgentMessage.CLIPBOARD_GRAB -> guestGrab(r);
            case AgentMessage.CLIPBOARD_REQUEST -> guestRequest(r);
            case AgentMessage.CLIPBOARD -> guestClipboard(r);
            case AgentMessage.CLIPBOARD_RELEASE -> {
                int sel = selection(r);
                offers.guestReleased(sel);
                if (guestOwns[sel]) {
                    guestOwns[sel] = false;
                    if (policy.allowsToClient()) {
                        bridge.guestReleased(sel);
                    }
                }
            }
            case AgentMessage.REPLY -> r.u32();
            default -> LOG.debug("ignored agent message {}", AgentMessage.typeName(m.type()));
        }
    }

    private boolean selections() {
        return guestCaps != null && guestCaps.has(CAP_CLIPBOARD_SELECTION);
    }

    /** Reads the selection prefix when both sides use selections; 0 (CLIPBOARD) otherwise. */
    private int selection(WireReader r) throws SpiceException {
        if (!selections()) {
            return 0;
        }
        int sel = r.u8();
        r.skip(3);
        if (sel > 2) {
            throw new org.thinspice.engine.SpiceProtocolException("clipboard selection " + sel);
        }
        return sel;
    }

    private boolean serials() {
        return guestCaps != null && guestCaps.has(CAP_CLIPBOARD_GRAB_SERIAL);
    }

    private void writeSelection(WireWriter w, int sel) {
        if (selections()) {
            w.u8(sel).u8(0).u8(0).u8(0);
        }
    }

    private void guestGrab(WireReader r) throws SpiceException {
        int sel = selection(r);
        if (serials()) {
            // A grab that crossed one of ours carries an old serial: ours stands, the guest's is dropped.
            long serial = r.u32();
            if (serial != grabSerial[sel]) {
                LOG.debug("dropped a stale guest clipboard grab (serial {}, expected {})", serial, grabSerial[sel]);
                return;
            }
            grabSerial[sel] = (grabSerial[sel] + 1) & 0xFFFFFFFFL;
        }
        Set<ClipboardType> types = EnumSet.noneOf(ClipboardType.class);
        while (r.remaining() >= 4) {
            ClipboardType t = ClipboardType.of(r.i32());
            if (t != null) {
                types.add(t);
            }
        }
        // The guest owns the selection now: an older terminal offer is superseded, in any policy.
        offers.guestGrabbed(sel, types, policy.allowsToClient());
        if (!policy.allowsToClient()) {
            return; // desktop → terminal forbidden: the grab goes no further
        }
        guestOwns[sel] = true;
        bridge.guestGrabbed(sel, types);
    }

    private void guestRequest(WireReader r) throws SpiceException {
        int sel = selection(r);
        ClipboardType type = ClipboardType.of(r.i32());
        if (!policy.allowsToGuest() || type == null) {
            return; // terminal → desktop forbidden: the request is not answered
        }
        bridge.localData(sel, type).whenComplete((data, err) -> onLoop(() -> {
            if (err != null || data == null || !running) {
                return;
            }
            byte[] payload = type == ClipboardType.UTF8_TEXT ? toGuestText(data) : data;
            WireWriter w = new WireWriter(8 + payload.length);
            writeSelection(w, sel);
            w.u32(type.wire()).bytes(payload);
            queue(new AgentMessage(AgentMessage.CLIPBOARD, w.toByteArray()));
        }));
    }

    private void guestClipboard(WireReader r) throws SpiceException {
        int sel = selection(r);
        ClipboardType type = ClipboardType.of(r.i32());
        byte[] data = r.bytes(r.remaining());
        if (!policy.allowsToClient() || !requested[sel] || type == null) {
            return; // only data this client asked for, and only in an allowed direction
        }
        requested[sel] = false;
        bridge.guestData(sel, type, type == ClipboardType.UTF8_TEXT ? fromGuestText(data) : data);
    }

    private byte[] toGuestText(byte[] utf8) {
        if (guestCaps == null || !guestCaps.has(CAP_GUEST_LINEEND_CRLF)) {
            return utf8;
        }
        return new String(utf8, StandardCharsets.UTF_8).replace("\r\n", "\n").replace("\n", "\r\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    private byte[] fromGuestText(byte[] utf8) {
        if (guestCaps == null || !guestCaps.has(CAP_GUEST_LINEEND_CRLF)) {
            return utf8;
        }
        return new String(utf8, StandardCharsets.UTF_8).replace("\r\n", "\n").getBytes(StandardCharsets.UTF_8);
    }

    // ---- called by the application (any thread) ----

    /**
     * The terminal's clipboard now holds these types; offered to the guest only if policy allows. While
     * the guest agent is not ready the offer is kept and made once it is.
     */
    public void grabFromLocal(int selection, Set<ClipboardType> types) {
        checkSelection(selection);
        Set<ClipboardType> offer = Set.copyOf(types);
        onLoop(() -> {
            if (offer.isEmpty()) {
                return;
            }
            if (!policy.allowsToGuest()) {
                LOG.debug("terminal clipboard offer (selection {}, {}) not made: policy {}", selection, offer,
                        policy.key());
                return;
            }
            guestOwns[selection] = false;
            if (offers.terminalOffered(selection, offer, isReady())) {
                sendLocalGrab(selection);
            } else {
                LOG.debug("terminal clipboard offer (selection {}, {}) held until the guest agent is ready",
                        selection, offer);
            }
        });
    }

    private void sendPendingLocalGrabs() {
        for (int sel : offers.takePending()) {
            if (policy.allowsToGuest()) {
                LOG.debug("offering the held terminal clipboard (selection {}, {}) to the ready agent", sel,
                        offers.terminal(sel));
                sendLocalGrab(sel);
            }
        }
    }

    private void sendLocalGrab(int selection) {
        Set<ClipboardType> types = offers.terminal(selection);
        WireWriter w = new WireWriter(8 + 4 * types.size());
        writeSelection(w, selection);
        if (serials()) {
            w.u32(grabSerial[selection]);
            grabSerial[selection] = (grabSerial[selection] + 1) & 0xFFFFFFFFL;
        }
        for (ClipboardType t : ClipboardType.values()) {
            if (types.contains(t)) {
                w.u32(t.wire());
            }
        }
        queue(new AgentMessage(AgentMessage.CLIPBOARD_GRAB, w.toByteArray()));
    }

    /** The terminal's clipboard no longer holds anything to offer. */
    public void releaseLocal(int selection) {
        checkSelection(selection);
        onLoop(() -> {
            boolean offered = offers.terminalReleased(selection);
            if (!policy.allowsToGuest() || !isReady() || !offered) {
                return;
            }
            WireWriter w = new WireWriter(4);
            writeSelection(w, selection);
            queue(new AgentMessage(AgentMessage.CLIPBOARD_RELEASE, w.toByteArray()));
        });
    }

    /** Asks the guest for its clipboard; the answer comes to {@link ClipboardBridge#guestData}. */
    public void requestFromGuest(int selection, ClipboardType type) {
        checkSelection(selection);
        onLoop(() -> {
            // Not isReady(): an agent may grab before its capabilities arrive; its grab proves it listens.
            if (!policy.allowsToClient() || !running || !guestOwns[selection]) {
                LOG.debug("clipboard request (selection {}, {}) not sent: the guest offers nothing there", selection,
                        type);
                return;
            }
            requested[selection] = true;
            WireWriter w = new WireWriter(8);
            writeSelection(w, selection);
            w.u32(type.wire());
            queue(new AgentMessage(AgentMessage.CLIPBOARD_REQUEST, w.toByteArray()));
        });
    }

    /** The monitors the guest should show; sent now, or as soon as the agent is ready. */
    public void setMonitors(List<MonitorConfig> configs) {
        List<MonitorConfig> copy = List.copyOf(configs);
        if (copy.isEmpty() || copy.size() > 16) {
            throw new IllegalArgumentException("1 to 16 monitors");
        }
        onLoop(() -> {
            monitors = copy;
            if (isReady()) {
                sendMonitors();
            }
        });
    }

    private void sendMonitors() {
        WireWriter w = new WireWriter(8 + 20 * monitors.size());
        w.u32(monitors.size()).u32(MONITORS_USE_POS);
        for (MonitorConfig m : monitors) {
            w.u32(m.height()).u32(m.width()).u32(32).u32(m.x() & 0xFFFFFFFFL).u32(m.y() & 0xFFFFFFFFL);
        }
        queue(new AgentMessage(AgentMessage.MONITORS_CONFIG, w.toByteArray()));
    }

    private static void checkSelection(int s) {
        if (s < 0 || s > 2) {
            throw new IllegalArgumentException("selection must be 0 (clipboard), 1 (primary) or 2 (secondary)");
        }
    }

    // ---- sending: chunking and tokens ----

    private void queue(AgentMessage m) {
        if (!running) {
            return;
        }
        byte[] bytes = m.encode();
        for (int off = 0; off < bytes.length; off += MAX_CHUNK) {
            int n = Math.min(MAX_CHUNK, bytes.length - off);
            chunks.add(java.util.Arrays.copyOfRange(bytes, off, off + n));
        }
        pump();
    }

    private void pump() {
        while (tokens > 0 && !chunks.isEmpty()) {
            tokens--;
            out.send(new OutgoingMessage(MessageTypes.MSGC_MAIN_AGENT_DATA, chunks.poll()));
        }
    }

    /** Pieces waiting for tokens (for tests and diagnostics). */
    public int pendingChunks() {
        return chunks.size();
    }

    List<byte[]> pendingForTest() {
        return new ArrayList<>(chunks);
    }
}
