package dev.rolloutlab.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import dev.rolloutlab.manifests.Manifests;
import dev.rolloutlab.manifests.StrictSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The `helm test` pod and NOTES.txt, which `helm template` through helm-java does not print. */
class HelmTestAndNotesTest {

    private static final Path TEST_POD = Chart.DIR.resolve("templates/tests/identity-test.yaml");

    @Test
    void theTestPodIsAHelmTestHook() throws IOException {
        assertThat(Files.readString(TEST_POD)).contains("helm.sh/hook: test");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            values-rolling.yaml   |                      | 1.0.0
            values-recreate.yaml  | rollout.version=v2   | 2.0.0
            values-bluegreen.yaml |                      | 1.0.0
            values-bluegreen.yaml | blueGreen.active=green | 2.0.0
            values-bluegreen.yaml | blueGreen.auto.enabled=true | 1.0.0 2.0.0
            values-canary.yaml    |                      | 1.0.0 2.0.0
            """)
    void theTestPodAsksTheGatewayAndExpectsTheServedVersions(String file, String set, String expected, @TempDir Path dir) throws IOException {
        JsonNode pod = renderTestPod(dir, file, set);
        assertThat(StrictSchema.problems(pod)).isEmpty();
        JsonNode container = pod.at("/spec/containers/0");
        assertThat(env(container, "URL")).isEqualTo("http://rl-gateway:80/api/identity");
        assertThat(env(container, "EXPECTED")).isEqualTo(expected);
        assertThat(container.at("/args/0").asText()).contains("wget").contains("\"version\"").contains("exit 1");
        assertThat(PodSecurityTest.violations(new Chart.Rendered(java.util.List.of(pod)))).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            values-rolling.yaml   | --set rollout.version=v2
            values-recreate.yaml  | --set rollout.version=v2
            values-bluegreen.yaml | --set blueGreen.active=green
            values-canary.yaml    | --set canary.weight=50
            """)
    void notesSayHowToReachTheGatewayAndWhatToRunNext(String file, String next) {
        String notes = Chart.helm().install().withName(Chart.RELEASE).withNamespace(Chart.NAMESPACE).dryRun().clientOnly()
                .withValuesFile(Chart.DIR.resolve(file)).call().getOutput();
        assertThat(notes).contains("kubectl -n lab port-forward svc/rl-gateway 8080:80")
                // a port-forward to a pod that is not running yet fails: the notes wait first
                .containsSubsequence("kubectl -n lab rollout status deploy/rl-gateway", "port-forward svc/rl-gateway")
                .contains("http://localhost:8080/")
                .contains("helm upgrade rl ./helm/rollout-lab --reuse-values " + next)
                .contains("get pods -L app.kubernetes.io/version");
    }

    /**
     * Renders the test pod as a plain manifest: a copy of the chart with the hook annotation
     * renamed, since helm-java's template leaves hooks out of its output.
     */
    private static JsonNode renderTestPod(Path dir, String file, String set) throws IOException {
        Path copy = dir.resolve("rollout-lab");
        try (Stream<Path> files = Files.walk(Chart.DIR)) {
            for (Path source : files.sorted(Comparator.naturalOrder()).toList()) {
                Path target = copy.resolve(Chart.DIR.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
        Path testPod = copy.resolve("templates/tests/identity-test.yaml");
        Files.writeString(testPod, Files.readString(testPod).replace("helm.sh/hook:", "rendered-for-test/hook:"));
        TemplateCommand template = new Helm(copy).template().withName(Chart.RELEASE).withNamespace(Chart.NAMESPACE)
                .withValuesFile(copy.resolve(file));
        if (set != null) {
            String[] kv = set.split("=", 2);
            template.set(kv[0], kv[1]);
        }
        return Manifests.parse(template.call()).stream().filter(d -> "Pod".equals(d.path("kind").asText()))
                .findFirst().orElseThrow(() -> new AssertionError("no test pod rendered"));
    }

    private static String env(JsonNode container, String name) {
        for (JsonNode env : container.path("env")) {
            if (name.equals(env.path("name").asText())) {
                return env.path("value").asText();
            }
        }
        return null;
    }
}
