package org.thinspice.controller.provider;

import java.util.function.Consumer;

/**
 * Who is asking: the user name, the platform state kept for the session (null for local-qemu), and
 * where a provider hands a renewed state (a fresh Proxmox ticket) so that the session keeps it.
 */
public record UserContext(String username, String platformState, Consumer<String> stateRenewed) {
    /** A context whose renewed state is not kept. */
    public UserContext(String username, String platformState) {
        this(username, platformState, renewed -> { });
    }
}
