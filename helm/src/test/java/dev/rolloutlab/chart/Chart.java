package dev.rolloutlab.chart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import dev.rolloutlab.manifests.Manifests;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The chart under test, rendered by the Helm library helm-java bundles (no helm binary, no cluster). */
final class Chart {

    static final Path DIR = Path.of("rollout-lab").toAbsolutePath();
    static final String RELEASE = "rl";
    static final String NAMESPACE = "lab";
    static final List<String> VALUES_FILES = List.of(
            "values-recreate.yaml", "values-rolling.yaml", "values-bluegreen.yaml", "values-canary.yaml");
    static final List<String> STRATEGIES = List.of("recreate", "rolling", "blueGreen", "canary");

    static List<String> valuesFiles() {
        return VALUES_FILES;
    }

    static List<String> strategies() {
        return STRATEGIES;
    }

    /** A values file of the chart, parsed. */
    static JsonNode valuesFile(String file) {
        return Manifests.read(DIR.resolve(file)).get(0);
    }

    /** A --set key's segment: a name, then any list indices ([0]). */
    private static final Pattern SEGMENT = Pattern.compile("(.+?)((?:\\[\\d+])*)");
    private static final Pattern INDEX = Pattern.compile("\\d+");

    private final List<String> valuesFiles = new ArrayList<>();
    private final Map<String, Object> sets = new LinkedHashMap<>();
    /** Null: `helm template` (Helm's default capabilities); else a dry-run install on a cluster with or without the Gateway API. */
    private Boolean gatewayApi;

    static Chart chart() {
        return new Chart();
    }

    static Helm helm() {
        return new Helm(DIR);
    }

    Chart values(String file) {
        valuesFiles.add(file);
        return this;
    }

    Chart set(String key, Object value) {
        sets.put(key, value);
        return this;
    }

    /**
     * Render as a dry-run install on a cluster that has the Gateway API CRDs (HTTPRoute), or not: Helm reads
     * .Capabilities.APIVersions from the cluster's discovery (a {@link DiscoveryServer}), as `helm install` does.
     * `helm template` knows only the built-in API groups, and helm-java cannot pass it --api-versions.
     */
    Chart onCluster(boolean withGatewayApi) {
        gatewayApi = withGatewayApi;
        return this;
    }

    /** What `helm template rl rollout-lab -n lab -f ... --set ...` prints. */
    String yaml() {
        if (gatewayApi != null) {
            return installOnCluster();
        }
        TemplateCommand template = helm().template().withName(RELEASE).withNamespace(NAMESPACE);
        // A chart file by name, or any other file by absolute path.
        valuesFiles.forEach(file -> template.withValuesFile(DIR.resolve(file)));
        sets.forEach(template::set);
        return template.call();
    }

    /** `helm install` against a {@link DiscoveryServer}: the objects Helm creates, as YAML documents (hooks are not created). */
    private String installOnCluster() {
        try (DiscoveryServer cluster = DiscoveryServer.cluster(gatewayApi)) {
            com.marcnuri.helm.InstallCommand install = helm().install().withName(RELEASE).withNamespace(NAMESPACE)
                    .disableOpenApiValidation().withKubeConfigContents(cluster.kubeconfig());
            valuesFiles.forEach(file -> install.withValuesFile(DIR.resolve(file)));
            sets.forEach(install::set);
            install.call();
            // JSON is YAML; leave out the Secret that stores the release.
            return String.join("\n---\n", cluster.created().stream().filter(o -> !o.contains("\"helm.sh/release.v1\"")).toList());
        }
    }

    /**
     * The values this render uses, merged as Helm merges them: values.yaml, each values file over it,
     * then the --set keys (a.b[0].c, with \. for a dot in a key; true/false and integers typed as Helm
     * types them). Mappings merge key by key; a list or scalar replaces what it overrides.
     */
    JsonNode values() {
        ObjectNode values = valuesFile("values.yaml").deepCopy();
        valuesFiles.forEach(file -> merge(values, valuesFile(file)));
        ObjectNode sets = JsonNodeFactory.instance.objectNode();
        this.sets.forEach((key, value) -> set(sets, key, value == null ? "" : value.toString()));
        merge(values, sets);
        return values;
    }

