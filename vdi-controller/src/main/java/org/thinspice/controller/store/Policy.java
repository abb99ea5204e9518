package org.thinspice.controller.store;

import java.util.List;
import java.util.Set;

/**
 * What a user may do with a desktop: clipboard direction ({@code both|to-guest|to-client|none}),
 * USB redirection ({@code usbRedirect}: may devices go at all; {@code usbAutoshare}: do the devices the
 * filter allows go by themselves, at connect and on plug-in, or only by hand) with its usbredir filter
 * rules, whether the terminal's smartcard is shared with the desktop ({@code smartcardShare}: the SPICE
 * smartcard channel, {@code .vv} {@code [thinspice] smartcard=share}), whether the terminal's microphone may
 * reach the desktop ({@code microphone}: the SPICE record channel, {@code .vv} {@code [thinspice]
 * microphone=allow|deny}), and the allowed power actions.
 */
public record Policy(String id, String clipboard, boolean usbRedirect, boolean usbAutoshare, String usbFilter,
        boolean smartcardShare, boolean microphone, List<String> actions) {
    /** A policy that says nothing about the microphone: allowed, as before the switch existed. */
    public Policy(String id, String clipboard, boolean usbRedirect, boolean usbAutoshare, String usbFilter,
            boolean smartcardShare, List<String> actions) {
        this(id, clipboard, usbRedirect, usbAutoshare, usbFilter, smartcardShare, true, actions);
    }

    public static final Set<String> CLIPBOARD = Set.of("both", "to-guest", "to-client", "none");
    public static final List<String> ALL_ACTIONS = List.of("start", "shutdown", "stop", "reboot", "reset");
    /** Smartcard-class devices (0x0b) stay local so the UKEY keeps working; everything else may go. */
    public static final String DEFAULT_USB_FILTER = "0x0b,-1,-1,-1,0|-1,-1,-1,-1,1";
    /** The store's column width. */
    public static final int MAX_USB_FILTER = 1000;

    /**
     * The policy of desktops that have none assigned: cautious — no clipboard, no USB, no smartcard, no microphone,
     * start/shutdown/reboot.
     */
    public static Policy fallback() {
        return new Policy("default", "none", false, false, DEFAULT_USB_FILTER, false, false,
                List.of("start", "shutdown", "reboot"));
    }

    public boolean allows(String action) {
        return actions.contains(action);
    }
}
