package org.thinspice.controller.openapi;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks a JSON value against the subset of OpenAPI 3.0 schema the controller's contract uses:
 * {@code $ref}, {@code type}, {@code required}, {@code properties}, {@code additionalProperties: false},
 * {@code enum}, {@code items}, {@code oneOf}, {@code pattern}, {@code minLength}/{@code maxLength},
 * {@code minimum}/{@code maximum}, {@code maxItems}. {@code format} and descriptions are ignored; any
 * other keyword is refused so the spec cannot silently rely on something this does not check.
 */
public final class SchemaValidator {
    private static final java.util.Set<String> KNOWN = java.util.Set.of("$ref", "type", "required", "properties",
            "additionalProperties", "enum", "items", "oneOf", "pattern", "minLength", "maxLength", "minimum", "maximum",
            "maxItems", "format", "description", "default", "example");
    private final OpenApiSpec spec;

    SchemaValidator(OpenApiSpec spec) {
        this.spec = spec;
    }

    /** Every way {@code value} breaks {@code schema}, as "path: problem" lines; empty when it conforms. */
    public List<String> validate(Map<String, Object> schema, JsonElement value) {
        List<String> problems = new ArrayList<>();
        check(schema, value, "$", problems);
        return problems;
    }

    @SuppressWarnings("unchecked")
    private void check(Map<String, Object> schema, JsonElement v, String at, List<String> out) {
        for (String key : schema.keySet()) {
            if (!KNOWN.contains(key)) {
                throw new IllegalArgumentException("schema keyword " + key + " at " + at + " is not supported by this validator");
            }
        }
        if (schema.containsKey("$ref")) {
            check(spec.ref((String) schema.get("$ref")), v, at, out);
            return;
        }
        if (schema.containsKey("oneOf")) {
            int matches = 0;
            List<String> why = new ArrayList<>();
            for (Object alt : (List<Object>) schema.get("oneOf")) {
                List<String> p = new ArrayList<>();
                check((Map<String, Object>) alt, v, at, p);
                if (p.isEmpty()) {
                    matches++;
                } else {
                    why.add(String.join("; ", p));
                }
            }
            if (matches != 1) {
                out.add(at + ": matches " + matches + " of oneOf (expected 1): " + why);
            }
            return;
        }
        String type = (String) schema.get("type");
        if (type != null && !hasType(v, type)) {
            out.add(at + ": expected " + type + ", got " + v);
            return;
        }
        if (schema.containsKey("enum") && !((List<Object>) schema.get("enum")).stream().map(String::valueOf).toList()
                .contains(v.isJsonPrimitive() ? v.getAsString() : v.toString())) {
            out.add(at + ": " + v + " is not one of " + schema.get("enum"));
        }
        if (v.isJsonObject()) {
            object(schema, v.getAsJsonObject(), at, out);
        } else if (v.isJsonArray()) {
            array(schema, v.getAsJsonArray(), at, out);
        } else if (v.isJsonPrimitive() && v.getAsJsonPrimitive().isString()) {
            string(schema, v.getAsString(), at, out);
        } else if (v.isJsonPrimitive() && v.getAsJsonPrimitive().isNumber()) {
            number(schema, v.getAsBigDecimal(), at, out);
        }
    }

    @SuppressWarnings("unchecked")
    private void object(Map<String, Object> schema, JsonObject o, String at, List<String> out) {
        Map<String, Object> props = (Map<String, Object>) schema.getOrDefault("properties", Map.of());
        for (Object name : (List<Object>) schema.getOrDefault("required", List.of())) {
            if (!o.has((String) name)) {
                out.add(at + ": missing required \"" + name + "\"");
            }
        }
        for (Map.Entry<String, JsonElement> e : o.entrySet()) {
            Map<String, Object> p = (Map<String, Object>) props.get(e.getKey());
            if (p != null) {
                check(p, e.getValue(), at + "." + e.getKey(), out);
            } else if (Boolean.FALSE.equals(schema.get("additionalProperties"))) {
                out.add(at + ": property \"" + e.getKey() + "\" is not in the schema");
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void array(Map<String, Object> schema, JsonArray a, String at, List<String> out) {
        if (schema.containsKey("maxItems") && a.size() > ((Number) schema.get("maxItems")).intValue()) {
            out.add(at + ": more than " + schema.get("maxItems") + " items");
        }
        Map<String, Object> items = (Map<String, Object>) schema.get("items");
        if (items != null) {
            for (int i = 0; i < a.size(); i++) {
                check(items, a.get(i), at + "[" + i + "]", out);
            }
        }
    }

    private static void string(Map<String, Object> schema, String s, String at, List<String> out) {
        if (schema.containsKey("pattern") && !Pattern.compile((String) schema.get("pattern")).matcher(s).find()) {
            out.add(at + ": \"" + s + "\" does not match " + schema.get("pattern"));
        }
        if (schema.containsKey("minLength") && s.length() < ((Number) schema.get("minLength")).intValue()) {
            out.add(at + ": shorter than " + schema.get("minLength"));
        }
        if (schema.containsKey("maxLength") && s.length() > ((Number) schema.get("maxLength")).intValue()) {
            out.add(at + ": longer than " + schema.get("maxLength"));
        }
    }

    private static void number(Map<String, Object> schema, BigDecimal n, String at, List<String> out) {
        if (schema.containsKey("minimum") && n.compareTo(new BigDecimal(schema.get("minimum").toString())) < 0) {
            out.add(at + ": below " + schema.get("minimum"));
        }
        if (schema.containsKey("maximum") && n.compareTo(new BigDecimal(schema.get("maximum").toString())) > 0) {
            out.add(at + ": above " + schema.get("maximum"));
        }
    }

    private static boolean hasType(JsonElement v, String type) {
        JsonPrimitive p = v.isJsonPrimitive() ? v.getAsJsonPrimitive() : null;
        return switch (type) {
            case "object" -> v.isJsonObject();
            case "array" -> v.isJsonArray();
            case "string" -> p != null && p.isString();
            case "boolean" -> p != null && p.isBoolean();
            case "number" -> p != null && p.isNumber();
            case "integer" -> p != null && p.isNumber() && isInteger(p.getAsBigDecimal());
            default -> throw new IllegalArgumentException("unknown schema type " + type);
        };
    }

    private static boolean isInteger(BigDecimal d) {
        return d.stripTrailingZeros().scale() <= 0;
    }
}
