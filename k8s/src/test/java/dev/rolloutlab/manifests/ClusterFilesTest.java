package dev.rolloutlab.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The path to a real cluster (cluster/ and the kind workflow) cannot run here: no Docker engine.
 * What can be checked is that its files parse and say what they must.
 */
class ClusterFilesTest {

    private static final Path ROOT = GeneratedApp.K8S.getParent();
    private static final String LOAD = "./rollout-lab load --url http://localhost:8080/api/identity --rate 20 --duration 60s --max-error-rate 0";

    @Test
    void kindMakesOneControlPlaneAndTwoWorkers() {
        JsonNode config = single(ROOT.resolve("cluster/kind.yaml"));
        assertThat(config.path("kind").asText()).isEqualTo("Cluster");
        assertThat(config.path("apiVersion").asText()).isEqualTo("kind.x-k8s.io/v1alpha4");
        List<String> roles = new ArrayList<>();
        config.path("nodes").forEach(n -> roles.add(n.path("role").asText()));
        assertThat(roles).containsExactlyInAnyOrder("control-plane", "worker", "worker");
    }

    @Test
    void kindUpBuildsLoadsAndInstallsTheImagesTheChartUses() throws IOException {
        String script = Files.readString(ROOT.resolve("cluster/kind-up.sh"));
        assertThat(script).contains("kind create cluster --config cluster/kind.yaml")
                .contains("services/sample-v1/src/main/docker/Dockerfile.jvm -t rollout-lab/sample:1.0.0")
                .contains("services/sample-v2/src/main/docker/Dockerfile.jvm -t rollout-lab/sample:2.0.0")
                .contains("gateway/src/main/docker/Dockerfile.jvm -t rollout-lab/gateway:0.1.0")
                .contains("kind load docker-image")
                .contains("helm upgrade --install rl helm/rollout-lab -f \"$values\"")
                .contains("kubectl rollout status");
        for (String path : List.of("services/sample-v1/src/main/docker/Dockerfile.jvm", "services/sample-v2/src/main/docker/Dockerfile.jvm",
                "gateway/src/main/docker/Dockerfile.jvm", "helm/rollout-lab/values-canary.yaml")) {
            assertThat(ROOT.resolve(path)).as(path).exists();
        }
        for (String script2 : List.of("kind-up.sh", "kind-down.sh", "minikube-up.sh", "minikube-down.sh", "check.sh")) {
            assertThat(Files.isExecutable(ROOT.resolve("cluster").resolve(script2))).as(script2 + " is executable").isTrue();
        }
    }

    @Test
    void theWorkflowShiftsTheCanaryUnderLoad() {
        JsonNode workflow = single(ROOT.resolve(".github/workflows/kind-e2e.yml"));
        JsonNode jobs = workflow.path("jobs");
        assertThat(jobs.size()).isEqualTo(1);
        JsonNode job = jobs.elements().next();
        assertThat(job.path("runs-on").asText()).startsWith("ubuntu-");
        List<String> runs = new ArrayList<>();
        List<String> uses = new ArrayList<>();
        for (JsonNode step : job.path("steps")) {
            if (step.has("run")) {
                runs.add(step.path("run").asText());
            }
            if (step.has("uses")) {
                uses.add(step.path("uses").asText());
            }
            assertThat(step.has("run") ^ step.has("uses")).as("a step either runs or uses: " + step).isTrue();
        }
        assertThat(uses).anyMatch(u -> u.startsWith("actions/checkout@"));
        assertThat(runs).anyMatch(r -> r.contains("cluster/kind-up.sh canary"));
        String shift = runs.stream().filter(r -> r.contains(LOAD)).findFirst().orElseThrow(
                () -> new AssertionError("no step runs: " + LOAD));
        // The load runs in the background while the upgrade happens, and its exit status counts.
        assertThat(shift).contains("kubectl port-forward svc/rl-gateway 8080:80")
                .contains(LOAD + " &")
                .contains("helm upgrade rl helm/rollout-lab --reuse-values --set canary.weight=50")
                .contains("wait \"$load\"");
        assertThat(shift.indexOf(LOAD)).isLessThan(shift.indexOf("helm upgrade"));
        assertThat(runs).anyMatch(r -> r.contains("cluster/kind-down.sh"));
    }

    private static JsonNode single(Path file) {
        List<JsonNode> documents = Manifests.read(file);
        assertThat(documents).as(file.toString()).hasSize(1);
        return documents.get(0);
    }
}
