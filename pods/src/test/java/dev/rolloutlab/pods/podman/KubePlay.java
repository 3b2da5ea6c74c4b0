package dev.rolloutlab.pods.podman;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import dev.rolloutlab.manifests.Manifests;
import io.kubernetes.client.custom.Quantity;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns a Deployment rendered by the chart into what {@code podman kube play} runs, changing only
 * what podman cannot do. Every change is listed here and in pods/README.md ("what podman differs in"):
 *
 * <ol>
 *   <li><b>Deployment → one Pod.</b> No API server, no controller: the Deployment's pod template
 *       becomes a Pod (same labels, annotations and spec); replicas, strategy and selectors are gone.</li>
 *   <li><b>Downward API.</b> podman 4.3 refuses {@code fieldRef} {@code metadata.namespace} and
 *       {@code spec.nodeName} ("not valid or not supported"): those env vars get the literal value
 *       a kubelet would have put there (the release namespace, a node name). {@code metadata.name}
 *       stays a fieldRef (podman supports it).</li>
 *   <li><b>Ports.</b> No Service and no port-forward: the app's {@code http} containerPort gets a
 *       {@code hostPort} (a free port on this host) so the test reaches the pod.</li>
 *   <li><b>emptyDir.</b> podman makes an emptyDir root-owned 0755; the kubelet makes it 0777, so
 *       uid 185 can write it. Each emptyDir becomes a hostPath to a fresh directory made 0777 by the
 *       test (what the kubelet would have created), deleted afterwards. The {@code sizeLimit} is
 *       not enforced (the kubelet enforces it by eviction, which podman does not have).</li>
 *   <li><b>PersistentVolumeClaim.</b> No provisioner: the claim becomes a podman named volume of a
 *       name unique to the run (a PersistentVolumeClaim document in the played YAML, which podman
 *       turns into a local volume), removed afterwards. fsGroup is not applied by podman:
 *       a new named volume is chowned by podman to the container's user on first mount instead,
 *       which gives uid 185 the same write access fsGroup 185 gives on a cluster.</li>
 *   <li><b>Services.</b> No API server, no kube-proxy, no cluster DNS: where a ConfigMap names a
 *       Service address (the gateway's routing.yaml: {@code http://rl-sample:80}), the test puts the
 *       address kube-proxy would have translated it to: the played sample pod's IP and its
 *       targetPort ({@link #resolveService}).</li>
 *   <li><b>Long annotations.</b> podman 4.3 refuses an annotation value longer than 63 characters
 *       (it applies the label limit): {@code checksum/config} (a sha256, 64 hex digits) is left
 *       out. It only restarts pods on a ConfigMap change, which needs a Deployment controller anyway.</li>
 *   <li><b>Init containers.</b> podman 4.3 removes a "once" init container (its default) as soon as it
 *       exits and sometimes fails the whole play because it still sees it running; the pod gets
 *       podman's annotation {@code io.podman.annotations.init.container.type: always}, which keeps the
 *       exited init container (and reruns it when the pod restarts, as a kubelet does).</li>
 *   <li><b>Container names.</b> podman names each container {@code <pod>-<container>}
 *       ({@code podman logs rl-sample-log-tail} is {@code kubectl logs rl-sample -c log-tail}).</li>
 * </ol>
 *
 * Everything else is played as rendered: images, commands, args, env from ConfigMaps, the
 * ConfigMap volumes, resources (the memory limit becomes the container's memory cgroup),
 * securityContext (uid/gid 185, read-only root, no capabilities, no privilege escalation, seccomp),
 * init containers, and the probes (which podman turns into healthchecks that do not run without
 * systemd).
 */
final class KubePlay {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS));

    private final List<JsonNode> rendered;
    private final String namespace;
    private final String nodeName;

    KubePlay(List<JsonNode> rendered, String namespace, String nodeName) {
        this.rendered = rendered;
        this.namespace = namespace;
        this.nodeName = nodeName;
    }

    static KubePlay of(String renderedYaml, String namespace) {
        return new KubePlay(Manifests.parse(renderedYaml), namespace, "podman-node");
    }

    /** The chart rendered as release rl in namespace rollout-lab from values-rolling.yaml, plus {@code sets}. */
    static String renderRolling(Map<String, String> sets) {
        TemplateCommand template = new Helm(SamplePodTest.CHART).template().withName("rl").withNamespace("rollout-lab")
                .withValuesFile(SamplePodTest.CHART.resolve("values-rolling.yaml"));
        sets.forEach(template::set);
        return template.call();
    }

    /** resources.limits.memory of {@code container} in rendered Deployment {@code deployment}, in bytes. */
    long memoryLimit(String deployment, String container) {
        for (JsonNode c : find("Deployment", deployment).path("spec").path("template").path("spec").path("containers")) {
            if (container.equals(c.path("name").asText())) {
                String limit = c.path("resources").path("limits").path("memory").asText();
                if (limit.isBlank()) {
                    throw new AssertionError("Deployment/" + deployment + " container " + container + " has no memory limit");
                }
                return Quantity.fromString(limit).getNumber().longValueExact();
            }
        }
        throw new AssertionError("Deployment/" + deployment + " has no container " + container);
    }

    /** A rendered document of this kind and name. */
    JsonNode find(String kind, String name) {
        return rendered.stream()
                .filter(d -> kind.equals(d.path("kind").asText()) && name.equals(d.path("metadata").path("name").asText()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("the chart rendered no " + kind + "/" + name + "; it rendered "
                        + rendered.stream().map(Manifests::id).toList()));
    }

    /**
     * 6. No Services and no kube-proxy: every ConfigMap value naming the Service address {@code service}
     * (e.g. {@code http://rl-sample:80}) gets {@code endpoint} instead (the played pod's IP and
     * targetPort, which kube-proxy would have translated it to).
     */
    KubePlay resolveService(String service, String endpoint) {
        for (JsonNode d : rendered) {
            if ("ConfigMap".equals(d.path("kind").asText()) && d.path("data").isObject()) {
                ObjectNode data = (ObjectNode) d.path("data");
                List<String> keys = new ArrayList<>();
                data.fieldNames().forEachRemaining(keys::add);
                for (String key : keys) {
                    data.put(key, data.path(key).asText().replace(service, endpoint));
                }
            }
        }
        return this;
    }

    /** What to play: the pod, and the documents it needs. */
    record Play(String podName, String yaml, Map<String, Path> emptyDirs, List<String> volumes, List<String> configMapVolumes) {
    }

    /**
     * The Deployment {@code deployment} as one playable Pod named {@code podName}, with the rendered
     * ConfigMaps it refers to. {@code hostPort} is published for the container port named http;
     * {@code scratchRoot} receives one directory per emptyDir; {@code volumePrefix} names the claims' volumes.
     */
    Play pod(String deployment, String podName, int hostPort, Path scratchRoot, String volumePrefix) {
        // 1. The Deployment's pod template as one Pod.
        JsonNode template = find("Deployment", deployment).path("spec").path("template");
        ObjectNode pod = YAML.createObjectNode();
        pod.put("apiVersion", "v1");
        pod.put("kind", "Pod");
        ObjectNode metadata = pod.putObject("metadata");
        metadata.put("name", podName);
        metadata.set("labels", template.path("metadata").path("labels").deepCopy());
        // 7. podman 4.3 refuses an annotation value over 63 characters (a label's limit, not an
        // annotation's): the chart's checksum/config (64 hex digits) is left out.
        ObjectNode annotations = metadata.putObject("annotations");
        template.path("metadata").path("annotations").fields().forEachRemaining(a -> {
            if (a.getValue().asText().length() <= 63) {
                annotations.set(a.getKey(), a.getValue());
            }
        });
        // 8. Init containers: podman 4.3 removes a "once" init container (its default) right after
        // it exits and sometimes fails the whole play because it still sees it running ("failed to
        // remove once init container ... container state improper"). "always" keeps it instead
        // (it would also rerun on a pod restart, as a kubelet reruns init containers).
        if (!template.path("spec").path("initContainers").isEmpty()) {
            annotations.put("io.podman.annotations.init.container.type", "always");
        }
        ObjectNode spec = (ObjectNode) template.path("spec").deepCopy();
        pod.set("spec", spec);

        List<String> documents = new ArrayList<>();
        Map<String, Path> emptyDirs = new TreeMap<>();
        List<String> volumes = new ArrayList<>();
        List<String> configMapVolumes = new ArrayList<>();

        for (String group : List.of("initContainers", "containers")) {
            for (JsonNode c : spec.path(group)) {
                ObjectNode container = (ObjectNode) c;
                // 2. Downward API fields podman refuses become literal values.
                for (JsonNode e : container.path("env")) {
                    String field = e.path("valueFrom").path("fieldRef").path("fieldPath").asText("");
                    String literal = switch (field) {
                        case "metadata.namespace" -> namespace;
                        case "spec.nodeName" -> nodeName;
                        default -> null;
                    };
                    if (literal != null) {
                        ((ObjectNode) e).remove("valueFrom");
                        ((ObjectNode) e).put("value", literal);
                    }
                }
                // 3. The app's http port published on the host.
                for (JsonNode p : container.path("ports")) {
                    if ("http".equals(p.path("name").asText())) {
                        ((ObjectNode) p).put("hostPort", hostPort);
                    }
                }
            }
        }

        ArrayNode playedVolumes = YAML.createArrayNode();
        for (JsonNode v : spec.path("volumes")) {
            ObjectNode volume = (ObjectNode) v.deepCopy();
            String name = volume.path("name").asText();
            if (volume.has("emptyDir")) {
                // 4. emptyDir: a 0777 directory, as the kubelet makes it.
                Path dir = scratchRoot.resolve(name);
                emptyDirs.put(name, dir);
                volume.remove("emptyDir");
                ObjectNode hostPath = volume.putObject("hostPath");
                hostPath.put("path", dir.toString());
                hostPath.put("type", "Directory");
            } else if (volume.has("persistentVolumeClaim")) {
                // 5. The claim: a podman named volume unique to this run.
                String claim = volumePrefix + "-" + volume.path("persistentVolumeClaim").path("claimName").asText();
                ((ObjectNode) volume.path("persistentVolumeClaim")).put("claimName", claim);
                volumes.add(claim);
                documents.add(toYaml(claimDocument(claim)));
            } else if (volume.has("configMap")) {
                // Played as rendered: podman writes the ConfigMap document's data as files into a
                // named volume of the ConfigMap's name (rewritten on every play; removed afterwards).
                configMapVolumes.add(volume.path("configMap").path("name").asText());
                documents.add(toYaml(find("ConfigMap", volume.path("configMap").path("name").asText())));
            }
            playedVolumes.add(volume);
        }
        spec.set("volumes", playedVolumes);

        // ConfigMaps the env refers to (configMapKeyRef), once each.
        for (JsonNode ref : spec.findValues("configMapKeyRef")) {
            String yaml = toYaml(find("ConfigMap", ref.path("name").asText()));
            if (!documents.contains(yaml)) {
                documents.add(yaml);
            }
        }
        documents.add(toYaml(pod));
        return new Play(podName, String.join("---\n", documents.stream().distinct().toList()), emptyDirs, volumes, configMapVolumes);
    }

    private static ObjectNode claimDocument(String name) {
        ObjectNode claim = YAML.createObjectNode();
        claim.put("apiVersion", "v1");
        claim.put("kind", "PersistentVolumeClaim");
        claim.putObject("metadata").put("name", name);
        ObjectNode spec = claim.putObject("spec");
        spec.putArray("accessModes").add("ReadWriteOnce");
        spec.putObject("resources").putObject("requests").put("storage", "100Mi");
        return claim;
    }

    static String toYaml(JsonNode node) {
        try {
            return YAML.writeValueAsString(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
