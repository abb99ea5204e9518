package org.thinspice.controller.json;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.thinspice.controller.http.ApiException;

/**
 * Strict JSON for request bodies: RFC 8259 syntax only, valid UTF-8, one top-level object, no
 * duplicate keys, nesting at most {@link #MAX_DEPTH}. Anything else is a 400 {@code malformed_json}.
 */
public final class JsonBodyReader {
    public static final int MAX_DEPTH = 16;

    private JsonBodyReader() {
    }

    public static JsonObject readObject(byte[] body) {
        try (JsonReader r = new JsonReader(new InputStreamReader(new ByteArrayInputStream(body),
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)))) {
            r.setStrictness(Strictness.STRICT);
            if (r.peek() != JsonToken.BEGIN_OBJECT) {
                throw malformed("the body must be a JSON object");
            }
            JsonElement e = read(r, 0);
            if (r.peek() != JsonToken.END_DOCUMENT) {
                throw malformed("trailing data after the JSON object");
            }
            return e.getAsJsonObject();
        } catch (CharacterCodingException e) {
            throw malformed("the body is not valid UTF-8");
        } catch (IOException | IllegalStateException | NumberFormatException e) {
            throw malformed("malformed JSON: " + firstLine(e.getMessage()));
        }
    }

    private static JsonElement read(JsonReader r, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw malformed("JSON nested deeper than " + MAX_DEPTH);
        }
        switch (r.peek()) {
            case BEGIN_OBJECT -> {
                JsonObject o = new JsonObject();
                r.beginObject();
                while (r.hasNext()) {
                    String name = r.nextName();
                    if (o.has(name)) {
                        throw malformed("duplicate key \"" + name + "\"");
                    }
                    o.add(name, read(r, depth + 1));
                }
                r.endObject();
                return o;
            }
            case BEGIN_ARRAY -> {
                JsonArray a = new JsonArray();
                r.beginArray();
                while (r.hasNext()) {
                    a.add(read(r, depth + 1));
                }
                r.endArray();
                return a;
            }
            case STRING -> {
                return new JsonPrimitive(r.nextString());
            }
            case NUMBER -> {
                // strict mode hands over only RFC 8259 numbers, which BigDecimal takes exactly
                return new JsonPrimitive(new BigDecimal(r.nextString()));
            }
            case BOOLEAN -> {
                return new JsonPrimitive(r.nextBoolean());
            }
            case NULL -> {
                r.nextNull();
                return JsonNull.INSTANCE;
            }
            default -> throw malformed("unexpected " + r.peek());
        }
    }

    private static ApiException malformed(String message) {
        return ApiException.badRequest("malformed_json", message);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "syntax error";
        }
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.length() > 200 ? line.substring(0, 200) : line;
    }
}
