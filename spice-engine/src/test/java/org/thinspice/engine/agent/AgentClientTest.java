package org.thinspice.engine.agent;

import org.junit.jupiter.api.Test;
import org.thinspice.engine.channel.MessageTypes;
import org.thinspice.engine.channel.OutgoingMessage;
import org.thinspice.engine.wire.WireReader;
import org.thinspice.engine.wire.WireWriter;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The agent client against a scripted guest: chunking, tokens, and the clipboard policy both ways. */
class AgentClientTest {
    private final List<OutgoingMessage> sent = new ArrayList<>();
    private final List<String> bridgeEvents = new ArrayList<>();

    private AgentClient started(ClipboardPolicy policy, long tokens) {
        AgentClient c = new AgentClient(policy);
        c.attach(Runnable::run, sent::add);
        c.setClipboardBridge(new ClipboardBridge() {
            @Override
            public void guestGrabbed(int selection, Set<ClipboardType> types) {
                bridgeEvents.add("grab " + selection + " " + types);
            }

            @Override
            public void guestData(int selection, ClipboardType type, byte[] data) {
                bridgeEvents.add("data " + type + " " + new String(data, StandardCharsets.UTF_8));
            }

            @Override
            public CompletableFuture<byte[]> localData(int selection, ClipboardType type) {
                bridgeEvents.add("local " + type);
                return CompletableFuture.completedFuture("from terminal".getBytes(StandardCharsets.UTF_8));
            }
        });
        c.start(tokens);
        return c;
    }

    /** The guest announces CLIPBOARD_BY_DEMAND and CLIPBOARD_SELECTION. */
    private static void guestAnnounces(AgentClient c) {
        int caps = 1 << AgentClient.CAP_CLIPBOARD_BY_DEMAND | 1 << AgentClient.CAP_CLIPBOARD_SELECTION;
        c.onData(new AgentMessage(AgentMessage.ANNOUNCE_CAPABILITIES, new WireWriter().u32(0).u32(caps)
                .toByteArray()).encode());
    }

    private static byte[] sel(int s, int... words) {
        WireWriter w = new WireWriter().u8(s).u8(0).u8(0).u8(0);
        for (int v : words) {
            w.u32(v);
        }
        return w.toByteArray();
    }

    /** Agent messages the client sent, reassembled from AGENT_DATA. */
    private List<AgentMessage> agentMessagesSent() throws Exception {
        ByteArrayOutputStream s = new ByteArrayOutputStream();
        for (OutgoingMessage m : sent) {
            if (m.type() == MessageTypes.MSGC_MAIN_AGENT_DATA) {
                assertTrue(m.body().length <= AgentClient.MAX_CHUNK, "AGENT_DATA over 2048 bytes");
                s.writeBytes(m.body());
            }
        }
        byte[] b = s.toByteArray();
        return new AgentStreamDecoder(1 << 26).feed(b, 0, b.length);
    }

    private List<Integer> typesSent() throws Exception {
        List<Integer> t = new ArrayList<>();
        for (AgentMessage m : agentMessagesSent()) {
            t.add(m.type());
        }
        return t;
    }

    @Test
    void startGrantsTokensAndAsksForCapabilities() throws Exception {
        started(ClipboardPolicy.BOTH, 10);
        assertEquals(MessageTypes.MSGC_MAIN_AGENT_START, sent.get(0).type());
        assertEquals(0xFFFFFFFFL, new WireReader(sent.get(0).body()).u32());
        AgentMessage announce = agentMessagesSent().get(0);
        assertEquals(AgentMessage.ANNOUNCE_CAPABILITIES, announce.type());
        assertEquals(1, new WireReader(announce.data()).u32(), "request=1");
    }

    @Test
    void largeMessagesAreChunkedAndWaitForTokens() throws Exception {
        AgentClient c = started(ClipboardPolicy.BOTH, 3);
        guestAnnounces(c);
        bridgeEvents.clear();
        // A 10 KiB clipboard answer needs 6 chunks; only the tokens left may be spent.
        c.setClipboardBridge(new ClipboardBridge() {
            @Override
            public CompletableFuture<byte[]> localData(int selection, ClipboardType type) {
                return CompletableFuture.completedFuture(new byte[10 * 1024]);
            }
        });
        c.onData(new AgentMessage(AgentMessage.CLIPBOARD_REQUEST, sel(0, 2)).encode());
        assertTrue(c.pendingChunks() > 0, "chunks must wait for tokens");
        c.addTokens(100);
        assertEquals(0, c.pendingChunks());
        AgentMessage last = agentMessagesSent().get(agentMessagesSent().size() - 1);
        assertEquals(AgentMessage.CLIPBOARD, last.type());
        assertEquals(4 + 4 + 10 * 1024, last.data().length);
    }

