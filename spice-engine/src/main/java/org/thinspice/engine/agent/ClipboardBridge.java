package org.thinspice.engine.agent;

import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * What the application plugs its system clipboard into. Called on the main channel's event loop;
 * return quickly. The engine only calls what the connection's {@link ClipboardPolicy} allows.
 */
public interface ClipboardBridge {
    /** The guest copied something and offers these types (desktop → terminal allowed). */
    default void guestGrabbed(int selection, Set<ClipboardType> types) {
    }

    /** The guest no longer offers clipboard content. */
    default void guestReleased(int selection) {
    }

    /** Data requested with {@link AgentClient#requestFromGuest} arrived. */
    default void guestData(int selection, ClipboardType type, byte[] data) {
    }

    /**
     * The guest pastes what the terminal offered (terminal → desktop allowed): complete with the data,
     * or with null when it is no longer there.
     */
    default CompletableFuture<byte[]> localData(int selection, ClipboardType type) {
        return CompletableFuture.completedFuture(null);
    }
}
