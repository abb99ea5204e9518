package org.thinspice.client.desktops;

import org.thinspice.client.api.Desktop;

/**
 * What the session view needs: the desktop, its first .vv, and how to get a fresh one when the link
 * drops (one-time passwords die with their first use).
 */
public record ConnectRequest(Desktop desktop, String vv, VvSource refresh) {
    @FunctionalInterface
    public interface VvSource {
        String next() throws Exception;
    }
}
