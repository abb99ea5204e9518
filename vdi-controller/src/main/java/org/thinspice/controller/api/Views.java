package org.thinspice.controller.api;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.List;
import org.thinspice.controller.desktop.UserDesktop;
import org.thinspice.controller.store.Assignment;
import org.thinspice.controller.store.Policy;
import org.thinspice.controller.store.Task;
import org.thinspice.controller.store.Terminal;
import org.thinspice.controller.store.User;

/** The API's JSON shapes (docs/api/controller.yaml): one method per schema. */
final class Views {
    static final String NAME = "[A-Za-z0-9._@-]{1,64}";
    static final String ID = "[A-Za-z0-9._-]{1,64}";

    private Views() {
    }

    static JsonArray strings(List<String> items) {
        JsonArray a = new JsonArray();
        items.forEach(a::add);
        return a;
    }

    static JsonObject policy(Policy p) {
        JsonObject o = new JsonObject();
        o.addProperty("id", p.id());
        o.addProperty("clipboard", p.clipboard());
        o.addProperty("usbRedirect", p.usbRedirect());
        o.addProperty("usbAutoshare", p.usbAutoshare());
        o.addProperty("usbFilter", p.usbFilter());
        o.addProperty("smartcardShare", p.smartcardShare());
        o.addProperty("microphone", p.microphone());
        o.add("actions", strings(p.actions()));
        return o;
    }

    static JsonObject desktop(UserDesktop d) {
        JsonObject o = new JsonObject();
        o.addProperty("id", d.info().id());
        o.addProperty("name", d.info().name());
        o.addProperty("state", d.info().state());
        o.add("policy", policy(d.policy()));
        return o;
    }

    static JsonObject task(Task t) {
        JsonObject o = new JsonObject();
        o.addProperty("id", t.id());
        o.addProperty("desktop", t.desktopId());
        o.addProperty("action", t.action());
        o.addProperty("state", t.state());
        if (t.detail() != null) {
            o.addProperty("detail", t.detail());
        }
        o.addProperty("startedAt", t.startedAt() / 1000);
        if (t.finishedAt() != null) {
            o.addProperty("finishedAt", t.finishedAt() / 1000);
        }
        return o;
    }

    static JsonObject user(User u) {
        JsonObject o = new JsonObject();
        o.addProperty("username", u.username());
        o.addProperty("role", u.role());
        o.add("groups", strings(u.groups()));
        o.addProperty("hasPassword", u.passwordHash() != null);
        o.addProperty("hasUkey", u.secondFactorKey() != null);
        return o;
    }

    static JsonObject terminal(Terminal t) {
        JsonObject o = new JsonObject();
        o.addProperty("id", t.id());
        o.addProperty("name", t.name());
        o.addProperty("enrolledAt", t.enrolledAt() / 1000);
        o.addProperty("revoked", t.revoked());
        if (t.revokedAt() != null) {
            o.addProperty("revokedAt", t.revokedAt() / 1000);
        }
        return o;
    }

    static JsonObject assignment(Assignment a) {
        JsonObject o = new JsonObject();
        o.addProperty("id", a.id());
        o.addProperty("desktop", a.desktopId());
        o.addProperty(a.principalType(), a.principal());
        if (a.policyId() != null) {
            o.addProperty("policy", a.policyId());
        }
        return o;
    }
}
