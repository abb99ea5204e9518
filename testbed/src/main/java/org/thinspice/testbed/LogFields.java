package org.thinspice.testbed;

import java.io.ByteArrayOutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/** The {@code key=value} / {@code key="quoted"} fields of a TBIN/TBAG line (quoted values never hold '"'). */
final class LogFields {
    private LogFields() {
    }

    /** Fields in order of appearance; words without '=' are skipped; quotes are removed, escapes kept. */
    static Map<String, String> parse(String text) {
        Map<String, String> fields = new LinkedHashMap<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            while (i < n && text.charAt(i) == ' ') {
                i++;
            }
            int wordStart = i;
            while (i < n && text.charAt(i) != ' ' && text.charAt(i) != '=') {
                i++;
            }
            if (i >= n || text.charAt(i) != '=') {
                continue;
            }
            String key = text.substring(wordStart, i++);
            String value;
            if (i < n && text.charAt(i) == '"') {
                int close = text.indexOf('"', i + 1);
                int end = close < 0 ? n : close;
                value = text.substring(i + 1, end);
                i = Math.min(n, end + 1);
            } else {
                int end = text.indexOf(' ', i);
                end = end < 0 ? n : end;
                value = text.substring(i, end);
                i = end;
            }
            fields.put(key, value);
        }
        return fields;
    }

    /** Undoes the guest's quoting: {@code \xNN} escapes back to bytes, everything else as ASCII. */
    static byte[] unescape(String quoted) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < quoted.length(); i++) {
            char c = quoted.charAt(i);
            if (c == '\\' && i + 3 < quoted.length() && quoted.charAt(i + 1) == 'x') {
                out.write(Integer.parseInt(quoted.substring(i + 2, i + 4), 16));
                i += 3;
            } else {
                out.write(c);
            }
        }
        return out.toByteArray();
    }
}
