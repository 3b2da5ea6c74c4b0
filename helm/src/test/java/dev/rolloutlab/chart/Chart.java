package dev.rolloutlab.chart;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import dev.rolloutlab.manifests.Manifests;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    private final List<String> valuesFiles = new ArrayList<>();
    private final Map<String, Object> sets = new LinkedHashMap<>();

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

    /** What `helm template rl rollout-lab -n lab -f ... --set ...` prints. */
    String yaml() {
        TemplateCommand template = helm().template().withName(RELEASE).withNamespace(NAMESPACE);
        // A chart file by name, or any other file by absolute path.
        valuesFiles.forEach(file -> template.withValuesFile(DIR.resolve(file)));
        sets.forEach(template::set);
        return template.call();
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
