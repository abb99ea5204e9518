package org.thinspice.installers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.StringReader;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.thinspice.controller.ControllerConfig;
import org.thinspice.gateway.GatewayConfig;
import org.thinspice.ticket.Ed25519Keys;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The deployment descriptions next to the packages ({@code installers/deploy/}) are usable as written.
 *
 * <ul>
 *   <li>HAProxy: Debian's {@code haproxy -c -f} accepts the example, whose backends are checked on the services'
 *       readiness endpoints.</li>
 *   <li>Helm: {@code helm template} and {@code kubeconform} cannot be installed on the build machine, so this test
 *       renders the chart itself — its templates use nothing but {@code {{ .Values.x.y }}} and
 *       {@code {{ .Release.Name }}} substitutions, and any other template action fails the test — parses every rendered
 *       document with SnakeYAML and checks what Kubernetes requires and what thinspice needs: kinds and API versions,
 *       names, Deployment selectors matching their pod labels, containers with images and named ports, probes on
 *       the live/ready endpoints at declared ports, every volume mount backed by a volume and every ConfigMap volume
 *       by a ConfigMap of the chart, Services selecting a Deployment's pods on a port it declares; the controller's
 *       {@code controller.json} uses only keys {@link ControllerConfig} has, and the gateway's properties load with
 *       {@link GatewayConfig}.</li>
 * </ul>
 */
class DeployDescriptionsTest {
    private static final Path DEPLOY = Path.of("deploy");
    private static final Path CHART = DEPLOY.resolve("helm").resolve("thinspice");
    private static final Pattern ACTION = Pattern.compile("\\{\\{(.*?)}}");
    private static final String RELEASE = "site";

