package dev.rolloutlab.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A pod as some document describes it: a bare Pod, or the template of a workload together
 * with the workload's selector ({@code null} for a bare Pod).
 */
public record PodTemplate(JsonNode owner, Map<String, String> labels, Map<String, String> selector, JsonNode spec) {

    private static final Set<String> WORKLOADS = Set.of("Deployment", "ReplicaSet", "StatefulSet", "DaemonSet");

    public static List<PodTemplate> all(List<JsonNode> documents) {
        List<PodTemplate> pods = new ArrayList<>();
        for (JsonNode document : documents) {
            String kind = document.path("kind").asText();
            JsonNode spec = document.path("spec");
            if ("Pod".equals(kind)) {
                pods.add(new PodTemplate(document, ManifestChecks.labels(document.path("metadata").path("labels")), null, spec));
            } else if (WORKLOADS.contains(kind) || "ReplicationController".equals(kind)) {
                JsonNode selector = "ReplicationController".equals(kind)
                        ? spec.path("selector") : spec.path("selector").path("matchLabels");
                JsonNode template = spec.path("template");
                pods.add(new PodTemplate(document, ManifestChecks.labels(template.path("metadata").path("labels")),
                        ManifestChecks.labels(selector), template.path("spec")));
            }
        }
        return pods;
    }

    /** Init containers, containers and sidecars alike. */
    public List<JsonNode> containers() {
        List<JsonNode> containers = new ArrayList<>();
        spec.path("initContainers").forEach(containers::add);
        spec.path("containers").forEach(containers::add);
        return containers;
    }

    public JsonNode container(String name) {
        return containers().stream().filter(c -> name.equals(c.path("name").asText())).findFirst().orElse(null);
    }
}