    @Test
    void bothWaysUnderBoth() throws Exception {
        AgentClient c = started(ClipboardPolicy.BOTH, 100);
        guestAnnounces(c);
        c.grabFromLocal(0, EnumSet.of(ClipboardType.UTF8_TEXT));
        c.onData(new AgentMessage(AgentMessage.CLIPBOARD_REQUEST, sel(0, 1)).encode());
        c.onData(new AgentMessage(AgentMessage.CLIPBOARD_GRAB, sel(0, 1)).encode());
        c.requestFromGuest(0, ClipboardType.UTF8_TEXT);
        byte[] data = new WireWriter().bytes(sel(0, 1)).bytes("from guest".getBytes()).toByteArray();
        c.onData(new AgentMessage(AgentMessage.CLIPBOARD, data).encode());
        assertEquals(List.of("local UTF8_TEXT", "grab 0 [UTF8_TEXT]", "data UTF8_TEXT from guest"), bridgeEvents);
        assertTrue(typesSent().containsAll(List.of(AgentMessage.CLIPBOARD_GRAB, AgentMessage.CLIPBOARD,
                AgentMessage.CLIPBOARD_REQUEST)));
    }

    @Test
    void toGuestOnlyKeepsGuestDataAway() throws Exception {
        AgentClient c = started(ClipboardPolicy.TO_GUEST, 100);
        guestAnnounces(c);
        c.onData(new AgentMessage(AgentMessage.CLIPBOARD_GRAB, sel(0, 1)).encode());
        c.requestFromGuest(0, ClipboardType.UTF8_TEXT);
        byte[] data = new WireWriter().bytes(sel(0, 1)).bytes("secret".getBytes()).toByteArray();
        c.onData(new AgentMessage(AgentMessage.CLIPBOARD, data).encode());
        assertTrue(bridgeEvents.isEmpty(), "nothing from the guest may reach the terminal: " + bridgeEvents);
        assertTrue(!typesSent().contains(AgentMessage.CLIPBOARD_REQUEST));
        c.grabFromLocal(0, EnumSet.of(ClipboardType.UTF8_TEXT));
        assertTrue(typesSent().contains(AgentMessage.CLIPBOARD_GRAB));
    }

    @Test
    void toClientOnlyAnnouncesNothingAndAnswersNothing() throws Exception {
        AgentClient c = started(ClipboardPolicy.TO_CLIENT, 100);
        guestAnnounces(c);
        c.grabFromLocal(0, EnumSet.of(ClipboardType.UTF8_TEXT));
        c.onData(new AgentMessage(AgentMessage.CLIPBOARD_REQUEST, sel(0, 1)).encode());
        assertEquals(List.of(AgentMessage.ANNOUNCE_CAPABILITIES), typesSent());
        assertTrue(bridgeEvents.isEmpty());
        c.onData(new AgentMessage(AgentMessage.CLIPBOARD_GRAB, sel(0, 1)).encode());
        assertEquals(List.of("grab 0 [UTF8_TEXT]"), bridgeEvents);
    }

    @Test
    void noneIsSilentBothWays() throws Exception {
        AgentClient c = started(ClipboardPolicy.NONE, 100);
        guestAnnounces(c);
        c.grabFromLocal(0, EnumSet.of(ClipboardType.UTF8_TEXT));
        c.onData(new AgentMessage(AgentMessage.CLIPBOARD_REQUEST, sel(0, 1)).encode());
        c.onData(new AgentMessage(AgentMessage.CLIPBOARD_GRAB, sel(0, 1)).encode());
        c.requestFromGuest(0, ClipboardType.UTF8_TEXT);
        assertEquals(List.of(AgentMessage.ANNOUNCE_CAPABILITIES), typesSent());
        assertTrue(bridgeEvents.isEmpty());
    }

    @Test
    void unsolicitedGuestDataIsDropped() throws Exception {
        AgentClient c = started(ClipboardPolicy.BOTH, 100);
        guestAnnounces(c);
        byte[] data = new WireWriter().bytes(sel(0, 1)).bytes("pushed".getBytes()).toByteArray();
        c.onData(new AgentMessage(AgentMessage.CLIPBOARD, data).encode());
        assertTrue(bridgeEvents.isEmpty());
    }

    @Test
    void malformedMessagesAreDroppedAndTheAgentKeepsWorking() throws Exception {
        AgentClient c = started(ClipboardPolicy.BOTH, 100);
        guestAnnounces(c);
        c.onData(new AgentMessage(AgentMessage.CLIPBOARD_GRAB, new byte[] {9, 0}).encode()); // bad selection
        c.onData(new AgentMessage(AgentMessage.CLIPBOARD_REQUEST, new byte[] {0}).encode()); // truncated
        c.onData(new WireWriter().u32(5).u32(1).u64(0).u32(0).toByteArray()); // wrong protocol
        c.onData(new AgentMessage(77, new byte[3]).encode()); // unknown type
        c.onData(new AgentMessage(AgentMessage.CLIPBOARD_GRAB, sel(0, 1)).encode());
        assertEquals(List.of("grab 0 [UTF8_TEXT]"), bridgeEvents);
    }

