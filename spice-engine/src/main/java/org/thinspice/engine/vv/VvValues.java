package org.thinspice.engine.vv;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Converts raw {@code .vv} values to typed ones, per {@link VvKeys.Kind}. */
final class VvValues {
    private VvValues() {
    }

    /** A value that does not fit its key's type; the parser adds the line number. */
    static final class BadValue extends Exception {
        BadValue(String message) {
            super(message, null, false, false);
        }
    }

    /** Checks {@code raw} against {@code kind}, as the parser does for every documented key. */
    static void check(VvKeys.Kind kind, String key, String raw) throws BadValue {
        switch (kind) {
            case STRING -> VvEscapes.unescape(raw, true);
            case PORT -> port(key, raw);
            case DEPTH -> integer(key, raw, 0, 32);
            case BOOLEAN -> bool(key, raw);
            case LIST -> VvEscapes.splitList(raw);
            case VERSIONS -> versions(key, raw);
        }
    }

    /** A port, or -1 when the file says the port is not offered (-1 or 0). */
    static int port(String key, String raw) throws BadValue {
        int port = integer(key, raw, -1, 65535);
        return port <= 0 ? -1 : port;
    }

    static int integer(String key, String raw, int min, int max) throws BadValue {
        String s = raw.strip();
        if (s.isEmpty() || s.length() > 11) {
            throw new BadValue(key + " must be a number " + min + ".." + max + ", is '" + s + "'");
        }
        long v;
        try {
            v = Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new BadValue(key + " must be a number " + min + ".." + max + ", is '" + s + "'");
        }
        if (v < min || v > max) {
            throw new BadValue(key + " must be a number " + min + ".." + max + ", is " + v);
        }
        return (int) v;
    }

    static boolean bool(String key, String raw) throws BadValue {
        switch (raw.strip().toLowerCase(Locale.ROOT)) {
            case "1", "true" -> {
                return true;
            }
            case "0", "false" -> {
                return false;
            }
            default -> throw new BadValue(key + " must be 0, 1, true or false, is '" + raw.strip() + "'");
        }
    }

    /** {@code osid:version;...} in file order. */
    static Map<String, String> versions(String key, String raw) throws BadValue {
        Map<String, String> out = new LinkedHashMap<>();
        List<String> items = VvEscapes.splitList(raw);
        for (String item : items) {
            int colon = item.indexOf(':');
            if (colon <= 0 || colon == item.length() - 1) {
                throw new BadValue(key + " entries must be osid:version, one is '" + item + "'");
            }
            out.put(item.substring(0, colon).strip(), item.substring(colon + 1).strip());
        }
        return Collections.unmodifiableMap(out);
    }
}
