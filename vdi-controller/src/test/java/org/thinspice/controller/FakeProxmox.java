package org.thinspice.controller;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A fake Proxmox VE API reproducing the documented responses (vdi-broker-gateway.md §1): ticket
 * login with CSRF token and the NeedTFA step, 401 held for 3 s, cluster resources, power tasks
 * that run ~0.5 s (polled via tasks/{upid}/status), spiceproxy with a pvespiceproxy ticket.
 */
final class FakeProxmox implements AutoCloseable {
    static final String TICKET = "PVE:alice@pve:4EEC61E2::sig";
    static final String CSRF = "4EEC61E2:csrf";
    private final HttpServer server;
    final Map<String, String> vmStatus = new ConcurrentHashMap<>(Map.of("100", "stopped"));
    private final Map<String, Long> tasks = new ConcurrentHashMap<>();
    volatile int csrfMissing;

    FakeProxmox() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.createContext("/api2/json/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/api2/json";
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath().substring("/api2/json".length());
        Map<String, String> form = form(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        try {
            if (path.equals("/access/ticket")) {
                login(ex, form);
                return;
            }
            String cookie = ex.getRequestHeaders().getFirst("Cookie");
            if (cookie == null || !cookie.equals("PVEAuthCookie=" + TICKET)) {
                unauthorized(ex);
                return;
            }
            if (ex.getRequestMethod().equals("POST") && !CSRF.equals(ex.getRequestHeaders().getFirst("CSRFPreventionToken"))) {
                csrfMissing++;
                unauthorized(ex);
                return;
            }
            route(ex, path);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void login(HttpExchange ex, Map<String, String> f) throws IOException, InterruptedException {
        JsonObject d = new JsonObject();
        String user = f.getOrDefault("username", "");
        if (f.containsKey("tfa-challenge")) {
            if (!f.get("tfa-challenge").startsWith("PVE:tfa@pve:") || !"totp:123456".equals(f.get("password"))) {
                unauthorized(ex);
                return;
            }
        } else if (user.equals("tfa@pve") && f.get("password").equals("pw")) {
            d.addProperty("username", user);
            d.addProperty("ticket", "PVE:tfa@pve:4EEC61E2::!tfa!challenge");
            d.addProperty("NeedTFA", 1);
            ok(ex, d);
            return;
        } else if (!user.equals("alice@pve") || !f.get("password").equals("pw")) {
            unauthorized(ex);
            return;
        }
        d.addProperty("username", user);
        d.addProperty("ticket", TICKET);
        d.addProperty("CSRFPreventionToken", CSRF);
        ok(ex, d);
    }

    private void route(HttpExchange ex, String path) throws IOException {
        if (path.equals("/cluster/resources")) {
            JsonArray a = new JsonArray();
            a.add(vm("100", "office-100", vmStatus.get("100"), 0));
            a.add(vm("900", "template", "stopped", 1));
            ok(ex, a);
        } else if (path.matches("/nodes/pve1/qemu/100/status/(start|stop|shutdown|reboot|reset)")) {
            String action = path.substring(path.lastIndexOf('/') + 1);
            String upid = "UPID:pve1:0000ABCD:00000001:4EEC61E2:qm" + action + ":100:alice@pve:";
            tasks.put(upid, System.currentTimeMillis());
            vmStatus.put("100", action.equals("stop") || action.equals("shutdown") ? "stopped" : "running");
            ok(ex, new com.google.gson.JsonPrimitive(upid));
        } else if (path.startsWith("/nodes/pve1/tasks/") && path.endsWith("/status")) {
            String upid = URLDecoder.decode(path.substring("/nodes/pve1/tasks/".length(), path.length() - "/status".length()),
                    StandardCharsets.UTF_8);
            Long started = tasks.get(upid);
            JsonObject st = new JsonObject();
            boolean done = started != null && System.currentTimeMillis() - started > 500;
            st.addProperty("status", done ? "stopped" : "running");
            if (done) {
                st.addProperty("exitstatus", "OK");
            }
            ok(ex, st);
        } else if (path.equals("/nodes/pve1/qemu/100/spiceproxy") && ex.getRequestMethod().equals("POST")) {
            JsonObject v = new JsonObject();
            v.addProperty("type", "spice");
            v.addProperty("host", "pvespiceproxy:4EEC61E2:100:pve1::0123456789abcdef0123456789abcdef01234567");
            v.addProperty("proxy", "http://pve1.example:3128");
            v.addProperty("tls-port", 61000);
            v.addProperty("password", "0123456789abcdef0123456789abcdef01234567");
            v.addProperty("host-subject", "OU=PVE Cluster Node,O=Proxmox Virtual Environment,CN=pve1.example");
            v.addProperty("ca", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
            v.addProperty("title", "VM 100 - office-100");
            ok(ex, v);
        } else {
            send(ex, 404, "{\"data\":null}");
        }
    }

    private static JsonObject vm(String vmid, String name, String status, int template) {
        JsonObject o = new JsonObject();
        o.addProperty("id", "qemu/" + vmid);
        o.addProperty("type", "qemu");
        o.addProperty("vmid", Integer.parseInt(vmid));
        o.addProperty("node", "pve1");
        o.addProperty("name", name);
        o.addProperty("status", status);
        o.addProperty("template", template);
        return o;
    }

    private static void unauthorized(HttpExchange ex) throws IOException {
        try {
            Thread.sleep(3000); // pveproxy holds every unauthorised reply for 3 s
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        send(ex, 401, "{\"data\":null}");
    }

    private static void ok(HttpExchange ex, com.google.gson.JsonElement data) throws IOException {
        JsonObject o = new JsonObject();
        o.add("data", data);
        send(ex, 200, o.toString());
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json;charset=UTF-8");
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
        ex.close();
    }

    private static Map<String, String> form(String body) {
        Map<String, String> m = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                m.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return m;
    }

    @Override
    public void close() {
        server.stop(0);
    }

}
