package org.thinspice.controller.openapi;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** docs/api/controller.yaml, loaded: its operations, their documented responses and schemas. */
public final class OpenApiSpec {
    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "patch", "head", "options");

    /** One documented operation: {@code METHOD /template}. */
    public record Operation(String method, String template, Map<String, Object> body) {
        public String key() {
            return method + " " + template;
        }

        /** Whether {@code path} (a concrete path, no query) fits this operation's template. */
        boolean matches(String path) {
            String[] t = template.substring(1).split("/", -1);
            String[] p = path.substring(1).split("/", -1);
            if (t.length != p.length) {
                return false;
            }
            for (int i = 0; i < t.length; i++) {
                if (!(t[i].startsWith("{") && !p[i].isEmpty()) && !t[i].equals(p[i])) {
                    return false;
                }
            }
            return true;
        }
    }

    private final Map<String, Object> root;
    private final List<Operation> operations = new ArrayList<>();
    private final SchemaValidator validator = new SchemaValidator(this);

    @SuppressWarnings("unchecked")
    private OpenApiSpec(Map<String, Object> root) {
        this.root = root;
        Map<String, Object> paths = (Map<String, Object>) root.get("paths");
        for (Map.Entry<String, Object> p : paths.entrySet()) {
            for (Map.Entry<String, Object> m : ((Map<String, Object>) p.getValue()).entrySet()) {
                if (METHODS.contains(m.getKey())) {
                    operations.add(new Operation(m.getKey().toUpperCase(Locale.ROOT), p.getKey(),
                            (Map<String, Object>) m.getValue()));
                }
            }
        }
    }

    public static OpenApiSpec load(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
            @SuppressWarnings("unchecked")
            Map<String, Object> root = (Map<String, Object>) doc;
            if (!String.valueOf(root.get("openapi")).startsWith("3.0")) {
                throw new IOException(file + " is not OpenAPI 3.0");
            }
            return new OpenApiSpec(root);
        }
    }

    public List<Operation> operations() {
        return operations;
    }

    /** "METHOD /template" of every operation. */
    public Set<String> keys() {
        Set<String> out = new TreeSet<>();
        operations.forEach(o -> out.add(o.key()));
        return out;
    }

    /** The operation serving {@code method path}: a literal segment wins over a template parameter. */
    public Optional<Operation> find(String method, String path) {
        return operations.stream().filter(o -> o.method.equals(method) && o.matches(path))
                .min(java.util.Comparator.comparingInt(o -> o.template.split("\\{", -1).length));
    }

    public SchemaValidator validator() {
        return validator;
    }

    /** The documented response for {@code status} (references resolved), or empty when undocumented. */
    @SuppressWarnings("unchecked")
    public Optional<Map<String, Object>> response(Operation op, int status) {
        Map<String, Object> responses = (Map<String, Object>) op.body.get("responses");
        Object r = responses.get(Integer.toString(status));
        return Optional.ofNullable(r == null ? null : resolve((Map<String, Object>) r));
    }

    /** The schema of {@code response}'s content of {@code mediaType}, or empty when it documents none. */
    @SuppressWarnings("unchecked")
    public Optional<Map<String, Object>> schema(Map<String, Object> response, String mediaType) {
        Map<String, Object> content = (Map<String, Object>) response.get("content");
        if (content == null || !content.containsKey(mediaType)) {
            return Optional.empty();
        }
        return Optional.of((Map<String, Object>) ((Map<String, Object>) content.get(mediaType)).get("schema"));
    }

    /** Media types a response documents (empty for a bodiless answer like 204). */
    @SuppressWarnings("unchecked")
    public Set<String> mediaTypes(Map<String, Object> response) {
        Map<String, Object> content = (Map<String, Object>) response.get("content");
        return content == null ? Set.of() : content.keySet();
    }

    /** The JSON request body schema of {@code op}, or empty when it takes none. */
    @SuppressWarnings("unchecked")
    public Optional<Map<String, Object>> requestSchema(Operation op) {
        Map<String, Object> body = (Map<String, Object>) op.body.get("requestBody");
        return body == null ? Optional.empty() : schema(resolve(body), "application/json");
    }

    /** A {@code #/components/...} reference's target. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> ref(String ref) {
        if (!ref.startsWith("#/")) {
            throw new IllegalArgumentException("only local references are supported: " + ref);
        }
        Object node = root;
        for (String part : ref.substring(2).split("/")) {
            node = ((Map<String, Object>) node).get(part);
            if (node == null) {
                throw new IllegalArgumentException("dangling reference " + ref);
            }
        }
        return (Map<String, Object>) node;
    }

    private Map<String, Object> resolve(Map<String, Object> node) {
        return node.containsKey("$ref") ? resolve(ref((String) node.get("$ref"))) : node;
    }
}