    private static void merge(ObjectNode into, JsonNode over) {
        over.fields().forEachRemaining(field -> {
            JsonNode current = into.get(field.getKey());
            if (current instanceof ObjectNode mapping && field.getValue().isObject()) {
                merge(mapping, field.getValue());
            } else if (field.getValue().isNull()) {
                into.remove(field.getKey());
            } else {
                into.set(field.getKey(), field.getValue().deepCopy());
            }
        });
    }

    private static void set(ObjectNode into, String key, String value) {
        String[] segments = key.split("(?<!\\\\)\\.");
        JsonNode node = into;
        for (int i = 0; i < segments.length; i++) {
            Matcher m = SEGMENT.matcher(segments[i].replace("\\.", "."));
            if (!m.matches()) {
                throw new IllegalArgumentException("cannot read --set key " + key);
            }
            boolean last = i == segments.length - 1;
            List<Integer> indices = INDEX.matcher(m.group(2)).results()
                    .map(r -> Integer.parseInt(r.group())).toList();
            String name = m.group(1);
            if (indices.isEmpty()) {
                if (last) {
                    ((ObjectNode) node).set(name, typed(value));
                } else {
                    node = ((ObjectNode) node).has(name) ? node.get(name) : ((ObjectNode) node).putObject(name);
                }
                continue;
            }
            JsonNode list = ((ObjectNode) node).has(name) ? node.get(name) : ((ObjectNode) node).putArray(name);
            for (int j = 0; j < indices.size(); j++) {
                ArrayNode array = (ArrayNode) list;
                int index = indices.get(j);
                while (array.size() <= index) {
                    array.addNull();
                }
                boolean leaf = last && j == indices.size() - 1;
                if (leaf) {
                    array.set(index, typed(value));
                } else if (array.get(index).isNull()) {
                    array.set(index, j == indices.size() - 1 ? JsonNodeFactory.instance.objectNode() : JsonNodeFactory.instance.arrayNode());
                }
                list = array.get(index);
            }
            node = list;
        }
    }

    /** How Helm's --set types a value: booleans, null and integers; everything else is a string. */
    private static JsonNode typed(String value) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        return switch (value) {
            case "true" -> nodes.booleanNode(true);
            case "false" -> nodes.booleanNode(false);
            case "null" -> nodes.nullNode();
            default -> value.matches("0|[-+]?[1-9]\\d*") ? nodes.numberNode(Long.parseLong(value)) : nodes.textNode(value);
        };
    }

    Rendered render() {
        return new Rendered(Manifests.parse(yaml()));
    }

    @Override
    public String toString() {
        return "values " + valuesFiles + " set " + sets;
    }

    /** The documents of one render, looked up by kind and name. */
    record Rendered(List<JsonNode> documents) {

        JsonNode get(String kind, String name) {
            return documents.stream()
                    .filter(d -> kind.equals(d.path("kind").asText()) && name.equals(d.path("metadata").path("name").asText()))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no " + kind + "/" + name + " in " + ids()));
        }

        List<JsonNode> all(String kind) {
            return documents.stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
        }

        /** Release objects by Kind/name; hooks (the helm test pod) are not part of an upgrade. */
        Map<String, JsonNode> releaseObjects() {
            Map<String, JsonNode> objects = new LinkedHashMap<>();
            documents.stream().filter(d -> !d.path("metadata").path("annotations").has("helm.sh/hook"))
                    .forEach(d -> objects.put(Manifests.id(d), d));
            return objects;
        }

        List<String> ids() {
            return documents.stream().map(Manifests::id).toList();
        }

        /** The routing.yaml the gateway gets, parsed. */
        JsonNode routing() {
            return Manifests.parse(get("ConfigMap", RELEASE + "-routing").path("data").path("routing.yaml").asText()).get(0);
        }
    }
}
