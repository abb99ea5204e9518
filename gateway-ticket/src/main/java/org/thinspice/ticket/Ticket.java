package org.thinspice.ticket;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The payload of a gateway ticket ({@code docs/api/gateway-ticket.md}): who may open tunnels to which
 * desktop's {@code host:ports}, and when. Immutable; {@link TicketSigner} turns it into ticket text
 * and {@link TicketVerifier} back.
 *
 * @param kid   id of the controller key that signs it
 * @param jti   random ticket id (hex), for audit correlation
 * @param sub   user name
 * @param term  terminal id, "" when not from an enrolled terminal
 * @param dsk   desktop id
 * @param host  target host the gateway dials (IP literal or DNS name)
 * @param ports target ports this ticket opens (1..{@value #MAX_PORTS} entries, each 1..65535)
 * @param iat   issued at, Unix seconds
 * @param exp   expiry, Unix seconds
 * @param via   optional {@code host:port} of an upstream HTTP CONNECT proxy (a platform's own proxy,
 *              e.g. Proxmox's spiceproxy): the gateway dials it and asks it for {@code host:port}, so
 *              {@code host} may then be that proxy's ticket ({@code pvespiceproxy:…}); null = dial directly
 */
public record Ticket(String kid, String jti, String sub, String term, String dsk, String host, List<Integer> ports,
                     long iat, long exp, String via) {
    /** Format and version prefix, including its dot. */
    public static final String PREFIX = "tsg1.";
    /** Longest ticket text accepted (the whole {@code tsg1.<payload>.<signature>}). */
    public static final int MAX_LENGTH = 2048;
    public static final int MAX_PORTS = 8;
    /** Longest string field; keeps every ticket comfortably under {@link #MAX_LENGTH}. */
    public static final int MAX_FIELD = 253;

    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.\\-]{1,253}|\\[?[0-9A-Fa-f:.]{2,45}]?");
    /** What an upstream proxy may be asked for: a host or a proxy ticket such as Proxmox's {@code pvespiceproxy:…}. */
    private static final Pattern UPSTREAM_HOST = Pattern.compile("[A-Za-z0-9.:_\\-]{1,253}");
    private static final Pattern VIA = Pattern.compile("([A-Za-z0-9.\\-]{1,253}|\\[[0-9A-Fa-f:.]{2,45}]):[0-9]{1,5}");

    public Ticket {
        Objects.requireNonNull(kid, "kid");
        Objects.requireNonNull(jti, "jti");
        Objects.requireNonNull(sub, "sub");
        Objects.requireNonNull(term, "term");
        Objects.requireNonNull(dsk, "dsk");
        Objects.requireNonNull(host, "host");
        ports = List.copyOf(ports);
    }

    /** A ticket the gateway dials directly (no {@code via}). */
    public Ticket(String kid, String jti, String sub, String term, String dsk, String host, List<Integer> ports,
                  long iat, long exp) {
        this(kid, jti, sub, term, dsk, host, ports, iat, exp, null);
    }

    /** The upstream proxy's host, when {@link #via} is set. */
    public String viaHost() {
        String h = via.substring(0, via.lastIndexOf(':'));
        return h.startsWith("[") ? h.substring(1, h.length() - 1) : h;
    }

    /** The upstream proxy's port, when {@link #via} is set. */
    public int viaPort() {
        return Integer.parseInt(via.substring(via.lastIndexOf(':') + 1));
    }

    /** Whether {@code port} is one this ticket opens. */
    public boolean opens(int port) {
        return ports.contains(port);
    }

    /** The payload as compact UTF-8 JSON (what is base32-encoded into the ticket). */
    public byte[] toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("kid", kid);
        o.addProperty("jti", jti);
        o.addProperty("sub", sub);
        o.addProperty("term", term);
        o.addProperty("dsk", dsk);
        o.addProperty("host", host);
        JsonArray a = new JsonArray();
        ports.forEach(a::add);
        o.add("ports", a);
        o.addProperty("iat", iat);
        o.addProperty("exp", exp);
        if (via != null) {
            o.addProperty("via", via);
        }
        return o.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Parses and checks a payload; unknown fields are ignored (forward compatible). */
    public static Ticket fromJson(byte[] json) throws TicketException {
        JsonObject o;
        try {
            JsonReader reader = new JsonReader(new StringReader(new String(json, StandardCharsets.UTF_8)));
            reader.setStrictness(Strictness.STRICT);
            JsonElement e = JsonParser.parseReader(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT || !e.isJsonObject()) {
                throw malformed("payload is not one JSON object");
            }
            o = e.getAsJsonObject();
        } catch (JsonParseException | IOException | IllegalStateException e) {
            throw malformed("payload is not JSON");
        }
        Ticket t = new Ticket(string(o, "kid"), string(o, "jti"), string(o, "sub"), string(o, "term"),
                string(o, "dsk"), string(o, "host"), ports(o), integer(o, "iat"), integer(o, "exp"),
                o.has("via") ? string(o, "via") : null);
        t.check();
        return t;
    }

    /** Field rules beyond types: non-empty ids, a plausible host, ports in range, exp after iat. */
    void check() throws TicketException {
        if (kid.isEmpty() || jti.isEmpty() || dsk.isEmpty()) {
            throw malformed("kid, jti and dsk must not be empty");
        }
        if (via == null ? !HOST.matcher(host).matches() : !UPSTREAM_HOST.matcher(host).matches()) {
            throw malformed("host is not a host name or IP literal");
        }
        if (via != null && (!VIA.matcher(via).matches() || viaPort() < 1 || viaPort() > 65535)) {
            throw malformed("via is not host:port");
        }
        if (ports.isEmpty() || ports.size() > MAX_PORTS) {
            throw malformed("ports must hold 1.." + MAX_PORTS + " entries");
        }
        for (int p : ports) {
            if (p < 1 || p > 65535) {
                throw malformed("port out of range");
            }
        }
        if (exp < iat) {
            throw malformed("exp before iat");
        }
    }

    private static String string(JsonObject o, String name) throws TicketException {
        JsonElement e = o.get(name);
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw malformed("field " + name + " missing or not a string");
        }
        String s = e.getAsString();
        if (s.length() > MAX_FIELD) {
            throw malformed("field " + name + " too long");
        }
        return s;
    }

    private static long integer(JsonObject o, String name) throws TicketException {
        JsonElement e = o.get(name);
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()
                || !e.getAsString().matches("-?[0-9]{1,15}")) {
            throw malformed("field " + name + " missing or not an integer");
        }
        return Long.parseLong(e.getAsString());
    }

    private static List<Integer> ports(JsonObject o) throws TicketException {
        JsonElement e = o.get("ports");
        if (e == null || !e.isJsonArray() || e.getAsJsonArray().size() > MAX_PORTS) {
            throw malformed("ports missing, not an array or too long");
        }
        List<Integer> out = new ArrayList<>();
        for (JsonElement p : e.getAsJsonArray()) {
            if (!p.isJsonPrimitive() || !((JsonPrimitive) p).isNumber() || !p.getAsString().matches("[0-9]{1,5}")) {
                throw malformed("port is not an integer");
            }
            out.add(Integer.parseInt(p.getAsString()));
        }
        return out;
    }

    private static TicketException malformed(String why) {
        return new TicketException(TicketFault.MALFORMED, why);
    }
}
