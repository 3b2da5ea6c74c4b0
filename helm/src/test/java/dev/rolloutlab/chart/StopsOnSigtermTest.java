package dev.rolloutlab.chart;

import static dev.rolloutlab.chart.Chart.chart;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rolloutlab.manifests.Manifests;
import dev.rolloutlab.manifests.PodTemplate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The kernel drops a signal PID 1 has no handler for: `tail` as a container's command ignores
 * SIGTERM and every pod delete, rollout, drain and uninstall waits out the grace period. The
 * log sidecar is a shell that traps TERM and waits on tail in the background.
 */
class StopsOnSigtermTest {

    @Test
    void theLogSidecarExitsOnTermAndTailsTheAccessLog() {
        JsonNode sidecar = PodTemplate.all(chart().render().documents()).stream()
                .filter(p -> "rl-sample".equals(p.owner().path("metadata").path("name").asText()))
                .findFirst().orElseThrow().container("log-tail");
        assertThat(sidecar.path("command").toString()).isEqualTo("[\"sh\",\"-c\"]");
        assertThat(sidecar.path("args")).hasSize(1);
        assertThat(sidecar.path("args").get(0).asText())
                .isEqualTo("trap \"exit 0\" TERM; tail -n +1 -F /mnt/scratch/access.log & wait");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.rolloutlab.chart.Scenarios#all")
    void everyLongRunningCommandTrapsTerm(String scenario, Chart chart) {
        List<String> problems = new ArrayList<>();
        for (PodTemplate pod : PodTemplate.all(new ArrayList<>(chart.render().releaseObjects().values()))) {
            for (JsonNode container : pod.spec().path("containers")) {
                JsonNode command = container.path("command");
                if (command.isMissingNode()) {
                    continue; // the image's java: it handles SIGTERM (Quarkus's graceful shutdown)
                }
                String script = command.toString().equals("[\"sh\",\"-c\"]") ? container.at("/args/0").asText() : "";
                if (!script.startsWith("trap \"exit 0\" TERM;") || !script.contains("& wait")) {
                    problems.add(Manifests.id(pod.owner()) + " container " + container.path("name").asText() + ": "
                            + command + " " + container.path("args"));
                }
            }
        }
        assertThat(problems).as(scenario).isEmpty();
    }
}
