package dev.rolloutlab.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The lab manifests in k8s/labs: each file fits together on its own (ShippedManifestsTest
 * already validates them strictly), and each shows what its lab is about.
 */
class LabManifestsTest {

    static final Path LABS = GeneratedApp.K8S.resolve("labs");

    static List<Path> labFiles() throws IOException {
        try (Stream<Path> files = Files.list(LABS)) {
            return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    @ParameterizedTest
    @MethodSource("labFiles")
    void eachFileFitsTogether(Path file) {
        List<JsonNode> documents = Manifests.read(file);
        assertThat(documents).isNotEmpty();
        assertThat(StrictSchema.problems(documents)).isEmpty();
        assertThat(ManifestChecks.problems(documents)).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("labFiles")
    void everyNamespacedObjectUsesADeclaredNamespace(Path file) {
        Set<String> declared = new HashSet<>();
        all("Namespace").forEach(n -> declared.add(n.path("metadata").path("name").asText()));
        for (JsonNode document : Manifests.read(file)) {
            String kind = document.path("kind").asText();
            if (!Set.of("Namespace", "PersistentVolume").contains(kind)) {
                assertThat(document.path("metadata").path("namespace").asText()).as(Manifests.id(document)).isIn(declared);
            }
        }
    }

    /**
     * "Ready" must mean "listening": the labs wait with `kubectl wait --for=condition=Ready` or
     * `kubectl rollout status` and then port-forward or count ready replicas. Without a readiness
     * probe a pod is Ready as soon as its container starts, before Quarkus listens; the first
     * forwarded connection is refused and kubectl (1.23+) ends the whole port-forward.
     */
    @ParameterizedTest
    @MethodSource("labFiles")
    void everySampleContainerIsReadyOnlyOnceItListens(Path file) {
        for (PodTemplate pod : PodTemplate.all(Manifests.read(file))) {
            for (JsonNode container : pod.spec().path("containers")) {
                if (container.path("image").asText().startsWith("rollout-lab/sample:")) {
                    assertThat(container.path("readinessProbe").path("httpGet").path("path").asText())
                            .as(file.getFileName() + ": " + Manifests.id(pod.owner()) + " container " + container.path("name").asText()
                                    + " needs a readinessProbe on /q/health/ready")
                            .isEqualTo("/q/health/ready");
                }
            }
        }
    }

    @Test
    void theReplicationControllerHasItsThreeParts() {
        JsonNode rc = single("ReplicationController");
        JsonNode spec = rc.path("spec");
        assertThat(spec.path("replicas").asInt()).isPositive();
        assertThat(spec.path("selector").isObject() && !spec.path("selector").isEmpty()).as("selector").isTrue();
        assertThat(spec.path("template").path("spec").path("containers")).isNotEmpty();
        // The ReplicaSet and the Deployment that replaced it are there to compare.
        assertThat(single("ReplicaSet").path("spec").path("selector").path("matchLabels")).isNotEmpty();
        assertThat(all("Deployment")).anyMatch(d -> "hello".equals(d.path("metadata").path("name").asText()));
    }

    @Test
    void eachReclaimPolicyHasOneStaticHostPathVolume() {
        List<JsonNode> volumes = all("PersistentVolume");
        for (String policy : List.of("Retain", "Delete")) {
            assertThat(volumes).as(policy).filteredOn(v -> policy.equals(v.path("spec").path("persistentVolumeReclaimPolicy").asText()))
                    .singleElement().satisfies(v -> {
                        assertThat(v.path("spec").path("storageClassName").asText()).isEqualTo("manual");
                        assertThat(v.path("spec").has("hostPath")).isTrue();
                        assertThat(v.path("spec").path("claimRef").path("name").asText()).isNotEmpty();
                    });
        }
    }

    @Test
    void aPodToleratesTheControlPlaneTaint() {
        // The taint kubeadm init puts on a control-plane node.
        Map<String, String> taint = Map.of("key", "node-role.kubernetes.io/control-plane", "value", "", "effect", "NoSchedule");
        List<JsonNode> tolerations = PodTemplate.all(allDocuments()).stream()
                .flatMap(p -> stream(p.spec().path("tolerations"))).toList();
        assertThat(tolerations).anyMatch(t -> tolerates(t, taint));
    }

    @Test
    void affinityAndAntiAffinityAreShown() {
        List<PodTemplate> pods = PodTemplate.all(allDocuments());
        assertThat(pods).anyMatch(p -> p.spec().path("affinity").has("podAffinity"));
        // Anti-affinity against its own labels: the replicas spread over nodes.
        assertThat(pods).anyMatch(p -> {
            JsonNode terms = p.spec().path("affinity").path("podAntiAffinity").path("requiredDuringSchedulingIgnoredDuringExecution");
            return stream(terms).anyMatch(t -> p.labels().entrySet().containsAll(
                    ManifestChecks.labels(t.path("labelSelector").path("matchLabels")).entrySet()));
        });
    }

    @Test
    void theAmbassadorListensWhereTheAppCalls() {
        List<JsonNode> documents = Manifests.read(LABS.resolve("40-ambassador.yaml"));
        PodTemplate pod = PodTemplate.all(documents).get(0);
        assertThat(pod.containers()).hasSize(2);
        String config = documents.stream().filter(d -> "ConfigMap".equals(d.path("kind").asText())).findFirst().orElseThrow()
                .path("data").path("default.conf").asText();
        assertThat(config).contains("listen 127.0.0.1:9000;").contains("proxy_pass http://");
        assertThat(pod.container("app").path("command").toString()).contains("http://localhost:9000/");
    }

    @Test
    void theAmbassadorIsReloadedOnlyOnceTheMountedConfigShowsTheChange() throws IOException {
        // The kubelet refreshes a ConfigMap volume on its next sync (up to a minute or so): a reload
        // right after the edit reads the old file.
        String file = Files.readString(LABS.resolve("40-ambassador.yaml"));
        int reload = file.indexOf("nginx -s reload");
        assertThat(reload).isPositive();
        String command = file.substring(file.lastIndexOf("kubectl", reload), reload);
        assertThat(command).contains("until grep -q").contains("/etc/nginx/conf.d/default.conf");
    }

    @Test
    void theDisruptionBudgetCoversTheDrainedPods() {
        List<JsonNode> documents = Manifests.read(LABS.resolve("50-pdb-drain.yaml"));
        JsonNode budget = documents.stream().filter(d -> "PodDisruptionBudget".equals(d.path("kind").asText())).findFirst().orElseThrow();
        Map<String, String> selector = ManifestChecks.labels(budget.path("spec").path("selector").path("matchLabels"));
        PodTemplate pods = PodTemplate.all(documents).get(0);
        assertThat(pods.labels().entrySet()).containsAll(selector.entrySet());
        int replicas = pods.owner().path("spec").path("replicas").asInt();
        assertThat(budget.path("spec").path("minAvailable").asInt()).isBetween(1, replicas - 1);
    }

    @Test
    void theReadmeListsEveryManifest() throws IOException {
        String readme = Files.readString(LABS.resolve("README.md"));
        for (Path file : labFiles()) {
            assertThat(readme).contains("`" + file.getFileName() + "`");
        }
    }

    private static boolean tolerates(JsonNode toleration, Map<String, String> taint) {
        String effect = toleration.path("effect").asText("");
        if (!effect.isEmpty() && !effect.equals(taint.get("effect"))) {
            return false;
        }
        String key = toleration.path("key").asText("");
        if ("Exists".equals(toleration.path("operator").asText())) {
            return key.isEmpty() || key.equals(taint.get("key"));
        }
        return key.equals(taint.get("key")) && toleration.path("value").asText("").equals(taint.get("value"));
    }

    private static Stream<JsonNode> stream(JsonNode array) {
        List<JsonNode> items = new java.util.ArrayList<>();
        array.forEach(items::add);
        return items.stream();
    }

    private static List<JsonNode> allDocuments() {
        try {
            return labFiles().stream().flatMap(f -> Manifests.read(f).stream()).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<JsonNode> all(String kind) {
        return allDocuments().stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
    }

    private static JsonNode single(String kind) {
        List<JsonNode> found = all(kind);
        assertThat(found).as(kind).hasSize(1);
        return found.get(0);
    }
}
