package dev.rolloutlab.chart;

import static dev.rolloutlab.chart.Chart.chart;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rolloutlab.manifests.Manifests;
import dev.rolloutlab.manifests.PodTemplate;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The manifests quarkus-kubernetes generates from the app's own config (k8s/sample-v1.yml) are
 * the reference for what the sample container needs; the chart must agree on ports, probe paths,
 * label keys, env names and mount paths.
 */
class GeneratedManifestsAgreementTest {

    private static final Path GENERATED = Path.of("..", "k8s", "sample-v1.yml");

    private final PodTemplate generated = PodTemplate.all(Manifests.read(GENERATED)).get(0);
    private final PodTemplate chart = PodTemplate.all(chart().render().documents()).stream()
            .filter(p -> "rl-sample".equals(p.owner().path("metadata").path("name").asText())).findFirst().orElseThrow();

    @Test
    void samePortsByNameAndNumber() {
        assertThat(ports(chart.container("sample"))).isEqualTo(ports(generated.container("sample"))).isNotEmpty();
    }

    @Test
    void sameProbePaths() {
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            assertThat(chart.container("sample").path(probe).path("httpGet").path("path").asText())
                    .as(probe).isEqualTo(generated.container("sample").path(probe).path("httpGet").path("path").asText()).isNotEmpty();
        }
    }

    @Test
    void sameEnvNames() {
        assertThat(names(chart.container("sample").path("env"))).isEqualTo(names(generated.container("sample").path("env")))
                .contains("SAMPLE_GREETING", "POD_NAME");
    }

    @Test
    void everyGeneratedPodLabelKeyIsOnTheChartsPods() {
        Set<String> generatedKeys = new TreeSet<>(generated.labels().keySet());
        assertThat(generatedKeys).contains("version", "app.kubernetes.io/name");
        assertThat(chart.labels().keySet()).containsAll(generatedKeys);
    }

    @Test
    void sameMountPathsForTheSameVolumes() {
        // hostPath is off by default in the chart; with it on every generated mount must be there.
        PodTemplate withHostPath = PodTemplate.all(chart().set("volumes.hostPath.enabled", true).render().documents()).stream()
                .filter(p -> "rl-sample".equals(p.owner().path("metadata").path("name").asText())).findFirst().orElseThrow();
        for (String container : List.of("sample", "log-tail")) {
            assertThat(mounts(withHostPath.container(container))).as(container).containsAll(mounts(generated.container(container)));
        }
        assertThat(withHostPath.container("log-tail").path("command")).isEqualTo(generated.container("log-tail").path("command"));
        assertThat(withHostPath.container("log-tail").path("args")).isEqualTo(generated.container("log-tail").path("args"));
    }

    @Test
    void sameChownInitContainerForTheNodeVolume() {
        PodTemplate withHostPath = PodTemplate.all(chart().set("volumes.hostPath.enabled", true).render().documents()).stream()
                .filter(p -> "rl-sample".equals(p.owner().path("metadata").path("name").asText())).findFirst().orElseThrow();
        JsonNode chartInit = withHostPath.container("chown-volumes");
        JsonNode generatedInit = generated.container("chown-volumes");
        assertThat(chartInit).isNotNull();
        assertThat(generatedInit).isNotNull();
        assertThat(chartInit.path("command")).isEqualTo(generatedInit.path("command"));
        assertThat(chartInit.path("securityContext")).isEqualTo(generatedInit.path("securityContext"));
        assertThat(mounts(chartInit)).isEqualTo(mounts(generatedInit));
        assertThat(chartInit.path("image")).isEqualTo(generatedInit.path("image"));
    }

    private static Set<String> ports(JsonNode container) {
        Set<String> ports = new TreeSet<>();
        container.path("ports").forEach(p -> ports.add(p.path("name").asText() + "=" + p.path("containerPort").asInt()));
        return ports;
    }

    private static Set<String> names(JsonNode list) {
        Set<String> names = new TreeSet<>();
        list.forEach(e -> names.add(e.path("name").asText()));
        return names;
    }

    private static Set<String> mounts(JsonNode container) {
        Set<String> mounts = new TreeSet<>();
        container.path("volumeMounts").forEach(m -> mounts.add(m.path("mountPath").asText()));
        return mounts;
    }
}