    @Test
    void monitorsConfigWaitsForTheAgentThenCarriesTheSizes() throws Exception {
        AgentClient c = started(ClipboardPolicy.BOTH, 100);
        c.setMonitors(List.of(new MonitorConfig(1280, 800, 0, 0)));
        assertEquals(List.of(AgentMessage.ANNOUNCE_CAPABILITIES), typesSent());
        guestAnnounces(c);
        AgentMessage m = agentMessagesSent().get(agentMessagesSent().size() - 1);
        assertEquals(AgentMessage.MONITORS_CONFIG, m.type());
        WireReader r = new WireReader(m.data());
        assertEquals(1, r.u32());
        r.u32();
        assertEquals(800, r.u32(), "height comes first");
        assertEquals(1280, r.u32());
    }

    @Test
    void grabSerialsResolveCrossingGrabs() throws Exception {
        AgentClient c = started(ClipboardPolicy.BOTH, 100);
        int caps = 1 << AgentClient.CAP_CLIPBOARD_BY_DEMAND | 1 << AgentClient.CAP_CLIPBOARD_SELECTION
                | 1 << AgentClient.CAP_CLIPBOARD_GRAB_SERIAL;
        c.onData(new AgentMessage(AgentMessage.ANNOUNCE_CAPABILITIES, new WireWriter().u32(0).u32(caps)
                .toByteArray()).encode());
        // The guest grabs with serial 0: accepted, both sides now expect 1.
        c.onData(new AgentMessage(AgentMessage.CLIPBOARD_GRAB, sel(0, 0, 1)).encode());
        assertEquals(List.of("grab 0 [UTF8_TEXT]"), bridgeEvents);
        // The terminal grabs: it carries serial 1.
        c.grabFromLocal(0, EnumSet.of(ClipboardType.UTF8_TEXT));
        AgentMessage ours = agentMessagesSent().get(agentMessagesSent().size() - 1);
        WireReader r = new WireReader(ours.data());
        r.skip(4);
        assertEquals(1, r.u32(), "serial of our grab");
        assertEquals(1, r.u32(), "offered type");
        // A guest grab that crossed ours still says 1: it is stale and dropped.
        c.onData(new AgentMessage(AgentMessage.CLIPBOARD_GRAB, sel(0, 1, 1)).encode());
        assertEquals(1, bridgeEvents.size(), bridgeEvents.toString());
        // The guest's next grab, knowing ours, says 2: accepted.
        c.onData(new AgentMessage(AgentMessage.CLIPBOARD_GRAB, sel(0, 2, 1)).encode());
        assertEquals(2, bridgeEvents.size(), bridgeEvents.toString());
    }

    /** An agent client whose bridge is not plugged in yet (the application attaches it once connected). */
    private AgentClient startedWithoutBridge(ClipboardPolicy policy) {
        AgentClient c = new AgentClient(policy);
        c.attach(Runnable::run, sent::add);
        c.start(100);
        return c;
    }

    private ClipboardBridge recordingBridge() {
        return new ClipboardBridge() {
            @Override
            public void guestGrabbed(int selection, Set<ClipboardType> types) {
                bridgeEvents.add("grab " + selection + " " + types);
            }
        };
    }

    @Test
    void aGuestGrabBeforeTheBridgeIsReplayedToItWhenPolicyLetsItOut() {
        for (ClipboardPolicy p : ClipboardPolicy.values()) {
            bridgeEvents.clear();
            AgentClient c = startedWithoutBridge(p);
            guestAnnounces(c);
            c.onData(new AgentMessage(AgentMessage.CLIPBOARD_GRAB, sel(0, 1, 2)).encode());
            c.onData(new AgentMessage(AgentMessage.CLIPBOARD_GRAB, sel(1, 1)).encode());
            c.onData(new AgentMessage(AgentMessage.CLIPBOARD_RELEASE, sel(1)).encode());
            c.setClipboardBridge(recordingBridge());
            List<String> expected = p.allowsToClient() ? List.of("grab 0 [UTF8_TEXT, IMAGE_PNG]") : List.of();
            assertEquals(expected, bridgeEvents, p.key());
        }
    }

