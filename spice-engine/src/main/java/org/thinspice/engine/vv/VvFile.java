package org.thinspice.engine.vv;

import org.thinspice.engine.SpiceException;
import org.thinspice.engine.SpiceReason;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * An immutable, validated {@code .vv} connection file. {@link #parse} accepts what remote-viewer
 * accepts for a SPICE connection and rejects the rest with a {@link SpiceException} of reason
 * {@link SpiceReason#BAD_CONNECTION_FILE} naming the line; see {@link VvParser} for the rules (a
 * repeated key or group is an error). Every group and key is kept in file order, including
 * {@code [ovirt]}, {@code [thinspice]} and groups and keys this class does not know; comments and
 * blank lines are not kept. String values are returned unescaped ({@code \n} in {@code ca} becomes a
 * newline) and {@link #write} writes them escaped again.
 */
public final class VvFile {
    /** Largest file accepted, in characters (real files are a few KiB, mostly the CA). */
    public static final int MAX_CHARS = 1 << 20;
    /** Most lines accepted. */
    public static final int MAX_LINES = 10_000;

    private final Map<String, VvGroup> groups;

    private VvFile(List<VvGroup> parsed) {
        Map<String, VvGroup> m = new LinkedHashMap<>();
        for (VvGroup g : parsed) {
            m.put(g.name(), g);
        }
        this.groups = Collections.unmodifiableMap(m);
    }

    public static VvFile parse(String text) throws SpiceException {
        return new VvFile(VvParser.parse(text));
    }

    /** Reads at most {@link #MAX_CHARS} + 1 characters, so an endless stream is refused, not buffered. */
    public static VvFile parse(Reader reader) throws SpiceException {
        StringBuilder text = new StringBuilder();
        char[] buf = new char[8192];
        try {
            int n;
            while ((n = reader.read(buf)) >= 0) {
                text.append(buf, 0, n);
                if (text.length() > MAX_CHARS) {
                    throw VvParser.bad("the file is larger than " + MAX_CHARS + " characters");
                }
            }
        } catch (IOException e) {
            throw new SpiceException(SpiceReason.BAD_CONNECTION_FILE, "could not read the file: " + e.getMessage(), e);
        }
        return parse(text.toString());
    }

    /** The file as key-file text: groups and keys in their order, values escaped, one blank line between groups. */
    public String write() {
        StringBuilder out = new StringBuilder();
        for (VvGroup g : groups.values()) {
            if (out.length() > 0) {
                out.append('\n');
            }
            out.append('[').append(g.name()).append("]\n");
            for (VvEntry e : g.entries().values()) {
                out.append(e.key()).append('=').append(e.raw()).append('\n');
            }
        }
        return out.toString();
    }

    /** A copy with {@code group.key} set to {@code value} (appended when new); the result is validated again. */
    public VvFile with(String group, String key, String value) throws SpiceException {
        return edit(group, key, VvEscapes.escape(value));
    }

    /**
     * A copy with {@code group.key} set to {@code raw}, a value that is already in key-file form
     * (escapes such as {@code \n} as they will be written), passed through unchanged. This is how a
     * value that arrives escaped — Proxmox's {@code spiceproxy} sends its {@code ca} with newlines as
     * {@code \n} — goes into a file without being escaped twice. The result is validated again, so a
     * raw value with a line break or a bad escape in a known key is refused.
     */
    public VvFile withRaw(String group, String key, String raw) throws SpiceException {
        if (raw.indexOf('\n') >= 0 || raw.indexOf('\r') >= 0) {
            throw VvParser.bad("the raw value of '" + key + "' spans lines");
        }
        return edit(group, key, raw);
    }

    /** A copy without {@code group.key}; the result is validated again. */
    public VvFile without(String group, String key) throws SpiceException {
        return edit(group, key, null);
    }

    private VvFile edit(String group, String key, String raw) throws SpiceException {
        if (key.isEmpty() || key.indexOf('=') >= 0 || key.startsWith("[") || !key.equals(key.strip())
                || key.startsWith("#") || key.startsWith(";") || key.chars().anyMatch(Character::isISOControl)) {
            throw VvParser.bad("'" + key + "' cannot be a key");
        }
        List<VvGroup> copy = new ArrayList<>(groups.values());
        int at = -1;
        for (int i = 0; i < copy.size(); i++) {
            if (copy.get(i).name().equals(group)) {
                at = i;
            }
        }
        Map<String, VvEntry> entries = at < 0 ? new LinkedHashMap<>() : new LinkedHashMap<>(copy.get(at).entries());
        if (raw == null) {
            entries.remove(key);
        } else {
            entries.put(key, new VvEntry(key, raw, 0));
        }
        VvGroup edited = new VvGroup(group, 0, entries);
        if (at < 0) {
            copy.add(edited);
        } else {
            copy.set(at, edited);
        }
        // re-parsing the written text checks the edit and renumbers lines for later error messages
        return parse(new VvFile(copy).write());
    }

    // ---- generic access ----

    public List<String> groups() {
        return List.copyOf(groups.keySet());
    }

    public boolean hasGroup(String group) {
        return groups.containsKey(group);
    }

    /** Keys of {@code group} in file order; empty when the group is absent. */
    public List<String> keys(String group) {
        VvGroup g = groups.get(group);
        return g == null ? List.of() : List.copyOf(g.entries().keySet());
    }

    /** The unescaped value of any key, known or not (unknown escapes in unknown keys are kept as written). */
    public Optional<String> get(String group, String key) {
        return raw(group, key).map(raw -> {
            try {
                return VvEscapes.unescape(raw, false);
            } catch (VvValues.BadValue e) {
                throw new AssertionError("lenient unescape does not fail", e);
            }
        });
    }

    /** The value exactly as written in the file. */
    public Optional<String> raw(String group, String key) {
        VvGroup g = groups.get(group);
        VvEntry e = g == null ? null : g.entries().get(key);
        return Optional.ofNullable(e).map(VvEntry::raw);
    }

    // ---- [virt-viewer] ----

    public String type() {
        return string("type").orElseThrow();
    }

    public Optional<String> host() {
        return string("host");
    }

    /** Plain-text port; empty when absent, -1 or 0. */
    public OptionalInt port() {
        return port("port");
    }

    /** TLS port; empty when absent, -1 or 0. */
    public OptionalInt tlsPort() {
        return port("tls-port");
    }

    public Optional<String> unixPath() {
        return string("unix-path");
    }

    public Optional<String> username() {
        return string("username");
    }

    public Optional<String> password() {
        return string("password");
    }

    public List<String> disableChannels() {
        return list("disable-channels");
    }

    public List<String> secureChannels() {
        return list("secure-channels");
    }

    public Optional<String> tlsCiphers() {
        return string("tls-ciphers");
    }

    /** The CA certificate(s) in PEM, with real newlines. */
    public Optional<String> ca() {
        return string("ca");
    }

    public Optional<String> hostSubject() {
        return string("host-subject");
    }

    /** HTTP CONNECT proxy URL, e.g. {@code http://node:3128}. */
    public Optional<String> proxy() {
        return string("proxy");
    }

    public Optional<String> title() {
        return string("title");
    }

    public Optional<Boolean> fullscreen() {
        return bool(VvKeys.VIRT_VIEWER, "fullscreen");
    }

    /** The hotkeys the file names, in documented order; a file with hotkeys disables all others. */
    public Map<String, String> hotkeys() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String key : VvKeys.HOTKEYS) {
            string(key).ifPresent(v -> out.put(key, v));
        }
        return Collections.unmodifiableMap(out);
    }

    public Optional<String> toggleFullscreen() {
        return string("toggle-fullscreen");
    }

    public Optional<String> releaseCursor() {
        return string("release-cursor");
    }

    public Optional<String> zoomIn() {
        return string("zoom-in");
    }

    public Optional<String> zoomOut() {
        return string("zoom-out");
    }

    public Optional<String> zoomReset() {
        return string("zoom-reset");
    }

    /** The key combination that sends Ctrl+Alt+Del to the guest. */
    public Optional<String> secureAttention() {
        return string("secure-attention");
    }

    public Optional<String> usbDeviceReset() {
        return string("usb-device-reset");
    }

    public Optional<String> smartcardInsert() {
        return string("smartcard-insert");
    }

    public Optional<String> smartcardRemove() {
        return string("smartcard-remove");
    }

    /** Colour depth in bits (0..32; 0 = server default). */
    public OptionalInt colorDepth() {
        return raw(VvKeys.VIRT_VIEWER, "color-depth").map(r -> OptionalInt.of(checked(() -> VvValues.integer("color-depth", r, 0, 32))))
                .orElse(OptionalInt.empty());
    }

    public List<String> disableEffects() {
        return list("disable-effects");
    }

    public Optional<Boolean> enableSmartcard() {
        return bool(VvKeys.VIRT_VIEWER, "enable-smartcard");
    }

    public Optional<Boolean> enableUsbredir() {
        return bool(VvKeys.VIRT_VIEWER, "enable-usbredir");
    }

    public Optional<Boolean> enableUsbAutoshare() {
        return bool(VvKeys.VIRT_VIEWER, "enable-usb-autoshare");
    }

    /** Auto-connect rules {@code class,vendor,product,version,allow|...} (-1 = any); not a security boundary. */
    public Optional<String> usbFilter() {
        return string("usb-filter");
    }

    public Optional<String> usbRedirectOnConnect() {
        return string("usb-redirect-on-connect");
    }

    /** True when the broker asks that the file be deleted once read (it holds a one-time password). */
    public boolean deleteThisFile() {
        return bool(VvKeys.VIRT_VIEWER, "delete-this-file").orElse(false);
    }

    public Optional<String> version() {
        return string("version");
    }

    /** Minimum viewer version per OS id, in file order. */
    public Map<String, String> versions() {
        return raw(VvKeys.VIRT_VIEWER, "versions").map(r -> checked(() -> VvValues.versions("versions", r))).orElse(Map.of());
    }

    public Optional<String> newerVersionUrl() {
        return string("newer-version-url");
    }

    // ---- [ovirt] ----

    public Optional<String> ovirtHost() {
        return get(VvKeys.OVIRT, "host");
    }

    public Optional<String> ovirtVmGuid() {
        return get(VvKeys.OVIRT, "vm-guid");
    }

    public Optional<String> ovirtJsessionid() {
        return get(VvKeys.OVIRT, "jsessionid");
    }

    public Optional<String> ovirtSsoToken() {
        return get(VvKeys.OVIRT, "sso-token");
    }

    public Optional<String> ovirtCa() {
        return get(VvKeys.OVIRT, "ca");
    }

    public Optional<Boolean> ovirtAdmin() {
        return bool(VvKeys.OVIRT, "admin");
    }

    // ---- helpers: values were checked by the parser, so conversions cannot fail here ----

    private Optional<String> string(String key) {
        return get(VvKeys.VIRT_VIEWER, key);
    }

    private OptionalInt port(String key) {
        int p = raw(VvKeys.VIRT_VIEWER, key).map(r -> checked(() -> VvValues.port(key, r))).orElse(-1);
        return p > 0 ? OptionalInt.of(p) : OptionalInt.empty();
    }

    private Optional<Boolean> bool(String group, String key) {
        return raw(group, key).map(r -> checked(() -> VvValues.bool(key, r)));
    }

    private List<String> list(String key) {
        return raw(VvKeys.VIRT_VIEWER, key).map(r -> checked(() -> List.copyOf(VvEscapes.splitList(r)))).orElse(List.of());
    }

    private interface Conversion<T> {
        T get() throws VvValues.BadValue;
    }

    private static <T> T checked(Conversion<T> c) {
        try {
            return c.get();
        } catch (VvValues.BadValue e) {
            throw new IllegalStateException("value passed the parser's check but not its conversion", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VvFile f && f.write().equals(write());
    }

    @Override
    public int hashCode() {
        return write().hashCode();
    }

    /** Lists groups and keys only: values may hold passwords and tickets. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("VvFile");
        groups.values().forEach(g -> s.append(" [").append(g.name()).append("] ").append(g.entries().keySet()));
        return s.toString();
    }
}
