package org.thinspice.controller.json;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.thinspice.controller.http.ApiException;

/**
 * Typed, strict access to a request object: only the named fields are allowed (an unknown field is
 * a 400 {@code unknown_field}, so a typo never silently does nothing), types are checked, strings
 * are bounded.
 */
public final class Fields {
    public static final int MAX_STRING = 4096;
    private final JsonObject object;

    private Fields(JsonObject object) {
        this.object = object;
    }

    /** Wraps {@code object}, refusing any key outside {@code allowed}. */
    public static Fields of(JsonObject object, String... allowed) {
        Set<String> ok = new HashSet<>(Arrays.asList(allowed));
        for (String key : object.keySet()) {
            if (!ok.contains(key)) {
                throw ApiException.badRequest("unknown_field", "unknown field \"" + key + "\"");
            }
        }
        return new Fields(object);
    }

    public String string(String name) {
        return optString(name).orElseThrow(() -> invalid(name, "is required"));
    }

    public Optional<String> optString(String name) {
        JsonElement e = object.get(name);
        if (e == null || e.isJsonNull()) {
            return Optional.empty();
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw invalid(name, "must be a string");
        }
        String s = e.getAsString();
        if (s.length() > MAX_STRING) {
            throw invalid(name, "is longer than " + MAX_STRING + " characters");
        }
        return Optional.of(s);
    }

    /** A required string matching {@code pattern} (a regex), described as {@code what} on refusal. */
    public String matching(String name, String pattern, String what) {
        String s = string(name);
        if (!s.matches(pattern)) {
            throw invalid(name, "must be " + what);
        }
        return s;
    }

    public Optional<Long> optLong(String name, long min, long max) {
        JsonElement e = object.get(name);
        if (e == null || e.isJsonNull()) {
            return Optional.empty();
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw invalid(name, "must be a number");
        }
        long v;
        try {
            v = new java.math.BigDecimal(e.getAsString()).longValueExact();
        } catch (ArithmeticException | NumberFormatException ex) {
            throw invalid(name, "must be an integer");
        }
        if (v < min || v > max) {
            throw invalid(name, "must be between " + min + " and " + max);
        }
        return Optional.of(v);
    }

    public Optional<Boolean> optBoolean(String name) {
        JsonElement e = object.get(name);
        if (e == null || e.isJsonNull()) {
            return Optional.empty();
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) {
            throw invalid(name, "must be true or false");
        }
        return Optional.of(e.getAsBoolean());
    }

    /** An optional list of strings, each bounded; at most {@code maxItems}. */
    public Optional<List<String>> optStrings(String name, int maxItems) {
        JsonElement e = object.get(name);
        if (e == null || e.isJsonNull()) {
            return Optional.empty();
        }
        if (!e.isJsonArray()) {
            throw invalid(name, "must be an array of strings");
        }
        JsonArray a = e.getAsJsonArray();
        if (a.size() > maxItems) {
            throw invalid(name, "has more than " + maxItems + " items");
        }
        List<String> out = new ArrayList<>();
        for (JsonElement item : a) {
            if (!item.isJsonPrimitive() || !((JsonPrimitive) item).isString() || item.getAsString().length() > MAX_STRING) {
                throw invalid(name, "must be an array of strings");
            }
            out.add(item.getAsString());
        }
        return Optional.of(out);
    }

    public static ApiException invalid(String name, String problem) {
        return ApiException.badRequest("invalid_field", "\"" + name + "\" " + problem);
    }
}