    @Test
    void aReplayedGrabCanBeRequestedAndItsDataArrives() throws Exception {
        AgentClient c = startedWithoutBridge(ClipboardPolicy.TO_CLIENT);
        guestAnnounces(c);
        c.onData(new AgentMessage(AgentMessage.CLIPBOARD_GRAB, sel(0, 1)).encode());
        c.setClipboardBridge(new ClipboardBridge() {
            @Override
            public void guestGrabbed(int selection, Set<ClipboardType> types) {
                c.requestFromGuest(selection, ClipboardType.UTF8_TEXT);
            }

            @Override
            public void guestData(int selection, ClipboardType type, byte[] data) {
                bridgeEvents.add("data " + new String(data, StandardCharsets.UTF_8));
            }
        });
        assertEquals(AgentMessage.CLIPBOARD_REQUEST, typesSent().get(typesSent().size() - 1));
        c.onData(new AgentMessage(AgentMessage.CLIPBOARD, new WireWriter().bytes(sel(0, 1))
                .bytes("copied before".getBytes(StandardCharsets.UTF_8)).toByteArray()).encode());
        assertEquals(List.of("data copied before"), bridgeEvents);
    }

    @Test
    void aGrabFromAnAgentThatLeftIsNotReplayed() {
        AgentClient c = startedWithoutBridge(ClipboardPolicy.BOTH);
        guestAnnounces(c);
        c.onData(new AgentMessage(AgentMessage.CLIPBOARD_GRAB, sel(0, 1)).encode());
        c.stop();
        c.setClipboardBridge(recordingBridge());
        assertTrue(bridgeEvents.isEmpty(), bridgeEvents.toString());
    }

    @Test
    void aTerminalOfferBeforeTheAgentIsReadyIsMadeOnceItIsAndAgainAfterARestart() throws Exception {
        AgentClient c = started(ClipboardPolicy.BOTH, 100);
        c.grabFromLocal(0, EnumSet.of(ClipboardType.UTF8_TEXT));
        assertEquals(List.of(AgentMessage.ANNOUNCE_CAPABILITIES), typesSent(), "held while the agent is silent");
        guestAnnounces(c);
        assertEquals(List.of(AgentMessage.ANNOUNCE_CAPABILITIES, AgentMessage.CLIPBOARD_GRAB), typesSent());
        // The agent restarts (AGENT_DISCONNECTED, AGENT_CONNECTED): the new one learns the offer too.
        c.stop();
        sent.clear();
        c.start(100);
        guestAnnounces(c);
        assertEquals(List.of(AgentMessage.ANNOUNCE_CAPABILITIES, AgentMessage.CLIPBOARD_GRAB), typesSent());
        // Once the guest grabs, the terminal's offer is superseded: a later agent is not told of it.
        c.onData(new AgentMessage(AgentMessage.CLIPBOARD_GRAB, sel(0, 1)).encode());
        c.stop();
        sent.clear();
        c.start(100);
        guestAnnounces(c);
        assertEquals(List.of(AgentMessage.ANNOUNCE_CAPABILITIES), typesSent());
    }

    @Test
    void aHeldTerminalOfferStaysHomeWhenPolicyForbidsOrItWasReleased() throws Exception {
        AgentClient c = started(ClipboardPolicy.TO_CLIENT, 100);
        c.grabFromLocal(0, EnumSet.of(ClipboardType.UTF8_TEXT));
        guestAnnounces(c);
        assertEquals(List.of(AgentMessage.ANNOUNCE_CAPABILITIES), typesSent());
        sent.clear();
        AgentClient b = started(ClipboardPolicy.BOTH, 100);
        b.grabFromLocal(0, EnumSet.of(ClipboardType.UTF8_TEXT));
        b.releaseLocal(0);
        guestAnnounces(b);
        assertEquals(List.of(AgentMessage.ANNOUNCE_CAPABILITIES), typesSent());
    }

    @Test
    void aGrabThatComesBeforeTheGuestsCapabilitiesCanStillBeRequested() throws Exception {
        AgentClient c = started(ClipboardPolicy.BOTH, 100);
        // No capabilities yet, so no selection prefix either way.
        c.onData(new AgentMessage(AgentMessage.CLIPBOARD_GRAB, new WireWriter().u32(1).toByteArray()).encode());
        assertEquals(List.of("grab 0 [UTF8_TEXT]"), bridgeEvents);
        c.requestFromGuest(0, ClipboardType.UTF8_TEXT);
        AgentMessage request = agentMessagesSent().get(agentMessagesSent().size() - 1);
        assertEquals(AgentMessage.CLIPBOARD_REQUEST, request.type());
        assertEquals(1, new WireReader(request.data()).u32());
        c.onData(new AgentMessage(AgentMessage.CLIPBOARD, new WireWriter().u32(1).bytes("early".getBytes())
                .toByteArray()).encode());
        assertEquals(List.of("grab 0 [UTF8_TEXT]", "data UTF8_TEXT early"), bridgeEvents);
    }
}
