package dev.rolloutlab.chart;

import static dev.rolloutlab.chart.Chart.chart;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** values.schema.json turns a wrong value into a failed install that says what is wrong, before anything is applied. */
class SchemaTest {

    @ParameterizedTest(name = "--set {0}={1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            stratgy                          | canary    | additional properties 'stratgy' not allowed
            strategy                         | blueGreen2| at '/strategy': value must be one of 'recreate', 'rolling', 'blueGreen', 'canary'
            canary.weight                    | 101       | at '/canary/weight': maximum: got 101, want 100
            canary.weight                    | -1        | at '/canary/weight': minimum: got -1, want 0
            rollout.replicas                 | -1        | at '/rollout/replicas': minimum: got -1, want 0
            canary.stable.replicas           | -2        | at '/canary/stable/replicas': minimum: got -2, want 0
            blueGreen.active                 | red       | at '/blueGreen/active': value must be one of 'blue', 'green'
            canary.faults.errorRate          | 1.5       | '1.5' does not match pattern
            canary.faults.latency            | soon      | at '/canary/faults/latency'
            rollout.version                  | 2         | at '/rollout/version'
            sample.terminationGracePeriodSeconds | 10    | at '/sample/terminationGracePeriodSeconds': minimum: got 10, want 16
            volumes.persistence.static.reclaimPolicy | Recycle | at '/volumes/persistence/static/reclaimPolicy': value must be one of 'Retain', 'Delete'
            volumes.hostPath.enabeld         | true      | additional properties 'enabeld' not allowed
            scheduling.podAntiAffinity       | always    | at '/scheduling/podAntiAffinity': value must be one of '', 'soft', 'hard'
            router.type                      | istio     | at '/router/type': value must be one of 'gateway', 'httpRoute', 'nginx'
            gateway.service.type             | External  | at '/gateway/service/type'
            gateway.routeToPods              | yes       | at '/gateway/routeToPods'
            versions.v3.tag                  | 3.0.0     | at '/versions/v3': missing properties 'greeting', 'color'
            sample.jvmOptions                | XX:MaxRAMPercentage=50 | at '/sample/jvmOptions'
            gateway.jvmOptions               | -Xmx100m Xss1m | at '/gateway/jvmOptions'
            """)
    void aViolationFailsWithHelmsSchemaMessage(String key, String value, String message) {
        assertThatThrownBy(() -> chart().set(key, value).yaml())
                .hasMessageContaining("values don't meet the specifications of the schema")
                .hasMessageContaining(message);
    }

    @Test
    void aTypoInAValuesFileFailsToo() {
        assertThatThrownBy(() -> chart().values("values-canary.yaml").set("canary.wieght", 20).yaml())
                .hasMessageContaining("additional properties 'wieght' not allowed");
    }

    @Test
    void aPlainNumberStringForMaxSurgeFails(@TempDir Path dir) throws IOException {
        // The API server rejects "1" (a string must be a percentage); --set would pass an int, a values file may not.
        Path values = Files.writeString(dir.resolve("surge.yaml"), "rollout:\n  maxSurge: \"1\"\n");
        assertThatThrownBy(() -> chart().values(values.toString()).yaml())
                .hasMessageContaining("at '/rollout/maxSurge'")
                .hasMessageContaining("'1' does not match pattern '^[0-9]+%$'");
    }

    @Test
    void aVersionThatIsNotDefinedIsNamed() {
        assertThatThrownBy(() -> chart().set("rollout.version", "v7").yaml())
                .hasMessageContaining("rollout.version is 'v7', which is not a key of versions (known: v1, v2)");
        assertThatThrownBy(() -> chart().values("values-canary.yaml").set("canary.stable.version", "v9").yaml())
                .hasMessageContaining("canary.stable.version is 'v9'");
    }

    @Test
    void combinationsTheSchemaCannotExpressFailWithAReason() {
        assertThatThrownBy(() -> chart().set("router.type", "nginx").yaml())
                .hasMessageContaining("router.type nginx splits traffic between tracks, so it needs strategy canary or blueGreen");
        assertThatThrownBy(() -> chart().values("values-canary.yaml").set("canary.mode", "replicas").set("router.type", "httpRoute").yaml())
                .hasMessageContaining("router.type httpRoute and canary.mode replicas both decide the split");
        assertThatThrownBy(() -> chart().set("volumes.persistence.provisioning", "static").set("volumes.persistence.static.source", "nfs").yaml())
                .hasMessageContaining("volumes.persistence.static.nfs.server is required");
    }

    @Test
    void everyObjectLevelOfTheSchemaRejectsUnknownKeys() throws IOException {
        JsonNode schema = new ObjectMapper().readTree(Chart.DIR.resolve("values.schema.json").toFile());
        List<String> open = new ArrayList<>();
        walk(schema, "", open);
        assertThat(open).as("objects with properties but without additionalProperties: false").isEmpty();
        assertThat(schema.path("additionalProperties").asBoolean(true)).isFalse();
    }

    private static void walk(JsonNode node, String path, List<String> open) {
        if (node.isObject()) {
            if ((node.has("properties") || node.has("patternProperties"))
                    && !(node.path("additionalProperties").isBoolean() && !node.path("additionalProperties").asBoolean())) {
                open.add(path.isEmpty() ? "/" : path);
            }
            node.fields().forEachRemaining(e -> walk(e.getValue(), path + "/" + e.getKey(), open));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), path + "/" + i, open);
            }
        }
    }
}
