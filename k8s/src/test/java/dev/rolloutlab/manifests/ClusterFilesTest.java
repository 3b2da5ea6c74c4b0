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

    @Test
    void kindMakesOneControlPlaneAndTwoWorkers() {
        JsonNode config = single(ROOT.resolve("cluster/kind.yaml"));
        assertThat(config.path("kind").asText()).isEqualTo("Cluster");
        assertThat(config.path("apiVersion").asText()).isEqualTo("kind.x-k8s.io/v1alpha4");
        List<String> roles = new ArrayList<>();
        config.path("nodes").forEach(n -> roles.add(n.path("role").asText()));
        assertThat(roles).containsExactlyInAnyOrder("control-plane", "worker", "worker");
    }

    /** kind v0.30.0's image for Kubernetes 1.33 (its release notes list it with this digest). */
    static final String NODE_IMAGE = "kindest/node:v1.33.4@sha256:25a6018e48dfcaee478f4a59af81157a437f15e6e140bf103f85a2e7cd0cbbf2";

    @Test
    void everyKindNodeRunsThePinnedImage() {
        JsonNode config = single(ROOT.resolve("cluster/kind.yaml"));
        assertThat(config.path("nodes")).isNotEmpty();
        for (JsonNode node : config.path("nodes")) {
            assertThat(node.path("image").asText()).as("node image of " + node)
                    .matches("kindest/node:v1\\.33\\.\\d+@sha256:[0-9a-f]{64}")
                    .isEqualTo(NODE_IMAGE);
        }
    }

    /**
     * The workflow pins its tools: Helm 3.19.x (Helm 4 changed --wait and apply semantics), kind 0.30 or later
     * (kindnet in kind 0.24-0.27 had NetworkPolicy bugs that block kubelet probes), kubectl of the node's minor.
     */
    @Test
    void theWorkflowPinsHelmKindAndKubectl() {
        JsonNode steps = single(ROOT.resolve(".github/workflows/kind-e2e.yml")).path("jobs").elements().next().path("steps");
        JsonNode helm = step(steps, "azure/setup-helm@");
        assertThat(helm.path("with").path("version").asText()).as("azure/setup-helm with.version").matches("v3\\.19\\.\\d+");
        JsonNode kind = step(steps, "helm/kind-action@");
        java.util.regex.Matcher version = java.util.regex.Pattern.compile("v0\\.(\\d+)\\.\\d+").matcher(kind.path("with").path("version").asText());
        assertThat(version.matches()).as("helm/kind-action with.version pinned to v0.N.P: " + kind.path("with")).isTrue();
        assertThat(Integer.parseInt(version.group(1))).as("kind minor version").isGreaterThanOrEqualTo(30);
        assertThat(kind.path("with").path("kubectl_version").asText()).as("helm/kind-action with.kubectl_version").matches("v1\\.33\\.\\d+");
        // The node image comes from cluster/kind.yaml, which kind-up.sh passes to kind create cluster.
        assertThat(kind.path("with").has("node_image")).as("the node image is pinned in cluster/kind.yaml, not here").isFalse();
    }

    private static JsonNode step(JsonNode steps, String uses) {
        for (JsonNode step : steps) {
            if (step.path("uses").asText().startsWith(uses)) {
                return step;
            }
        }
        throw new AssertionError("no step of the workflow uses " + uses);
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

    /** The run scripts of the workflow's steps, in order (a step that uses an action adds ""). */
    private static List<String> workflowRuns() {
        JsonNode workflow = single(ROOT.resolve(".github/workflows/kind-e2e.yml"));
        JsonNode jobs = workflow.path("jobs");
        assertThat(jobs.size()).isEqualTo(1);
        JsonNode job = jobs.elements().next();
        assertThat(job.path("runs-on").asText()).startsWith("ubuntu-");
        assertThat(job.path("timeout-minutes").asInt()).as("a generous timeout: the cluster labs alone take about an hour")
                .isGreaterThanOrEqualTo(120);
        List<String> runs = new ArrayList<>();
        List<String> uses = new ArrayList<>();
        for (JsonNode step : job.path("steps")) {
            assertThat(step.has("run") ^ step.has("uses")).as("a step either runs or uses: " + step).isTrue();
            runs.add(step.path("run").asText(""));
            if (step.has("uses")) {
                uses.add(step.path("uses").asText());
            }
            if (step.path("if").asText().equals("failure()")) {
                assertThat(step.path("run").asText()).as("failure diagnostics").contains("kubectl get events").contains("kubectl describe pods");
            }
        }
        assertThat(uses).anyMatch(u -> u.startsWith("actions/checkout@"));
        return runs;
    }

    private static int firstStep(List<String> runs, String text) {
        for (int i = 0; i < runs.size(); i++) {
            if (runs.get(i).contains(text)) {
                return i;
            }
        }
        throw new AssertionError("no step of the workflow runs: " + text);
    }

    @Test
    void theWorkflowBuildsTheLoadToolBeforeAnyLoadAndMakesTheCluster() {
        List<String> runs = workflowRuns();
        int build = firstStep(runs, "./mvnw -B -q package -DskipTests -pl cli,");
        int cluster = firstStep(runs, "cluster/kind-up.sh canary");
        int load = firstStep(runs, "./rollout-lab load");
        int labs = firstStep(runs, "labs/run.sh");
        assertThat(build).as("the CLI is built before any ./rollout-lab load (else its build eats the first seconds of load)")
                .isLessThan(load).isLessThan(labs);
        assertThat(cluster).isLessThan(load);
        assertThat(runs.get(runs.size() - 1)).contains("cluster/kind-down.sh");
    }

    @Test
    void theWorkflowRunsHelmTestForEveryScenario() throws IOException {
        List<String> runs = workflowRuns();
        String step = runs.get(firstStep(runs, "helm test rl"));
        List<String> scenarios;
        try (var files = Files.list(ROOT.resolve("helm/rollout-lab"))) {
            scenarios = files.map(p -> p.getFileName().toString()).filter(n -> n.matches("values-.+\\.yaml"))
                    .map(n -> n.substring("values-".length(), n.length() - ".yaml".length())).sorted().toList();
        }
        assertThat(scenarios).contains("recreate", "rolling", "bluegreen", "canary");
        java.util.regex.Matcher loop = java.util.regex.Pattern.compile("for scenario in ([a-z ]+);").matcher(step);
        assertThat(loop.find()).as("helm test in a loop over the scenarios").isTrue();
        assertThat(List.of(loop.group(1).trim().split(" +"))).as("every scenario of the chart gets helm test").containsExactlyInAnyOrderElementsOf(scenarios);
        assertThat(step).contains("helm upgrade --install rl helm/rollout-lab -f \"helm/rollout-lab/values-$scenario.yaml\" --wait")
                .contains("helm uninstall rl --wait");
        assertThat(step.indexOf("helm upgrade --install")).isLessThan(step.indexOf("helm test rl"));
    }

    @Test
    void theWorkflowRollsAndShiftsTheCanaryUnderLoadThatProvablyStartedFirst() {
        List<String> runs = workflowRuns();
        for (String change : List.of("helm upgrade rl helm/rollout-lab --reuse-values --set rollout.version=v2",
                "helm upgrade rl helm/rollout-lab --reuse-values --set canary.weight=50")) {
            String step = runs.get(firstStep(runs, change));
            // Load in the background with no error allowed, proven running before the change, its exit status checked.
            int load = step.indexOf("./rollout-lab load --url http://localhost:8080/api/identity --rate 20");
            assertThat(load).as(change + ": a load in the same step").isPositive();
            String loadLine = step.substring(load, step.indexOf('\n', load));
            assertThat(loadLine).contains("--max-error-rate 0 ").endsWith("&");
            int started = step.indexOf("until grep -q \" answered \" load-");
            assertThat(started).as(change + ": waits for the load's first live line").isGreaterThan(load);
            assertThat(step.indexOf(change)).as(change + ": after the load is proven to run").isGreaterThan(started);
            assertThat(step.indexOf("kill -0 \"$load\"")).as(change + ": the load still runs after the change").isGreaterThan(step.indexOf(change));
            assertThat(step).contains("if ! wait \"$load\"; then");
            // The port-forward only after helm waited, and only once it listens.
            int install = step.indexOf("helm upgrade --install rl");
            int forward = step.indexOf("kubectl port-forward svc/rl-gateway 8080:80");
            assertThat(install).isNotNegative().isLessThan(forward);
            assertThat(step.substring(install, step.indexOf('\n', install))).contains("--wait");
            assertThat(step.indexOf("until curl -sf -o /dev/null http://localhost:8080/q/health/ready")).isGreaterThan(forward).isLessThan(load);
        }
    }

    @Test
    void theWorkflowAbortsAFaultyAutomatedCanaryThenPromotesAHealthyOne() {
        List<String> runs = workflowRuns();
        String step = runs.get(firstStep(runs, "--set canary.auto.enabled=true"));
        int install = step.indexOf("helm upgrade --install rl helm/rollout-lab -f helm/rollout-lab/values-canary.yaml");
        assertThat(install).as("installs the canary scenario").isNotNegative();
        assertThat(step.substring(install, step.indexOf("kubectl port-forward"))).contains("--wait", "--set canary.faults.errorRate=0.2");
        // watch's exit status is the verdict: 1 Aborted while faulty, 0 Promoted after retry.
        int aborted = step.indexOf("[ \"$status\" -eq 1 ]");
        int healed = step.indexOf("--reuse-values --set canary.faults.errorRate=0");
        int load = step.indexOf("--max-error-rate 0 > load-auto.log 2>&1 &");
        int retry = step.indexOf("./rollout-lab retry --gateway http://localhost:8080");
        int promoted = step.indexOf("[ \"$status\" -eq 0 ]");
        int adopted = step.indexOf("until curl -s http://localhost:8080/gateway/rollout | grep -q");
        assertThat(adopted).as("waits until the gateway has the rollout (watch would exit 4 on the old routing)")
                .isPositive().isLessThan(step.indexOf("./rollout-lab watch"));
        assertThat(aborted).as("Aborted checked").isPositive();
        assertThat(healed).as("the fault removed after the abort").isGreaterThan(aborted);
        assertThat(load).as("a load that may not fail once, started after the fault is gone").isGreaterThan(healed);
        assertThat(retry).as("retry once the load runs").isGreaterThan(step.indexOf("until grep -q \" answered \" load-auto.log"));
        assertThat(promoted).as("Promoted checked after retry").isGreaterThan(retry);
        assertThat(step.indexOf("if ! wait \"$load\"; then")).isGreaterThan(promoted);
        assertThat(step).contains("kubectl get configmap rl-rollout-state");
    }

    @Test
    void theWorkflowRunsEveryClusterLabThroughTheRunner() throws IOException {
        List<String> runs = workflowRuns();
        String step = runs.get(firstStep(runs, "labs/run.sh"));
        List<String> clusterLabs;
        try (var files = Files.list(ROOT.resolve("labs"))) {
            clusterLabs = files.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d\\d-.*\\.md"))
                    .map(n -> n.substring(0, 2)).filter(n -> !n.equals("00") && !n.equals("11")).sorted().toList();
        }
        assertThat(clusterLabs).hasSize(10);
        java.util.regex.Matcher labs = java.util.regex.Pattern.compile("labs/run.sh(?: --timeout \\d+)?((?: \\d\\d)+)").matcher(step);
        assertThat(labs.find()).as("labs/run.sh NN NN ...").isTrue();
        assertThat(List.of(labs.group(1).trim().split(" "))).as("every cluster lab, in order").isEqualTo(clusterLabs);
        assertThat(Files.isExecutable(ROOT.resolve("labs/run.sh"))).as("labs/run.sh is executable").isTrue();
    }

    private static JsonNode single(Path file) {
        List<JsonNode> documents = Manifests.read(file);
        assertThat(documents).as(file.toString()).hasSize(1);
        return documents.get(0);
    }
}
