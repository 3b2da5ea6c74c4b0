package dev.rolloutlab.pods;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rolloutlab.manifests.Manifests;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One container as shipped: found generically in any document that holds a pod spec (a Pod,
 * the template of a Deployment, ReplicaSet, ReplicationController, Job, a CronJob's job
 * template, the helm test pod...), with what a runtime needs to run it.
 */
record ShippedContainer(String source, String owner, boolean init, JsonNode podSpec, JsonNode container,
                        List<JsonNode> documents) {

    /** Every container and init container of every pod spec in {@code source}. */
    static List<ShippedContainer> in(Shipped.Source source) {
        List<ShippedContainer> found = new ArrayList<>();
        for (JsonNode document : source.documents()) {
            collect(source, Manifests.id(document), document, found);
        }
        return found;
    }

    private static void collect(Shipped.Source source, String owner, JsonNode node, List<ShippedContainer> found) {
        if (node.isObject()) {
            if (node.path("containers").isArray()) {
                node.path("initContainers").forEach(c -> found.add(new ShippedContainer(source.name(), owner, true, node, c, source.documents())));
                node.path("containers").forEach(c -> found.add(new ShippedContainer(source.name(), owner, false, node, c, source.documents())));
                return;
            }
            node.properties().forEach(field -> collect(source, owner, field.getValue(), found));
        } else if (node.isArray()) {
            node.forEach(child -> collect(source, owner, child, found));
        }
    }

    String name() {
        return container.path("name").asText();
    }

    String image() {
        return container.path("image").asText();
    }

    /** The image without registry docker.io or library/: busybox:1.36, nginx:1.27-alpine. */
    String shortImage() {
        String image = image();
        for (String prefix : List.of("docker.io/", "index.docker.io/", "library/")) {
            if (image.startsWith(prefix)) {
                image = image.substring(prefix.length());
            }
        }
        return image;
    }

    /** The project's own JVM images (the JVM handles SIGTERM; GracefulShutdownIT covers it). */
    boolean jvm() {
        return shortImage().startsWith("rollout-lab/");
    }

    List<String> command() {
        return strings(container.path("command"));
    }

    List<String> args() {
        return strings(container.path("args"));
    }

    /** Run to completion: init containers, and pods that are not restarted (Jobs, the helm test pod). */
    boolean runsToCompletion() {
        String restart = podSpec.path("restartPolicy").asText("Always");
        return init || !restart.equals("Always");
    }

    /** Plain env values (valueFrom needs an API server and is left out). */
    Map<String, String> env() {
        Map<String, String> env = new LinkedHashMap<>();
        container.path("env").forEach(e -> {
            if (e.has("value")) {
                env.put(e.path("name").asText(), e.path("value").asText());
            }
        });
        return env;
    }

    /** mountPath -> the pod's volume of that name. */
    Map<String, JsonNode> mounts() {
        Map<String, JsonNode> mounts = new LinkedHashMap<>();
        container.path("volumeMounts").forEach(m -> {
            String volume = m.path("name").asText();
            JsonNode spec = null;
            for (JsonNode v : podSpec.path("volumes")) {
                if (volume.equals(v.path("name").asText())) {
                    spec = v;
                }
            }
            mounts.put(m.path("mountPath").asText(), spec);
        });
        return mounts;
    }

    /** The data of the ConfigMap a volume names, from the same source. */
    Map<String, String> configMapData(JsonNode volume) {
        Map<String, String> data = new LinkedHashMap<>();
        String name = volume.path("configMap").path("name").asText();
        for (JsonNode d : documents) {
            if (d.path("kind").asText().equals("ConfigMap") && d.path("metadata").path("name").asText().equals(name)) {
                d.path("data").properties().forEach(f -> data.put(f.getKey(), f.getValue().asText()));
            }
        }
        return data;
    }

    /** runAsUser/runAsGroup of the container, else of the pod; null when the image decides (root here). */
    Long runAs(String field) {
        JsonNode own = container.path("securityContext").path(field);
        JsonNode pod = podSpec.path("securityContext").path(field);
        return own.isNumber() ? Long.valueOf(own.asLong()) : pod.isNumber() ? Long.valueOf(pod.asLong()) : null;
    }

    JsonNode securityContext() {
        return container.path("securityContext");
    }

    /** What tells two containers apart for this test: image, command, args. */
    String key() {
        return shortImage() + " " + command() + " " + args();
    }

    String where() {
        return source + " " + owner + (init ? " initContainer " : " container ") + name();
    }

    private static List<String> strings(JsonNode array) {
        List<String> list = new ArrayList<>();
        array.forEach(n -> list.add(n.asText()));
        return list;
    }
}
