package org.thinspice.engine.vv;

import java.util.ArrayList;
import java.util.List;

/**
 * GLib key-file value escapes: {@code \s} (space), {@code \n}, {@code \t}, {@code \r}, {@code \\},
 * and {@code \;} inside lists. This is how a PEM {@code ca} fits on one line.
 */
final class VvEscapes {
    private VvEscapes() {
    }

    /** Unescapes {@code raw}; unknown escapes are errors when {@code strict}, kept verbatim otherwise. */
    static String unescape(String raw, boolean strict) throws VvValues.BadValue {
        int bs = raw.indexOf('\\');
        if (bs < 0) {
            return raw;
        }
        StringBuilder out = new StringBuilder(raw.length());
        out.append(raw, 0, bs);
        for (int i = bs; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (i + 1 == raw.length()) {
                if (strict) {
                    throw new VvValues.BadValue("value ends with a lone backslash");
                }
                out.append(c);
                continue;
            }
            char e = raw.charAt(++i);
            switch (e) {
                case 's' -> out.append(' ');
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case '\\' -> out.append('\\');
                case ';' -> out.append(';');
                default -> {
                    if (strict) {
                        throw new VvValues.BadValue("invalid escape \\" + e);
                    }
                    out.append('\\').append(e);
                }
            }
        }
        return out.toString();
    }

    /** Escapes a value so that {@link #unescape} gives it back and it stays on one line. */
    static String escape(String value) {
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case ' ' -> out.append(i == 0 || i == value.length() - 1 ? "\\s" : " ");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** Splits a GLib string list at unescaped {@code ;}, unescapes items and drops empty ones. */
    static List<String> splitList(String raw) throws VvValues.BadValue {
        List<String> items = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= raw.length(); i++) {
            if (i == raw.length() || raw.charAt(i) == ';') {
                String item = unescape(raw.substring(start, i), true).strip();
                if (!item.isEmpty()) {
                    items.add(item);
                }
                start = i + 1;
            } else if (raw.charAt(i) == '\\') {
                i++;
            }
        }
        return items;
    }
}
