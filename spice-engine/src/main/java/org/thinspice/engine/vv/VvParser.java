package org.thinspice.engine.vv;

import org.thinspice.engine.SpiceException;
import org.thinspice.engine.SpiceReason;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the key-file syntax: {@code [group]} headers, {@code key=value} lines, {@code #} and
 * {@code ;} comments and blank lines; then checks what a SPICE connection needs. Every error names
 * its line. A repeated key or group is an error rather than GLib's "last one wins": a broker never
 * writes one, and a second {@code host=} or {@code proxy=} slipped into a file should not silently
 * redirect the connection. Values are never echoed in messages (they may be passwords).
 */
final class VvParser {
    private final List<VvGroup> groups = new ArrayList<>();
    private String groupName;
    private int groupLine;
    private Map<String, VvEntry> entries;

    private VvParser() {
    }

    static List<VvGroup> parse(String text) throws SpiceException {
        if (text.length() > VvFile.MAX_CHARS) {
            throw bad("the file is larger than " + VvFile.MAX_CHARS + " characters");
        }
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
        String[] lines = body.split("\n", -1);
        if (lines.length > VvFile.MAX_LINES) {
            throw bad("the file has more than " + VvFile.MAX_LINES + " lines");
        }
        VvParser p = new VvParser();
        for (int i = 0; i < lines.length; i++) {
            p.line(i + 1, lines[i]);
        }
        p.endGroup();
        validate(p.groups, lines.length);
        return p.groups;
    }

    private void line(int number, String text) throws SpiceException {
        String line = text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
        line = line.stripLeading();
        if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
            return;
        }
        if (line.startsWith("[")) {
            group(number, line.stripTrailing());
            return;
        }
        int eq = line.indexOf('=');
        if (eq < 0) {
            throw bad(number, "neither a [group] header nor key=value");
        }
        String key = line.substring(0, eq).strip();
        if (key.isEmpty()) {
            throw bad(number, "key=value line without a key");
        }
        if (entries == null) {
            throw bad(number, "key '" + key + "' outside any group");
        }
        VvEntry earlier = entries.get(key);
        if (earlier != null) {
            throw bad(number, "duplicate key '" + key + "' in [" + groupName + "] (first at line " + earlier.line() + ")");
        }
        entries.put(key, new VvEntry(key, line.substring(eq + 1).strip(), number));
    }

    private void group(int number, String line) throws SpiceException {
        if (!line.endsWith("]") || line.length() < 3) {
            throw bad(number, "group header must look like [name]");
        }
        String name = line.substring(1, line.length() - 1);
        if (name.indexOf('[') >= 0 || name.indexOf(']') >= 0 || name.chars().anyMatch(Character::isISOControl)) {
            throw bad(number, "group name may not contain [, ] or control characters");
        }
        endGroup();
        for (VvGroup g : groups) {
            if (g.name().equals(name)) {
                throw bad(number, "group [" + name + "] appears again (first at line " + g.line() + ")");
            }
        }
        groupName = name;
        groupLine = number;
        entries = new LinkedHashMap<>();
    }

    private void endGroup() {
        if (entries != null) {
            groups.add(new VvGroup(groupName, groupLine, entries));
        }
    }

    private static void validate(List<VvGroup> groups, int lastLine) throws SpiceException {
        VvGroup vv = groups.stream().filter(g -> g.name().equals(VvKeys.VIRT_VIEWER)).findFirst()
                .orElseThrow(() -> bad(lastLine, "no [virt-viewer] group in the file (end of file)"));
        for (VvGroup g : groups) {
            for (VvEntry e : g.entries().values()) {
                VvKeys.Kind kind = VvKeys.kind(g.name(), e.key());
                if (kind != null) {
                    try {
                        VvValues.check(kind, e.key(), e.raw());
                    } catch (VvValues.BadValue ex) {
                        throw bad(e.line(), ex.getMessage());
                    }
                }
            }
        }
        VvEntry type = vv.entries().get("type");
        if (type == null) {
            throw bad(vv.line(), "[virt-viewer] has no type key");
        }
        if (!type.raw().equals("spice")) {
            throw bad(type.line(), "type is '" + type.raw() + "', only spice connections are supported");
        }
        checkEndpoint(vv);
    }

    /** A SPICE connection needs unix-path, or a host with a port or tls-port (the two do not mix). */
    private static void checkEndpoint(VvGroup vv) throws SpiceException {
        Map<String, VvEntry> e = vv.entries();
        boolean port = offered(e.get("port")) || offered(e.get("tls-port"));
        VvEntry unix = e.get("unix-path");
        if (unix != null && !unix.raw().isEmpty()) {
            if (e.containsKey("host") || port) {
                throw bad(unix.line(), "unix-path cannot be combined with host, port or tls-port");
            }
            return;
        }
        VvEntry host = e.get("host");
        if (host == null || host.raw().isEmpty() || !port) {
            throw bad(host == null ? vv.line() : host.line(),
                    "[virt-viewer] needs host with port or tls-port, or unix-path");
        }
    }

    private static boolean offered(VvEntry port) {
        try {
            return port != null && VvValues.port(port.key(), port.raw()) > 0;
        } catch (VvValues.BadValue e) {
            return false; // already reported by the key check
        }
    }

    static SpiceException bad(int line, String what) {
        return bad("line " + line + ": " + what);
    }

    static SpiceException bad(String what) {
        return new SpiceException(SpiceReason.BAD_CONNECTION_FILE, what);
    }
}
