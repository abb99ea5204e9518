package org.thinspice.engine.vv;

import java.util.Map;

/**
 * The documented {@code .vv} keys (virt-viewer man/remote-viewer.pod, virt-viewer-file.c) and the
 * value type each must have. Keys not listed here are kept as uninterpreted strings.
 */
final class VvKeys {
    static final String VIRT_VIEWER = "virt-viewer";
    static final String OVIRT = "ovirt";
    static final String THINSPICE = "thinspice";

    /** How a key's value is checked when the file is parsed. */
    enum Kind {
        /** A string; escapes must be valid GLib escapes. */
        STRING,
        /** A TCP port 1..65535; -1 and 0 mean "not offered" (oVirt writes port=-1 for TLS-only). */
        PORT,
        /** Colour depth in bits, 0..32 (0 = server default). */
        DEPTH,
        /** 0/1/true/false. */
        BOOLEAN,
        /** {@code ;}-separated list. */
        LIST,
        /** {@code osid:version;...}. */
        VERSIONS
    }

    static final Map<String, Kind> VIRT_VIEWER_KEYS = Map.ofEntries(
            Map.entry("type", Kind.STRING),
            Map.entry("host", Kind.STRING),
            Map.entry("port", Kind.PORT),
            Map.entry("tls-port", Kind.PORT),
            Map.entry("unix-path", Kind.STRING),
            Map.entry("username", Kind.STRING),
            Map.entry("password", Kind.STRING),
            Map.entry("disable-channels", Kind.LIST),
            Map.entry("secure-channels", Kind.LIST),
            Map.entry("tls-ciphers", Kind.STRING),
            Map.entry("ca", Kind.STRING),
            Map.entry("host-subject", Kind.STRING),
            Map.entry("proxy", Kind.STRING),
            Map.entry("title", Kind.STRING),
            Map.entry("fullscreen", Kind.BOOLEAN),
            Map.entry("toggle-fullscreen", Kind.STRING),
            Map.entry("release-cursor", Kind.STRING),
            Map.entry("zoom-in", Kind.STRING),
            Map.entry("zoom-out", Kind.STRING),
            Map.entry("zoom-reset", Kind.STRING),
            Map.entry("secure-attention", Kind.STRING),
            Map.entry("usb-device-reset", Kind.STRING),
            Map.entry("smartcard-insert", Kind.STRING),
            Map.entry("smartcard-remove", Kind.STRING),
            Map.entry("color-depth", Kind.DEPTH),
            Map.entry("disable-effects", Kind.LIST),
            Map.entry("enable-smartcard", Kind.BOOLEAN),
            Map.entry("enable-usbredir", Kind.BOOLEAN),
            Map.entry("enable-usb-autoshare", Kind.BOOLEAN),
            Map.entry("usb-filter", Kind.STRING),
            Map.entry("usb-redirect-on-connect", Kind.STRING),
            Map.entry("delete-this-file", Kind.BOOLEAN),
            Map.entry("version", Kind.STRING),
            Map.entry("versions", Kind.VERSIONS),
            Map.entry("newer-version-url", Kind.STRING));

    static final Map<String, Kind> OVIRT_KEYS = Map.of(
            "host", Kind.STRING,
            "vm-guid", Kind.STRING,
            "jsessionid", Kind.STRING,
            "sso-token", Kind.STRING,
            "ca", Kind.STRING,
            "admin", Kind.BOOLEAN);

    /** Hotkey keys in the order remote-viewer documents them. */
    static final String[] HOTKEYS = {"toggle-fullscreen", "release-cursor", "zoom-in", "zoom-out", "zoom-reset",
        "secure-attention", "usb-device-reset", "smartcard-insert", "smartcard-remove"};

    private VvKeys() {
    }

    /** The kind of a key in a group, or null when the key is not documented. */
    static Kind kind(String group, String key) {
        if (VIRT_VIEWER.equals(group)) {
            return VIRT_VIEWER_KEYS.get(key);
        }
        if (OVIRT.equals(group)) {
            return OVIRT_KEYS.get(key);
        }
        return null;
    }
}
