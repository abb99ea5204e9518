package org.thinspice.controller.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Method + path templates ({@code /api/v1/desktops/{id}/power}) to handlers; 404 and 405 otherwise. */
public final class Router {
    private record Route(String method, String[] segments, Handler handler) {
    }

    private final List<Route> routes = new ArrayList<>();

    public Router add(String method, String template, Handler handler) {
        routes.add(new Route(method, split(template), handler));
        return this;
    }

    /** All templates as "METHOD /path" (for the OpenAPI check). */
    public List<String> templates() {
        List<String> out = new ArrayList<>();
        for (Route r : routes) {
            out.add(r.method + " /" + String.join("/", r.segments));
        }
        return out;
    }

    public Response dispatch(Request request) throws Exception {
        String[] path = split(request.path());
        boolean pathMatched = false;
        for (Route r : routes) {
            Map<String, String> params = match(r.segments, path);
            if (params == null) {
                continue;
            }
            pathMatched = true;
            if (r.method.equals(request.method())) {
                request.pathParams(params);
                request.route("/" + String.join("/", r.segments));
                return r.handler.handle(request);
            }
        }
        if (pathMatched) {
            throw new ApiException(405, "method_not_allowed", request.method() + " is not allowed on " + request.path());
        }
        throw ApiException.notFound("no such endpoint: " + request.path());
    }

    private static Map<String, String> match(String[] template, String[] path) {
        if (template.length != path.length) {
            return null;
        }
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < template.length; i++) {
            String t = template[i];
            if (t.startsWith("{") && t.endsWith("}")) {
                if (path[i].isEmpty()) {
                    return null;
                }
                params.put(t.substring(1, t.length() - 1), path[i]);
            } else if (!t.equals(path[i])) {
                return null;
            }
        }
        return params;
    }

    private static String[] split(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        return p.isEmpty() ? new String[0] : p.split("/", -1);
    }
}
