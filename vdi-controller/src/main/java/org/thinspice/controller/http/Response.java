package org.thinspice.controller.http;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a handler answers: status, content type, bytes and extra headers. */
public record Response(int status, String contentType, byte[] body, Map<String, String> headers) {
    public static final String JSON = "application/json; charset=utf-8";

    public static Response json(int status, JsonElement body) {
        return new Response(status, JSON, body.toString().getBytes(StandardCharsets.UTF_8), Map.of());
    }

    public static Response ok(JsonElement body) {
        return json(200, body);
    }

    public static Response noContent() {
        return new Response(204, null, new byte[0], Map.of());
    }

    public static Response error(ApiException e) {
        JsonObject o = new JsonObject();
        o.addProperty("error", e.code());
        o.addProperty("message", e.getMessage());
        if (e.detail() != null) {
            o.add("detail", e.detail());
        }
        Map<String, String> headers = new LinkedHashMap<>();
        if (e.retryAfterSeconds() != null) {
            o.addProperty("retryAfterSeconds", e.retryAfterSeconds());
            headers.put("Retry-After", Integer.toString(e.retryAfterSeconds()));
        }
        if (e.status() == 401) {
            headers.put("WWW-Authenticate", "Bearer");
        }
        return new Response(e.status(), JSON, o.toString().getBytes(StandardCharsets.UTF_8), headers);
    }

    public Response withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new Response(status, contentType, body, h);
    }
}
