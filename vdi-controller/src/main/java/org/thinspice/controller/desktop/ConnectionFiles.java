package org.thinspice.controller.desktop;

import java.util.ArrayList;
import java.util.List;
import org.thinspice.controller.provider.SpiceTarget;
import org.thinspice.controller.store.Policy;
import org.thinspice.engine.SpiceException;
import org.thinspice.engine.vv.VvFile;

/**
 * Writes the .vv for one connection: the one-time credentials, the route (direct, through our
 * gateway with its ticket as {@code host}, or through the platform's proxy), fixed hotkeys, and the
 * policy — standard keys where .vv has them ({@code enable-usbredir}, {@code enable-usb-autoshare},
 * {@code usb-filter}), a
 * {@code [thinspice]} group for the rest (remote-viewer ignores unknown groups).
 */
public final class ConnectionFiles {
    public static final String MIME = "application/x-virt-viewer";
    public static final String GROUP = "virt-viewer";
    public static final String THINSPICE = "thinspice";

    private ConnectionFiles() {
    }

    /**
     * @param host    what goes into {@code host}: the SPICE host, or the gateway ticket
     * @param proxy   the CONNECT proxy URL, or null for a direct connection
     */
    public static String write(SpiceTarget t, String host, String proxy, UserDesktop d, long expiresAt) {
        Policy p = d.policy();
        if (host.chars().anyMatch(ch -> ch < 0x21 || ch == '\\' || ch == 0x7f)) {
            throw new IllegalArgumentException("host has characters a .vv cannot carry unescaped");
        }
        // the endpoint goes in first: every edit of a VvFile is validated and needs host with a port
        StringBuilder base = new StringBuilder("[" + GROUP + "]\ntype=spice\nhost=").append(host).append('\n');
        if (t.port() > 0) {
            base.append("port=").append(t.port()).append('\n');
        }
        if (t.tlsPort() > 0) {
            base.append("tls-port=").append(t.tlsPort()).append('\n');
        }
        List<String[]> kv = new ArrayList<>();
        kv.add(new String[] {"password", t.password()});
        if (proxy != null) {
            kv.add(new String[] {"proxy", proxy});
        }
        if (t.hostSubject() != null) {
            kv.add(new String[] {"host-subject", t.hostSubject()});
        }
        kv.add(new String[] {"title", t.title() == null ? d.info().name() : t.title()});
        kv.add(new String[] {"delete-this-file", "1"});
        kv.add(new String[] {"secure-attention", "ctrl+alt+end"});
        kv.add(new String[] {"toggle-fullscreen", "shift+f11"});
        kv.add(new String[] {"release-cursor", "shift+f12"});
        // virt-viewer's own keys, read by remote-viewer (virt-viewer-session-spice.c fill_session) and by the
        // engine alike: enable-usbredir gates everything, enable-usb-autoshare (an int there, so 0/1) turns on
        // spice-gtk's auto-usbredir, usb-filter becomes its auto-connect-filter.
        kv.add(new String[] {"enable-usbredir", p.usbRedirect() ? "1" : "0"});
        kv.add(new String[] {"enable-usb-autoshare", p.usbRedirect() && p.usbAutoshare() ? "1" : "0"});
        if (p.usbRedirect()) {
            // a policy stored before the API refused empty filters: say "nothing" as one rule
            kv.add(new String[] {"usb-filter", p.usbFilter().isEmpty() ? "-1,-1,-1,-1,0" : p.usbFilter()});
        }
        try {
            VvFile vv = VvFile.parse(base.toString());
            for (String[] e : kv) {
                vv = vv.with(GROUP, e[0], e[1]);
            }
            if (t.caKeyFileValue() != null) {
                // already escaped by the platform (newlines as \n): escaping it again would hand the
                // client a PEM with literal backslashes that no certificate parser accepts
                vv = vv.withRaw(GROUP, "ca", t.caKeyFileValue());
            }
            vv = vv.with(THINSPICE, "desktop", d.info().id())
                    .with(THINSPICE, "clipboard", p.clipboard())
                    .with(THINSPICE, "usb-redirect", p.usbRedirect() ? "1" : "0")
                    // read by the engine (VvConnect → SmartcardPolicy): share opens the smartcard channel
                    .with(THINSPICE, "smartcard", p.smartcardShare() ? "share" : "none")
                    // read by the engine (VvConnect): deny opens no record channel
                    .with(THINSPICE, "microphone", p.microphone() ? "allow" : "deny")
                    .with(THINSPICE, "actions", String.join(";", p.actions()))
                    .with(THINSPICE, "expires", Long.toString(expiresAt));
            return vv.write();
        } catch (SpiceException e) {
            throw new IllegalStateException("the controller built an invalid .vv: " + e.getMessage(), e);
        }
    }
}
