package org.thinspice.controller.api;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.List;
import org.thinspice.controller.audit.AuditLog;
import org.thinspice.controller.auth.AuthService;
import org.thinspice.controller.desktop.DesktopService;
import org.thinspice.controller.http.ApiException;
import org.thinspice.controller.http.Request;
import org.thinspice.controller.http.Response;
import org.thinspice.controller.http.Router;
import org.thinspice.controller.json.Fields;
import org.thinspice.controller.store.Session;

/**
 * {@code POST /api/v1/desktops/{id}/usb-events}: the terminal tells the controller what happened to a USB
 * device in the user's session on that desktop — redirected, refused (by the policy or the desktop),
 * returned, unplugged, failed — and the controller puts it in the audit (event {@code usb}, the action as
 * outcome, the desktop as target, the device's VID:PID, classes, product and the reason as detail).
 * Authenticated like every call of the user's session (token, and the terminal's signature when the
 * session has one); the desktop must be the user's; one event per request, at most {@link #MAX_BODY} bytes,
 * at most {@link UsbEventBudget#PER_MINUTE} a minute per session (429 beyond).
 */
final class UsbEventsApi {
    static final int MAX_BODY = 4096;
    static final List<String> ACTIONS = List.of("redirected", "refused", "returned", "unplugged", "failed");
    static final int MAX_INTERFACES = 32;
    static final int MAX_PRODUCT = 128;
    static final int MAX_REASON = 512;
    private final AuthService auth;
    private final DesktopService desktops;
    private final AuditLog audit;
    private final UsbEventBudget budget;

    UsbEventsApi(AuthService auth, DesktopService desktops, org.thinspice.controller.store.Store store, AuditLog audit,
            java.time.Clock clock) {
        this.auth = auth;
        this.desktops = desktops;
        this.audit = audit;
        this.budget = new UsbEventBudget(store, clock);
    }

    void register(Router router) {
        router.add("POST", "/api/v1/desktops/{id}/usb-events", this::report);
    }

    private Response report(Request r) throws Exception {
        Session s = auth.authenticate(r);
        if (r.body().length > MAX_BODY) {
            throw new ApiException(413, "body_too_large", "a USB event is at most " + MAX_BODY + " bytes");
        }
        String desktopId = r.pathParam("id");
        if (!desktopId.matches(Views.ID)) {
            throw ApiException.notFound("no such id: bad characters");
        }
        JsonObject body = r.json();
        Fields f = Fields.of(body, "action", "vendorId", "productId", "deviceClass", "interfaceClasses", "product",
                "reason");
        String action = f.string("action");
        if (!ACTIONS.contains(action)) {
            throw Fields.invalid("action", "must be one of " + String.join(", ", ACTIONS));
        }
        long vendor = required(f, "vendorId", 0xFFFF);
        long product = required(f, "productId", 0xFFFF);
        long deviceClass = required(f, "deviceClass", 0xFF);
        JsonArray interfaces = interfaceClasses(body.get("interfaceClasses"));
        String name = text(f, "product", MAX_PRODUCT);
        String reason = text(f, "reason", MAX_REASON);
        desktops.desktop(s, desktopId); // 404 unless the desktop is this user's
        int wait = budget.take(s.tokenHash());
        if (wait > 0) {
            throw new ApiException(429, "too_many_attempts", "more than " + UsbEventBudget.PER_MINUTE
                    + " USB events in a minute from this session; the rest of this minute's are not recorded", wait);
        }
        JsonObject d = new JsonObject();
        d.addProperty("device", String.format("%04x:%04x", vendor, product));
        d.addProperty("class", String.format("%02x", deviceClass));
        d.add("interfaces", interfaces);
        d.addProperty("product", name);
        d.addProperty("verdict", action);
        d.addProperty("reason", reason);
        audit.record("usb", action, s.username(), s.terminalId(), desktopId, r.remoteAddress(), d.toString());
        return Response.noContent();
    }

    private static long required(Fields f, String name, long max) {
        return f.optLong(name, 0, max).orElseThrow(() -> Fields.invalid(name, "is required"));
    }

    /** Interface classes as two hex digits each; at most {@link #MAX_INTERFACES}. */
    private static JsonArray interfaceClasses(JsonElement e) {
        JsonArray out = new JsonArray();
        if (e == null || e.isJsonNull()) {
            return out;
        }
        if (!e.isJsonArray() || e.getAsJsonArray().size() > MAX_INTERFACES) {
            throw Fields.invalid("interfaceClasses", "must be an array of at most " + MAX_INTERFACES + " classes 0..255");
        }
        for (JsonElement c : e.getAsJsonArray()) {
            int v;
            try {
                v = c.getAsJsonPrimitive().isNumber() ? new java.math.BigDecimal(c.getAsString()).intValueExact() : -1;
            } catch (RuntimeException notAnInteger) {
                v = -1;
            }
            if (v < 0 || v > 255) {
                throw Fields.invalid("interfaceClasses", "must be an array of at most " + MAX_INTERFACES
                        + " classes 0..255");
            }
            out.add(String.format("%02x", v));
        }
        return out;
    }

    /** An optional line of text for people: bounded, no control characters (it lands in log files). */
    private static String text(Fields f, String name, int max) {
        String t = f.optString(name).orElse("");
        if (t.length() > max) {
            throw Fields.invalid(name, "is longer than " + max + " characters");
        }
        if (t.chars().anyMatch(Character::isISOControl)) {
            throw Fields.invalid(name, "must not hold control characters");
        }
        return t;
    }
}
