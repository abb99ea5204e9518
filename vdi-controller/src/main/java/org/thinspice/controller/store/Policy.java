package org.thinspice.controller.store;

import java.util.List;
import java.util.Set;

/**
 * What a user may do with a desktop: clipboard direction ({@code both|to-guest|to-client|none}),
 * USB redirection with its usbredir filter rules, and the allowed power actions.
 */
public record Policy(String id, String clipboard, boolean usbRedirect, String usbFilter, List<String> actions) {
    public static final Set<String> CLIPBOARD = Set.of("both", "to-guest", "to-client", "none");
    public static final List<String> ALL_ACTIONS = List.of("start", "shutdown", "stop", "reboot", "reset");
    /** Smartcard-class devices (0x0b) stay local so the UKEY keeps working; everything else may go. */
    public static final String DEFAULT_USB_FILTER = "0x0b,-1,-1,-1,0|-1,-1,-1,-1,1";

    /** The policy of desktops that have none assigned: cautious — no clipboard, no USB, start/shutdown/reboot. */
    public static Policy fallback() {
        return new Policy("default", "none", false, DEFAULT_USB_FILTER, List.of("start", "shutdown", "reboot"));
    }

    public boolean allows(String action) {
        return actions.contains(action);
    }
}
