package org.thinspice.controller.provider;

import java.util.List;

/**
 * A cloud platform under the controller: who may sign in (when the platform owns the users), which
 * desktops exist, their power, and SPICE credentials minted at click time. Implementations:
 * {@code local-qemu} (embedded default), {@code proxmox} and {@code fixed} (SPICE servers that run elsewhere).
 */
public interface CloudProvider extends AutoCloseable {
    /** "local-qemu", "proxmox" or "fixed". */
    String name();

    /** True when users sign in at the platform; false when the controller's store holds their passwords. */
    boolean authenticatesUsers();

    /** Signs in at the platform (only when {@link #authenticatesUsers()}). */
    PlatformLogin login(String username, char[] password) throws ProviderException;

    /** Completes a platform login that needed a second factor ({@code pendingState} from {@link PlatformLogin#pendingState()}). */
    PlatformLogin secondFactor(String pendingState, String method, String response) throws ProviderException;

    /** The desktops the platform shows this user (all of them for local-qemu; assignments filter later). */
    List<DesktopInfo> desktops(UserContext user) throws ProviderException;

    /** Runs a power action to completion (blocking) and returns a short detail for the task. */
    String power(UserContext user, String desktopId, PowerAction action) throws ProviderException;

    /** Mints one-time SPICE credentials for a running desktop. */
    SpiceTarget connect(UserContext user, String desktopId) throws ProviderException;

    /**
     * Whether the platform answers now (for the readiness probe): returns quietly, or throws
     * {@link ProviderException} with what is wrong. Must answer within a few seconds and change nothing.
     */
    void probe() throws ProviderException;

    @Override
    void close();
}
