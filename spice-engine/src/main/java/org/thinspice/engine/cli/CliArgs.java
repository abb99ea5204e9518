package org.thinspice.engine.cli;

import java.util.HashMap;
import java.util.Map;

/** {@code --key value} arguments; a bad or missing value is an {@link IllegalArgumentException}. */
final class CliArgs {
    private final Map<String, String> values = new HashMap<>();

    CliArgs(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + a + "'");
            }
            int eq = a.indexOf('=');
            if (eq > 0) {
                values.put(a.substring(2, eq), a.substring(eq + 1));
            } else if (i + 1 < args.length) {
                values.put(a.substring(2), args[++i]);
            } else {
                throw new IllegalArgumentException("option " + a + " needs a value");
            }
        }
    }

    String get(String key) {
        return values.get(key);
    }

    long number(String key, long dflt, long min, long max) {
        String v = values.get(key);
        if (v == null) {
            return dflt;
        }
        try {
            long n = Long.parseLong(v.trim());
            if (n < min || n > max) {
                throw new IllegalArgumentException("--" + key + " must be between " + min + " and " + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + key + " must be a number, not '" + v + "'");
        }
    }
}
