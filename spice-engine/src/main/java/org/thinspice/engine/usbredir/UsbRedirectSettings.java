package org.thinspice.engine.usbredir;

/**
 * What a connection file says about USB redirection, in virt-viewer's own keys, so remote-viewer reads
 * the same file the same way: {@code enable-usbredir} (may devices go to the desktop at all),
 * {@code enable-usb-autoshare} (are the devices the filter allows redirected by themselves, at connect
 * and on plug-in) and {@code usb-filter} (usbredir filter rules {@code class,vendor,product,version,allow|…}).
 * Each is null when the file does not say. The engine only carries them; device-layer parses the
 * filter and turns the three into a policy.
 */
public record UsbRedirectSettings(Boolean enabled, Boolean autoshare, String filter) {
    /** Nothing said: spice-gtk's defaults apply. */
    public static final UsbRedirectSettings UNSAID = new UsbRedirectSettings(null, null, null);

    /** spice-gtk's default auto-connect filter: everything but HID. */
    public static final String DEFAULT_FILTER = "0x03,-1,-1,-1,0|-1,-1,-1,-1,1";

    /** Redirection is on unless the file turns it off (spice-gtk's {@code enable-usbredir} defaults to on). */
    public boolean isEnabled() {
        return enabled == null || enabled;
    }

    /** Automatic redirection only when the file asks for it. */
    public boolean isAutoshare() {
        return autoshare != null && autoshare;
    }

    /** The filter the file gives, or spice-gtk's default. */
    public String filterOrDefault() {
        return filter == null ? DEFAULT_FILTER : filter;
    }
}
