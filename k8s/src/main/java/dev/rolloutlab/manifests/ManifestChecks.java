package dev.rolloutlab.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks what a schema cannot: that the documents of one install fit together. Workloads'
 * selectors match their pod templates (and leave the version out); Services select pods and
 * target ports those pods declare; volumeMounts, ConfigMap keys and claims point at things
 * that exist; probes use declared ports; a statically bound PersistentVolume and its claim agree
 * (storage class, access modes, capacity) and point at each other.
 */
public final class ManifestChecks {

    private static final Set<String> VERSION_LABELS = Set.of("version", "app.kubernetes.io/version");

    private final List<JsonNode> documents;
    private final List<String> problems = new ArrayList<>();

    private ManifestChecks(List<JsonNode> documents) {
        this.documents = documents;
    }

    /** The problems of one install's documents; empty when they fit together. */
    public static List<String> problems(List<JsonNode> documents) {
        ManifestChecks checks = new ManifestChecks(documents);
        List<PodTemplate> pods = PodTemplate.all(documents);
        pods.forEach(checks::checkPod);
        documents.stream().filter(d -> "Service".equals(d.path("kind").asText()))
                .forEach(service -> checks.checkService(service, pods));
        checks.checkStaticBindings();
        return checks.problems;
    }

    private void checkPod(PodTemplate pod) {
        if (pod.selector() != null) {
            if (pod.selector().isEmpty()) {
                problem(pod.owner(), "selects no labels");
            } else if (!contains(pod.labels(), pod.selector())) {
                problem(pod.owner(), "selector " + pod.selector() + " does not match the pod template labels " + pod.labels());
            }
            if (!"ReplicationController".equals(pod.owner().path("kind").asText())) {
                pod.selector().keySet().stream().filter(VERSION_LABELS::contains).forEach(key ->
                        problem(pod.owner(), "selector includes '" + key + "': selectors are immutable, so the next version could not be applied"));
            }
        }
        Set<String> volumes = names(pod.spec().path("volumes"));
        for (JsonNode container : pod.containers()) {
            String where = "container " + container.path("name").asText();
            for (JsonNode mount : container.path("volumeMounts")) {
                if (!volumes.contains(mount.path("name").asText())) {
                    problem(pod.owner(), where + " mounts '" + mount.path("name").asText() + "', which is not a declared volume " + volumes);
                }
            }
            for (JsonNode env : container.path("env")) {
                JsonNode ref = env.path("valueFrom").path("configMapKeyRef");
                if (ref.isObject() && !ref.path("optional").asBoolean(false)) {
                    requireConfigMapKey(pod.owner(), where + " env " + env.path("name").asText(),
                            ref.path("name").asText(), ref.path("key").asText());
                }
            }
            for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
                JsonNode port = container.path(probe).path("httpGet").path("port");
                if (!port.isMissingNode() && !declaresPort(container, port)) {
                    problem(pod.owner(), where + " " + probe + " uses port " + port + ", which the container does not declare");
                }
            }
        }
        for (JsonNode volume : pod.spec().path("volumes")) {
            JsonNode configMap = volume.path("configMap");
            if (configMap.isObject() && !configMap.path("optional").asBoolean(false)) {
                for (JsonNode item : configMap.path("items")) {
                    requireConfigMapKey(pod.owner(), "volume " + volume.path("name").asText(),
                            configMap.path("name").asText(), item.path("key").asText());
                }
                if (configMap.path("items").isEmpty()) {
                    requireConfigMap(pod.owner(), "volume " + volume.path("name").asText(), configMap.path("name").asText());
                }
            }
            JsonNode claim = volume.path("persistentVolumeClaim");
            if (claim.isObject() && find("PersistentVolumeClaim", claim.path("claimName").asText()) == null) {
                problem(pod.owner(), "volume " + volume.path("name").asText() + " claims '" + claim.path("claimName").asText()
                        + "', which is not a PersistentVolumeClaim in these manifests");
            }
        }
    }

    private void checkService(JsonNode service, List<PodTemplate> pods) {
        Map<String, String> selector = labels(service.path("spec").path("selector"));
        if (selector.isEmpty()) {
            problem(service, "selects no pods (empty selector)");
            return;
        }
        List<PodTemplate> selected = pods.stream().filter(p -> contains(p.labels(), selector)).toList();
        if (selected.isEmpty()) {
            problem(service, "selector " + selector + " matches no pod template in these manifests");
            return;
        }
        for (JsonNode port : service.path("spec").path("ports")) {
            JsonNode target = port.has("targetPort") ? port.path("targetPort") : port.path("port");
            for (PodTemplate pod : selected) {
                if (pod.containers().stream().noneMatch(c -> declaresPort(c, target))) {
                    problem(service, "port " + port.path("name").asText(port.path("port").asText()) + " targets " + target
                            + ", which no container of " + Manifests.id(pod.owner()) + " declares");
                }
            }
        }
    }

    /**
     * A claim naming its volume (volumeName) and a volume reserved for a claim (claimRef) are a
     * static binding: the API server accepts a mismatch, and the claim then stays Pending forever.
     */
    private void checkStaticBindings() {
        for (JsonNode claim : ofKind("PersistentVolumeClaim")) {
            String volumeName = claim.path("spec").path("volumeName").asText("");
            if (volumeName.isEmpty()) {
                continue;
            }
            JsonNode volume = find("PersistentVolume", volumeName);
            if (volume == null) {
                problem(claim, "volumeName '" + volumeName + "' is not a PersistentVolume in these manifests");
            } else {
                checkPair(volume, claim);
            }
        }
        for (JsonNode volume : ofKind("PersistentVolume")) {
            JsonNode ref = volume.path("spec").path("claimRef");
            if (!ref.isObject()) {
                continue;
            }
            JsonNode claim = find("PersistentVolumeClaim", ref.path("name").asText());
            if (claim == null) {
                problem(volume, "claimRef names '" + ref.path("name").asText() + "', which is not a PersistentVolumeClaim in these manifests");
                continue;
            }
            String claimNamespace = claim.path("metadata").path("namespace").asText("");
            if (ref.has("namespace") && !claimNamespace.isEmpty() && !claimNamespace.equals(ref.path("namespace").asText())) {
                problem(volume, "claimRef namespace '" + ref.path("namespace").asText() + "' differs from the claim's '" + claimNamespace + "'");
            }
            if (!claim.path("spec").has("volumeName")) {
                checkPair(volume, claim);
            } else if (!volume.path("metadata").path("name").asText().equals(claim.path("spec").path("volumeName").asText())) {
                problem(volume, "reserved for claim " + ref.path("name").asText() + ", which names another volume");
            }
        }
    }

    private void checkPair(JsonNode volume, JsonNode claim) {
        JsonNode pv = volume.path("spec");
        JsonNode pvc = claim.path("spec");
        String pair = "and " + Manifests.id(claim) + " ";
        if (!pv.path("storageClassName").asText("").equals(pvc.path("storageClassName").asText(""))) {
            problem(volume, pair + "differ in storageClassName ('" + pv.path("storageClassName").asText("")
                    + "' vs '" + pvc.path("storageClassName").asText("") + "')");
        }
        Set<String> offered = new HashSet<>();
        pv.path("accessModes").forEach(m -> offered.add(m.asText()));
        pvc.path("accessModes").forEach(m -> {
            if (!offered.contains(m.asText())) {
                problem(volume, pair + "asks for access mode " + m.asText() + ", which the volume does not offer " + offered);
            }
        });
        String capacity = pv.path("capacity").path("storage").asText("");
        String request = pvc.path("resources").path("requests").path("storage").asText("");
        if (!capacity.equals(request)) {
            problem(volume, pair + "differ in size (capacity '" + capacity + "' vs request '" + request + "')");
        }
    }

    private List<JsonNode> ofKind(String kind) {
        return documents.stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
    }

    private void requireConfigMapKey(JsonNode owner, String where, String name, String key) {
        JsonNode configMap = requireConfigMap(owner, where, name);
        if (configMap != null && !configMap.path("data").has(key) && !configMap.path("binaryData").has(key)) {
            problem(owner, where + " needs key '" + key + "' of ConfigMap " + name + ", which has only "
                    + fieldNames(configMap.path("data")));
        }
    }

    private JsonNode requireConfigMap(JsonNode owner, String where, String name) {
        JsonNode configMap = find("ConfigMap", name);
        if (configMap == null) {
            problem(owner, where + " needs ConfigMap '" + name + "', which is not in these manifests");
        }
        return configMap;
    }

    private JsonNode find(String kind, String name) {
        return documents.stream()
                .filter(d -> kind.equals(d.path("kind").asText()) && name.equals(d.path("metadata").path("name").asText()))
                .findFirst().orElse(null);
    }

    private void problem(JsonNode owner, String text) {
        problems.add(Manifests.id(owner) + ": " + text);
    }

    private static boolean declaresPort(JsonNode container, JsonNode port) {
        for (JsonNode declared : container.path("ports")) {
            if (port.isInt() ? declared.path("containerPort").asInt() == port.asInt()
                    : declared.path("name").asText().equals(port.asText())) {
                return true;
            }
        }
        return false;
    }

    private static boolean contains(Map<String, String> labels, Map<String, String> selector) {
        return labels.entrySet().containsAll(selector.entrySet());
    }

    static Map<String, String> labels(JsonNode node) {
        Map<String, String> labels = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        return labels;
    }

    private static Set<String> names(JsonNode list) {
        Set<String> names = new HashSet<>();
        list.forEach(item -> names.add(item.path("name").asText()));
        return names;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
