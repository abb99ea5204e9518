package org.thinspice.controller.provider.proxmox;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;
import org.thinspice.controller.provider.ProviderException;

/**
 * HTTP calls to the Proxmox VE API ({@code /api2/json}): form-encoded bodies, the ticket as the
 * {@code PVEAuthCookie} cookie and the {@code CSRFPreventionToken} header on every write, and the
 * {@code data} member of the reply. 401 means the ticket is bad or expired.
 */
final class ProxmoxApi {
    private static final int MAX_REPLY = 4 << 20;
    private final HttpClient http;
    private final String base;

    ProxmoxApi(HttpClient http, String base) {
        this.http = http;
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    /** The ticket pair of a signed-in user. */
    record Credentials(String ticket, String csrf) {
    }

    JsonElement get(String path, Credentials c) throws ProviderException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).GET();
        return send(authorize(b, c, false), path);
    }

    JsonElement post(String path, Map<String, String> form, Credentials c) throws ProviderException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(form)));
        return send(authorize(b, c, true), path);
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static HttpRequest.Builder authorize(HttpRequest.Builder b, Credentials c, boolean write) {
        b.timeout(Duration.ofSeconds(30));
        if (c != null) {
            b.header("Cookie", "PVEAuthCookie=" + c.ticket());
            if (write) {
                b.header("CSRFPreventionToken", c.csrf());
            }
        }
        return b;
    }

    private JsonElement send(HttpRequest.Builder b, String path) throws ProviderException {
        HttpResponse<byte[]> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new ProviderException(ProviderException.Kind.UNAVAILABLE, "Proxmox " + path + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException(ProviderException.Kind.UNAVAILABLE, "interrupted");
        }
        if (r.statusCode() == 401) {
            throw new ProviderException(ProviderException.Kind.AUTH_FAILED, "Proxmox refused the credentials");
        }
        if (r.statusCode() == 404) {
            throw new ProviderException(ProviderException.Kind.NOT_FOUND, "Proxmox: no " + path);
        }
        if (r.statusCode() != 200) {
            throw new ProviderException(ProviderException.Kind.FAILED, "Proxmox " + path + ": HTTP " + r.statusCode());
        }
        if (r.body().length > MAX_REPLY) {
            throw new ProviderException(ProviderException.Kind.FAILED, "Proxmox " + path + ": reply too large");
        }
        try {
            JsonObject o = JsonParser.parseString(new String(r.body(), StandardCharsets.UTF_8)).getAsJsonObject();
            return o.get("data");
        } catch (RuntimeException e) {
            throw new ProviderException(ProviderException.Kind.FAILED, "Proxmox " + path + ": not JSON", e);
        }
    }

    private static String form(Map<String, String> form) {
        StringJoiner j = new StringJoiner("&");
        form.forEach((k, v) -> j.add(enc(k) + "=" + enc(v)));
        return j.toString();
    }
}