    @Test
    void haproxyAcceptsTheExampleAndItChecksReadiness() throws Exception {
        Path cfg = DEPLOY.resolve("haproxy").resolve("haproxy.cfg");
        Path haproxy = Path.of("/usr/sbin/haproxy");
        assertTrue(Files.isExecutable(haproxy), "Debian's haproxy is needed (installers/packages.txt): apt-get install haproxy");
        Process p = new ProcessBuilder(haproxy.toString(), "-c", "-f", cfg.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "haproxy -c did not finish");
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("Configuration file is valid"), out);
        assertFalse(out.contains("[ALERT]"), out);
        String text = Files.readString(cfg);
        assertTrue(text.contains("http-check send meth GET uri /api/v1/health/ready"), "controllers checked on readiness");
        assertTrue(text.contains("http-check send meth GET uri /health/ready"), "gateways checked on readiness");
        assertTrue(text.contains("backend controllers") && text.contains("backend gateways"));
    }

    // ---- Helm ------------------------------------------------------------------------------

    @SuppressWarnings("unchecked")
    private static Map<String, Object> yamlMap(String text) {
        Object o = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
        assertTrue(o instanceof Map, "not a mapping: " + text);
        return (Map<String, Object>) o;
    }

    private static Object lookup(Map<String, Object> root, String dotted) {
        Object cur = root;
        for (String part : dotted.split("\\.")) {
            if (!(cur instanceof Map<?, ?> m) || !m.containsKey(part)) {
                return null;
            }
            cur = m.get(part);
        }
        return cur;
    }

    /** The chart's templates rendered with its values.yaml, as {@code helm template RELEASE chart} would for them. */
    static Map<String, String> render() throws Exception {
        Map<String, Object> values = yamlMap(Files.readString(CHART.resolve("values.yaml")));
        Map<String, Object> chart = yamlMap(Files.readString(CHART.resolve("Chart.yaml")));
        assertEquals("v2", chart.get("apiVersion"));
        for (String k : List.of("name", "version", "appVersion")) {
            assertNotNull(chart.get(k), "Chart.yaml " + k);
        }
        Map<String, String> out = new HashMap<>();
        try (Stream<Path> files = Files.list(CHART.resolve("templates"))) {
            for (Path f : files.sorted().toList()) {
                String text = Files.readString(f);
                StringBuilder sb = new StringBuilder();
                Matcher m = ACTION.matcher(text);
                while (m.find()) {
                    String action = m.group(1).strip();
                    String value;
                    if (action.equals(".Release.Name")) {
                        value = RELEASE;
                    } else if (action.startsWith(".Values.") && action.matches("\\.Values(\\.[A-Za-z0-9_]+)+")) {
                        Object v = lookup(values, action.substring(".Values.".length()));
                        assertNotNull(v, f.getFileName() + ": " + action + " is not in values.yaml");
                        assertFalse(v instanceof Map || v instanceof List, f.getFileName() + ": " + action + " is not a scalar");
                        value = String.valueOf(v);
                    } else {
                        throw new AssertionError(f.getFileName() + ": template action this check cannot render: {{" + action + "}}");
                    }
                    m.appendReplacement(sb, Matcher.quoteReplacement(value));
                }
                m.appendTail(sb);
                out.put(f.getFileName().toString(), sb.toString());
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o, String what) {
        assertTrue(o instanceof Map, what + " must be a mapping: " + o);
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o, String what) {
        assertTrue(o instanceof List, what + " must be a list: " + o);
        return (List<Object>) o;
    }

    private static String str(Map<String, Object> m, String key, String what) {
        Object v = m.get(key);
        assertTrue(v instanceof String s && !s.isBlank(), what + "." + key + " must be a non-empty string: " + v);
        return (String) v;
    }

    @Test
    void theHelmChartRendersToValidKubernetesObjects() throws Exception {
        Map<String, String> rendered = render();
        List<Map<String, Object>> docs = new ArrayList<>();
        for (var e : rendered.entrySet()) {
            for (Object o : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(new StringReader(e.getValue()))) {
                if (o != null) {
                    docs.add(map(o, e.getKey()));
                }
            }
        }
        Map<String, Map<String, Object>> byKindName = new HashMap<>();
        for (Map<String, Object> d : docs) {
            String kind = str(d, "kind", "document");
            String api = str(d, "apiVersion", kind);
            Map<String, Object> meta = map(d.get("metadata"), kind + ".metadata");
            String name = str(meta, "name", kind + ".metadata");
            assertTrue(name.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?") && name.length() <= 63, "DNS-1123 name: " + name);
            assertEquals(switch (kind) {
                case "Deployment" -> "apps/v1";
                case "Service", "ConfigMap" -> "v1";
                default -> throw new AssertionError("unexpected kind " + kind);
            }, api, kind + " " + name);
            byKindName.put(kind + "/" + name, d);
        }
        for (String want : List.of("Deployment/site-controller", "Service/site-controller", "ConfigMap/site-controller",
                "Deployment/site-gateway", "Service/site-gateway", "ConfigMap/site-gateway")) {
            assertTrue(byKindName.containsKey(want), "missing " + want + " in " + byKindName.keySet());
        }

        Map<String, Map<String, Object>> podLabels = new HashMap<>();
        Map<String, Set<Object>> podPorts = new HashMap<>();
        for (var e : byKindName.entrySet()) {
            if (!e.getKey().startsWith("Deployment/")) {
                continue;
            }
            String what = e.getKey();
            Map<String, Object> spec = map(e.getValue().get("spec"), what + ".spec");
            assertTrue(spec.get("replicas") instanceof Integer r && r >= 2, what + ": at least two replicas");
            Map<String, Object> match = map(map(spec.get("selector"), what + ".selector").get("matchLabels"), what + ".matchLabels");
            Map<String, Object> template = map(spec.get("template"), what + ".template");
            Map<String, Object> labels = map(map(template.get("metadata"), what + ".template.metadata").get("labels"), what + " labels");
            match.forEach((k, v) -> assertEquals(v, labels.get(k), what + ": selector " + k + " matches the pod labels"));
            podLabels.put(what, labels);
            Map<String, Object> pod = map(template.get("spec"), what + ".template.spec");
            Set<String> volumes = new HashSet<>();
            for (Object v : list(pod.get("volumes"), what + ".volumes")) {
                Map<String, Object> vol = map(v, what + " volume");
                volumes.add(str(vol, "name", what + " volume"));
                if (vol.get("configMap") != null) {
                    String cm = str(map(vol.get("configMap"), "configMap"), "name", "configMap");
                    assertTrue(byKindName.containsKey("ConfigMap/" + cm), what + ": ConfigMap " + cm + " is in the chart");
                }
                if (vol.get("secret") != null) {
                    str(map(vol.get("secret"), "secret"), "secretName", "secret");
                }
            }
            Set<Object> ports = new HashSet<>();
            for (Object c : list(pod.get("containers"), what + ".containers")) {
                Map<String, Object> container = map(c, what + " container");
                String cname = str(container, "name", what + " container");
                str(container, "image", cname);
                for (Object p : list(container.get("ports"), cname + ".ports")) {
                    Map<String, Object> port = map(p, cname + " port");
                    assertTrue(port.get("containerPort") instanceof Integer n && n > 0 && n < 65536, cname + " containerPort");
                    ports.add(port.get("containerPort"));
                    ports.add(str(port, "name", cname + " port"));
                }
                for (Object m : list(container.get("volumeMounts"), cname + ".volumeMounts")) {
                    Map<String, Object> mount = map(m, cname + " mount");
                    assertTrue(volumes.contains(str(mount, "name", cname + " mount")), cname + ": mount " + mount + " has a volume");
                    assertTrue(str(mount, "mountPath", cname + " mount").startsWith("/"), "absolute mountPath");
                }
                boolean controller = what.endsWith("-controller");
                String live = controller ? "/api/v1/health/live" : "/health/live";
                String ready = controller ? "/api/v1/health/ready" : "/health/ready";
                for (String probe : List.of("livenessProbe", "readinessProbe")) {
                    Map<String, Object> get = map(map(container.get(probe), cname + "." + probe).get("httpGet"), probe + ".httpGet");
                    assertEquals(probe.startsWith("live") ? live : ready, get.get("path"), cname + " " + probe);
                    assertTrue(ports.contains(get.get("port")), cname + " " + probe + " port " + get.get("port") + " is declared");
                    if (controller) {
                        assertEquals("HTTPS", get.get("scheme"), "the controller serves HTTPS off loopback");
                    }
                }
            }
            podPorts.put(what, ports);
        }

        for (var e : byKindName.entrySet()) {
            if (!e.getKey().startsWith("Service/")) {
                continue;
            }
            Map<String, Object> spec = map(e.getValue().get("spec"), e.getKey() + ".spec");
            Map<String, Object> selector = map(spec.get("selector"), e.getKey() + ".selector");
            String selected = podLabels.entrySet().stream()
                    .filter(p -> selector.entrySet().stream().allMatch(s -> s.getValue().equals(p.getValue().get(s.getKey()))))
                    .map(Map.Entry::getKey).findFirst()
                    .orElseThrow(() -> new AssertionError(e.getKey() + " selects no Deployment's pods"));
            for (Object p : list(spec.get("ports"), e.getKey() + ".ports")) {
                Map<String, Object> port = map(p, e.getKey() + " port");
                assertTrue(port.get("port") instanceof Integer, e.getKey() + " port number");
                assertTrue(podPorts.get(selected).contains(port.get("targetPort")),
                        e.getKey() + ": targetPort " + port.get("targetPort") + " is a port of " + selected);
            }
        }

        // the configuration inside the ConfigMaps is what the services read
        String controllerJson = (String) map(byKindName.get("ConfigMap/site-controller").get("data"), "data").get("controller.json");
        JsonObject json = JsonParser.parseString(controllerJson).getAsJsonObject();
        assertOnlyKnownKeys(json, ControllerConfig.class, "controller.json");
        Path dir = Files.createTempDirectory("ts-chart");
        Files.writeString(dir.resolve("controller.json"), controllerJson);
        ControllerConfig c = ControllerConfig.load(dir.resolve("controller.json"));
        assertEquals("0.0.0.0", c.listen.host);
        assertFalse(c.listen.plainHttp, "HTTPS off loopback");
        assertEquals("proxmox", c.provider.type, "several controllers need a shared platform (local-qemu VMs are per host)");
        assertFalse(c.store.passwordFile.isEmpty(), "the database password comes from a Secret file");
        assertTrue(c.storeUrl().startsWith("jdbc:postgresql:"), "one PostgreSQL for all controllers");

        String gatewayProps = (String) map(byKindName.get("ConfigMap/site-gateway").get("data"), "data").get("gateway.properties");
        Properties props = new Properties();
        props.load(new StringReader(gatewayProps));
        KeyPair key = Ed25519Keys.generate();
        for (String k : props.stringPropertyNames()) {
            if (k.startsWith("key.")) {
                Path pem = dir.resolve(k + ".pem");
                Files.writeString(pem, Ed25519Keys.toPem(key.getPublic()));
                props.setProperty(k, pem.toString()); // the mounted Secret, here a file of this test
            }
        }
        GatewayConfig g = GatewayConfig.fromProperties(props, dir);
        assertEquals(1, g.keys().size(), "the ticket key of the controllers' kid");
        assertTrue(g.keys().containsKey(c.gateway.kid), "the gateway holds the key the controllers sign with");
        assertTrue(g.adminPort() > 0 && g.adminAddress().equals("0.0.0.0"), "the admin port is reachable for the probes");
        assertTrue(g.announce().toSeconds() > 0, "readiness 503 before the ports close");
        Map<String, Object> gwPod = map(map(map(byKindName.get("Deployment/site-gateway").get("spec"), "spec").get("template"),
                "template").get("spec"), "pod");
        long grace = ((Number) gwPod.get("terminationGracePeriodSeconds")).longValue();
        assertTrue(grace > g.announce().toSeconds() + g.drainTimeout().toSeconds(),
                "terminationGracePeriodSeconds " + grace + " covers announce + drain");
        assertTrue(podPorts.get("Deployment/site-gateway").contains(g.listenPort()), "the container port is the listen port");
        assertTrue(podPorts.get("Deployment/site-gateway").contains(g.adminPort()), "the admin port is declared");
        assertTrue(podPorts.get("Deployment/site-controller").contains(c.listen.port), "the controller's port is declared");
        Map<String, Object> ctlPod = map(map(map(byKindName.get("Deployment/site-controller").get("spec"), "spec").get("template"),
                "template").get("spec"), "pod");
        assertTrue(((Number) ctlPod.get("terminationGracePeriodSeconds")).longValue() > c.listen.stopAnnounceSeconds + 5,
                "the controller's grace period covers its stop announce");
        assertTrue(c.listen.stopAnnounceSeconds > 0, "readiness 503 before the controller stops");
    }

    /** Every key of {@code o} is a public field of {@code type} (Gson would silently ignore a misspelt one). */
    private static void assertOnlyKnownKeys(JsonObject o, Class<?> type, String where) {
        for (var e : o.entrySet()) {
            Field f;
            try {
                f = type.getField(e.getKey());
            } catch (NoSuchFieldException missing) {
                throw new AssertionError(where + "." + e.getKey() + " is not a " + type.getSimpleName() + " key");
            }
            assertFalse(Modifier.isStatic(f.getModifiers()), where + "." + e.getKey());
            JsonElement v = e.getValue();
            if (v.isJsonObject() && !Map.class.isAssignableFrom(f.getType())) {
                assertOnlyKnownKeys(v.getAsJsonObject(), f.getType(), where + "." + e.getKey());
            }
        }
    }
}
