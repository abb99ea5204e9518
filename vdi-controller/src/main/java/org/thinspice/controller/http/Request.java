package org.thinspice.controller.http;

import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.thinspice.controller.json.JsonBodyReader;

/** One API request, already read (body bounded by the server), with the route's path parameters. */
public final class Request {
    private final String method;
    private final String path;
    private final String query;
    private final Map<String, List<String>> headers;
    private final byte[] body;
    private final String remoteAddress;
    private Map<String, String> pathParams = Map.of();
    private String route = "unmatched";

    public Request(String method, String path, String query, Map<String, List<String>> headers, byte[] body,
            String remoteAddress) {
        this.method = method;
        this.path = path;
        this.query = query;
        this.headers = headers;
        this.body = body;
        this.remoteAddress = remoteAddress;
    }

    public String method() {
        return method;
    }

    public String path() {
        return path;
    }

    /** The raw query string, or "" when none. */
    public String query() {
        return query == null ? "" : query;
    }

    /** Path plus {@code ?query} when there is one: what a terminal signs. */
    public String target() {
        return query == null || query.isEmpty() ? path : path + "?" + query;
    }

    public byte[] body() {
        return body;
    }

    public String remoteAddress() {
        return remoteAddress;
    }

    /** First value of a header (case-insensitive). */
    public Optional<String> header(String name) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                return Optional.of(e.getValue().get(0));
            }
        }
        return Optional.empty();
    }

    public String pathParam(String name) {
        String v = pathParams.get(name);
        if (v == null) {
            throw new IllegalStateException("route has no parameter " + name);
        }
        return v;
    }

    void pathParams(Map<String, String> params) {
        this.pathParams = params;
    }

    /** The route template that matched ({@code /api/v1/desktops/{id}}), or "unmatched". */
    public String route() {
        return route;
    }

    void route(String template) {
        this.route = template;
    }

    /** A query parameter (no decoding beyond '+' and %xx), or empty. */
    public Optional<String> queryParam(String name) {
        for (String pair : query().split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            if (k.equals(name)) {
                return Optional.of(java.net.URLDecoder.decode(eq < 0 ? "" : pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }

    /**
     * The body as a JSON object: requires {@code Content-Type: application/json} (415 otherwise)
     * and strict, well-formed JSON (400 otherwise).
     */
    public JsonObject json() {
        String type = header("Content-Type").orElse("").toLowerCase(Locale.ROOT);
        String mime = type.split(";", 2)[0].trim();
        if (!mime.equals("application/json")) {
            throw new ApiException(415, "unsupported_media_type", "the body must be application/json");
        }
        return JsonBodyReader.readObject(body);
    }
}
