package dev.rolloutlab.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rolloutlab.manifests.ManifestChecks;
import dev.rolloutlab.manifests.Manifests;
import dev.rolloutlab.manifests.PodTemplate;
import dev.rolloutlab.manifests.StrictSchema;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every object of every scenario is valid for the API server, and the objects of one install fit together. */
class ValidityTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.rolloutlab.chart.Scenarios#all")
    void everyObjectIsStrictlyValid(String scenario, Chart chart) {
        List<JsonNode> documents = chart.render().documents();
        assertThat(documents).isNotEmpty();
        assertThat(StrictSchema.problems(documents)).as(scenario).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.rolloutlab.chart.Scenarios#all")
    void objectsFitTogether(String scenario, Chart chart) {
        assertThat(ManifestChecks.problems(chart.render().documents())).as(scenario).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.rolloutlab.chart.Scenarios#all")
    void everyReferencedObjectIsRendered(String scenario, Chart chart) {
        Chart.Rendered rendered = chart.render();
        List<String> missing = new ArrayList<>();
        for (PodTemplate pod : PodTemplate.all(rendered.documents())) {
            String account = pod.spec().path("serviceAccountName").asText("");
            require(rendered, "ServiceAccount", account, pod, missing);
            for (JsonNode volume : pod.spec().path("volumes")) {
                require(rendered, "ConfigMap", volume.path("configMap").path("name").asText(""), pod, missing);
                require(rendered, "PersistentVolumeClaim", volume.path("persistentVolumeClaim").path("claimName").asText(""), pod, missing);
            }
            for (JsonNode container : pod.containers()) {
                for (JsonNode env : container.path("env")) {
                    require(rendered, "ConfigMap", env.path("valueFrom").path("configMapKeyRef").path("name").asText(""), pod, missing);
                }
            }
        }
        for (JsonNode binding : rendered.all("RoleBinding")) {
            require(rendered, "Role", binding.path("roleRef").path("name").asText(), binding, missing);
            binding.path("subjects").forEach(s -> require(rendered, "ServiceAccount", s.path("name").asText(), binding, missing));
        }
        for (JsonNode pvc : rendered.all("PersistentVolumeClaim")) {
            require(rendered, "PersistentVolume", pvc.path("spec").path("volumeName").asText(""), pvc, missing);
        }
        assertThat(missing).as(scenario).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.rolloutlab.chart.Scenarios#all")
    void staticVolumeAndClaimAgree(String scenario, Chart chart) {
        Chart.Rendered rendered = chart.render();
        for (JsonNode pv : rendered.all("PersistentVolume")) {
            JsonNode pvc = rendered.get("PersistentVolumeClaim", pv.path("spec").path("claimRef").path("name").asText());
            assertThat(pvc.path("metadata").path("namespace").isMissingNode()).isTrue();
            assertThat(pv.path("spec").path("claimRef").path("namespace").asText()).isEqualTo(Chart.NAMESPACE);
            assertThat(pvc.path("spec").path("volumeName").asText()).isEqualTo(pv.path("metadata").path("name").asText());
            assertThat(pvc.path("spec").path("storageClassName")).as("storageClassName").isEqualTo(pv.path("spec").path("storageClassName"));
            assertThat(pvc.path("spec").path("accessModes")).as("accessModes").isEqualTo(pv.path("spec").path("accessModes"));
            assertThat(pvc.path("spec").path("resources").path("requests").path("storage").asText())
                    .as("capacity").isEqualTo(pv.path("spec").path("capacity").path("storage").asText());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.rolloutlab.chart.Scenarios#all")
    void surgeAndUnavailableAreIntsOrPercentages(String scenario, Chart chart) {
        Chart.Rendered rendered = chart.render();
        List<JsonNode> budgets = new ArrayList<>(rendered.all("PodDisruptionBudget"));
        for (JsonNode deployment : rendered.all("Deployment")) {
            JsonNode update = deployment.path("spec").path("strategy").path("rollingUpdate");
            if (update.isObject()) {
                assertIntOrPercent(update.path("maxSurge"), Manifests.id(deployment) + " maxSurge");
                assertIntOrPercent(update.path("maxUnavailable"), Manifests.id(deployment) + " maxUnavailable");
            }
        }
        budgets.forEach(b -> assertIntOrPercent(b.path("spec").path("maxUnavailable"), Manifests.id(b) + " maxUnavailable"));
    }

    private static void assertIntOrPercent(JsonNode value, String what) {
        assertThat(value.isInt() || value.isTextual() && value.asText().matches("\\d+%"))
                .as("%s is %s, must be an int or a percentage", what, value).isTrue();
    }

    private static void require(Chart.Rendered rendered, String kind, String name, Object owner, List<String> missing) {
        boolean present = name.isEmpty() || rendered.documents().stream().anyMatch(d -> kind.equals(d.path("kind").asText())
                && name.equals(d.path("metadata").path("name").asText()));
        if (!present) {
            String id = owner instanceof PodTemplate pod ? Manifests.id(pod.owner()) : Manifests.id((JsonNode) owner);
            missing.add(id + " refers to " + kind + "/" + name + ", which is not rendered");
        }
    }
}
