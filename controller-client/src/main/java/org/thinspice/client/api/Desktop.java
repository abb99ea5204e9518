package org.thinspice.client.api;

import java.util.List;

/** One of the user's desktops as the controller lists it, with the policy parts the kiosk uses. */
public record Desktop(String id, String name, String state, String clipboard, boolean usbRedirect, List<String> actions) {
    public boolean isRunning() {
        return "running".equals(state);
    }

    public boolean allows(String action) {
        return actions.contains(action);
    }
}
