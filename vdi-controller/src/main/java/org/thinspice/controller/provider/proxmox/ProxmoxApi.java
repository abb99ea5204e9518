package org.thinspice.controller.provider.proxmox;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Pattern;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;
import org.thinspice.controller.provider.ProviderException;

/**
 * HTTP calls to the Proxmox VE API ({@code /api2/json}): form-encoded bodies, the ticket as the
 * {@code PVEAuthCookie} cookie and the {@code CSRFPreventionToken} header on every write, and the
 * {@code data} member of the reply.
 *
 * <p>PVE puts the reason for a failure into the HTTP reason phrase ({@code HTTP/1.1 500 VM 100 not
 * running}; pve-http-server {@code PVE::APIServer::AnyEvent::response}) and, from pve-http-server 5.2
 * (PVE 8.4), also into the JSON body's {@code message}. {@code java.net.http.HttpClient} drops the reason
 * phrase, so this class uses {@link HttpURLConnection}, which keeps it.
 */
final class ProxmoxApi {
    private static final int MAX_REPLY = 4 << 20;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** qemu-server's words when an action needs a running VM ({@code PVE::API2::Qemu}, e.g. vm_reset). */
    private static final Pattern NOT_RUNNING = Pattern.compile("VM \\d+ not running.*");
    private final String base;
    private final SSLSocketFactory tls;
    private final HostnameVerifier hostnames;

    /** {@code tls}/{@code hostnames} null = the JRE's defaults. */
    ProxmoxApi(String base, SSLSocketFactory tls, HostnameVerifier hostnames) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.tls = tls;
        this.hostnames = hostnames;
    }

    /** The ticket pair of a signed-in user. */
    record Credentials(String ticket, String csrf) {
    }

    JsonElement get(String path, Credentials c) throws ProviderException {
        return send("GET", path, null, c, TIMEOUT);
    }

    /**
     * Whether the API answers at all within {@code timeout}: any HTTP answer (PVE refuses {@code /version}
     * without a ticket with 401) is reachable; no answer, or a proxy's 595/596, is not.
     */
    void probe(Duration timeout) throws ProviderException {
        try {
            send("GET", "/version", null, null, timeout);
        } catch (ProviderException e) {
            if (e.kind() == ProviderException.Kind.UNAVAILABLE) {
                throw e;
            }
        }
    }

    JsonElement post(String path, Map<String, String> form, Credentials c) throws ProviderException {
        return send("POST", path, form(form), c, TIMEOUT);
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private JsonElement send(String method, String path, String body, Credentials c, Duration timeout)
            throws ProviderException {
        HttpURLConnection http = null;
        try {
            http = (HttpURLConnection) URI.create(base + path).toURL().openConnection();
            if (http instanceof HttpsURLConnection https) {
                if (tls != null) {
                    https.setSSLSocketFactory(tls);
                }
                if (hostnames != null) {
                    https.setHostnameVerifier(hostnames);
                }
            }
            http.setRequestMethod(method);
            http.setConnectTimeout((int) timeout.toMillis());
            http.setReadTimeout((int) timeout.toMillis());
            http.setUseCaches(false);
            http.setInstanceFollowRedirects(false);
            if (c != null) {
                http.setRequestProperty("Cookie", "PVEAuthCookie=" + c.ticket());
                if (!method.equals("GET")) {
                    http.setRequestProperty("CSRFPreventionToken", c.csrf());
                }
            }
            if (body != null) {
                byte[] b = body.getBytes(StandardCharsets.UTF_8);
                http.setDoOutput(true);
                http.setRequestProperty("Content-Type", "application/x-www-form-urlencoded");
                // fixed length: HttpURLConnection never silently re-sends a streamed POST (a power action twice)
                http.setFixedLengthStreamingMode(b.length);
                try (OutputStream out = http.getOutputStream()) {
                    out.write(b);
                }
            }
            int status = http.getResponseCode();
            String reason = http.getResponseMessage();
            byte[] reply = read(status >= 400 ? http.getErrorStream() : http.getInputStream(), path);
            if (status != 200) {
                throw refusal(status, reason == null ? "" : reason, reply, path);
            }
            try {
                JsonObject o = JsonParser.parseString(new String(reply, StandardCharsets.UTF_8)).getAsJsonObject();
                return o.get("data");
            } catch (RuntimeException e) {
                throw new ProviderException(ProviderException.Kind.FAILED, "Proxmox " + path + ": the answer is not JSON", e);
            }
        } catch (java.net.HttpRetryException e) {
            throw refusal(e.responseCode(), e.getReason() == null ? "" : e.getReason(), new byte[0], path);
        } catch (IOException e) {
            throw new ProviderException(ProviderException.Kind.UNAVAILABLE, "cannot reach Proxmox (" + path + "): "
                    + e.getMessage(), e);
        } finally {
            if (http != null) {
                http.disconnect();
            }
        }
    }

    private static byte[] read(InputStream in, String path) throws IOException, ProviderException {
        if (in == null) {
            return new byte[0];
        }
        try (in) {
            byte[] b = in.readNBytes(MAX_REPLY + 1);
            if (b.length > MAX_REPLY) {
                throw new ProviderException(ProviderException.Kind.FAILED, "Proxmox " + path + ": reply over "
                        + MAX_REPLY + " bytes");
            }
            return b;
        }
    }

    /** A failure as a typed error carrying PVE's own words. */
    static ProviderException refusal(int status, String reason, byte[] body, String path) {
        String words = reason.isBlank() ? bodyMessage(body) : reason.strip();
        String said = words.isBlank() ? "HTTP " + status : words;
        return switch (status) {
            case 401 -> new ProviderException(ProviderException.Kind.AUTH_FAILED,
                    "Proxmox refused the credentials or the ticket expired (" + said + ")");
            case 403 -> new ProviderException(ProviderException.Kind.FORBIDDEN, "Proxmox refused this: " + said);
            case 404 -> new ProviderException(ProviderException.Kind.NOT_FOUND, "Proxmox: " + said + " (" + path + ")");
            // pveproxy's answers when it cannot reach the node that owns the VM
            case 595, 596 -> new ProviderException(ProviderException.Kind.UNAVAILABLE, "Proxmox: " + said);
            default -> NOT_RUNNING.matcher(said).matches()
                    ? new ProviderException(ProviderException.Kind.NOT_RUNNING, "Proxmox: " + said)
                    : new ProviderException(ProviderException.Kind.FAILED, "Proxmox: " + said + " (HTTP " + status + ")");
        };
    }

    private static String bodyMessage(byte[] body) {
        try {
            JsonElement e = JsonParser.parseString(new String(body, StandardCharsets.UTF_8));
            if (e.isJsonObject() && e.getAsJsonObject().has("message")) {
                return e.getAsJsonObject().get("message").getAsString().strip();
            }
        } catch (RuntimeException ignored) {
            // no JSON body: the status alone has to do
        }
        return "";
    }

    private static String form(Map<String, String> form) {
        StringJoiner j = new StringJoiner("&");
        form.forEach((k, v) -> j.add(enc(k) + "=" + enc(v)));
        return j.toString();
    }
}
