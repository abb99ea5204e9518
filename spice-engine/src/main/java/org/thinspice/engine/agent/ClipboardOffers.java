package org.thinspice.engine.agent;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Who offers what on each clipboard selection, kept so that no offer depends on timing: the guest's
 * latest grab (replayed to a bridge plugged in later) and the terminal's latest offer (held while the
 * guest agent is not ready, made again to an agent that restarts). Plain state, no I/O; the
 * {@link AgentClient} uses it on its event loop.
 */
final class ClipboardOffers {
    private final Set<?>[] guest = new Set<?>[3];
    private final Set<?>[] terminal = new Set<?>[3];
    /** The terminal's offer still has to be announced to the (next) ready agent. */
    private final boolean[] pending = new boolean[3];

    /** The guest grabbed {@code sel}: a terminal offer there is superseded; kept if it may reach the terminal. */
    void guestGrabbed(int sel, Set<ClipboardType> types, boolean reachesTerminal) {
        terminal[sel] = null;
        pending[sel] = false;
        guest[sel] = reachesTerminal ? copy(types) : null;
    }

    void guestReleased(int sel) {
        guest[sel] = null;
    }

    /** The guest's standing offer on {@code sel}, or null. */
    @SuppressWarnings("unchecked")
    Set<ClipboardType> guest(int sel) {
        return (Set<ClipboardType>) guest[sel];
    }

    /** The terminal offers {@code types} on {@code sel}; returns true when it is to be sent now. */
    boolean terminalOffered(int sel, Set<ClipboardType> types, boolean agentReady) {
        terminal[sel] = copy(types);
        guest[sel] = null;
        pending[sel] = !agentReady;
        return agentReady;
    }

    /** The terminal's offer on {@code sel}, or null. */
    @SuppressWarnings("unchecked")
    Set<ClipboardType> terminal(int sel) {
        return (Set<ClipboardType>) terminal[sel];
    }

    /** The terminal withdrew its offer; returns true when the agent had been told of it. */
    boolean terminalReleased(int sel) {
        boolean told = terminal[sel] != null && !pending[sel];
        terminal[sel] = null;
        pending[sel] = false;
        return told;
    }

    /** The selections whose terminal offer the now ready agent must be told of (no longer pending after this). */
    List<Integer> takePending() {
        List<Integer> sels = new ArrayList<>();
        for (int sel = 0; sel < pending.length; sel++) {
            if (pending[sel] && terminal[sel] != null) {
                sels.add(sel);
            }
            pending[sel] = false;
        }
        return sels;
    }

    /** The agent left: its grabs are void; the terminal's offers wait for the next agent. */
    void agentLeft() {
        for (int sel = 0; sel < guest.length; sel++) {
            guest[sel] = null;
            pending[sel] = terminal[sel] != null;
        }
    }

    /** An unmodifiable copy in the enum's order (so logs and replays list types the same way every run). */
    private static Set<ClipboardType> copy(Set<ClipboardType> types) {
        EnumSet<ClipboardType> e = EnumSet.noneOf(ClipboardType.class);
        e.addAll(types);
        return Collections.unmodifiableSet(e);
    }
}
