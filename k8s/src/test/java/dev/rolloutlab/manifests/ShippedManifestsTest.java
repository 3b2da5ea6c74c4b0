package dev.rolloutlab.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rolloutlab.testing.AppProcess;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every manifest in k8s/ is strictly valid and means what the sample service needs. */
class ShippedManifestsTest {

    private static final String APP_CONTAINER = "sample";
    private static final String SIDECAR = "log-tail";

    @Test
    void everyDocumentInK8sIsStrictlyValid() throws IOException {
        List<Path> files;
        try (Stream<Path> found = Files.walk(GeneratedApp.K8S)) {
            files = found.filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml"))
                    .filter(p -> !p.startsWith(GeneratedApp.K8S.resolve("target")))
                    .filter(p -> !p.startsWith(GeneratedApp.K8S.resolve("src")))
                    .toList();
        }
        assertThat(files).isNotEmpty();
        for (Path file : files) {
            List<JsonNode> documents = Manifests.read(file);
            assertThat(documents).as(file.toString()).isNotEmpty();
            assertThat(StrictSchema.problems(documents)).as(file.toString()).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(GeneratedApp.class)
    void documentsFitTogether(GeneratedApp app) {
        assertThat(ManifestChecks.problems(Manifests.read(app.committed()))).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(GeneratedApp.class)
    void podsCarryTheVersionButTheSelectorDoesNot(GeneratedApp app) {
        PodTemplate pod = deployment(app);

        assertThat(pod.labels()).containsEntry("version", app.version).containsEntry("app.kubernetes.io/name", "sample");
        assertThat(pod.selector()).doesNotContainKeys("version", "app.kubernetes.io/version");
    }

    @ParameterizedTest
    @EnumSource(GeneratedApp.class)
    void identityComesFromTheDownwardApi(GeneratedApp app) {
        JsonNode env = deployment(app).container(APP_CONTAINER).path("env");
        Map<String, String> fields = new java.util.HashMap<>();
        env.forEach(e -> fields.put(e.path("name").asText(), e.path("valueFrom").path("fieldRef").path("fieldPath").asText()));

        assertThat(fields).containsEntry("POD_NAME", "metadata.name")
                .containsEntry("NODE_NAME", "spec.nodeName")
                .containsEntry("KUBERNETES_NAMESPACE", "metadata.namespace");
    }

    @ParameterizedTest
    @EnumSource(GeneratedApp.class)
    void theSidecarTailsTheFileTheAppLogsTo(GeneratedApp app) throws IOException {
        PodTemplate pod = deployment(app);
        JsonNode sidecar = pod.container(SIDECAR);
        String logFile = accessLogPath();
        String logDir = Path.of(logFile).getParent().toString();

        assertThat(sidecar).as("sidecar container").isNotNull();
        assertThat(sidecar.path("imagePullPolicy").asText()).isEqualTo("IfNotPresent");
        assertThat(sidecar.path("args").get(sidecar.path("args").size() - 1).asText()).contains("tail -n +1 -F " + logFile + " ");
        String appVolume = volumeMountedAt(pod.container(APP_CONTAINER), logDir);
        assertThat(appVolume).as("the app's volume at " + logDir).isNotNull();
        assertThat(volumeMountedAt(sidecar, logDir)).as("the sidecar mounts the same volume").isEqualTo(appVolume);
        assertThat(pod.spec().path("volumes").findValues("name").stream().map(JsonNode::asText)).contains(appVolume);
        JsonNode volume = findVolume(pod, appVolume);
        assertThat(volume.has("emptyDir")).as("the log volume is an emptyDir").isTrue();
    }

    @ParameterizedTest
    @EnumSource(GeneratedApp.class)
    void probePathsAreServedByTheApp(GeneratedApp app, @org.junit.jupiter.api.io.TempDir Path volumes) throws Exception {
        JsonNode container = deployment(app).container(APP_CONTAINER);
        try (AppProcess process = AppProcess.start(app.jar(), Map.of(
                "sample.volumes.scratch.path", volumes.toString(),
                "quarkus.log.handler.file.\"access\".path", volumes.resolve("access.log").toString()))) {
            process.awaitHttp200("/q/health/started", Duration.ofSeconds(30));
            for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
                String path = container.path(probe).path("httpGet").path("path").asText();
                assertThat(path).as(probe).isNotEmpty();
                assertThat(process.get(path).statusCode()).as(probe + " " + path).isEqualTo(200);
            }
        }
    }

    private static PodTemplate deployment(GeneratedApp app) {
        return PodTemplate.all(Manifests.read(app.committed())).stream()
                .filter(p -> "Deployment".equals(p.owner().path("kind").asText()))
                .findFirst().orElseThrow();
    }

    private static String volumeMountedAt(JsonNode container, String path) {
        for (JsonNode mount : container.path("volumeMounts")) {
            if (mount.path("mountPath").asText().equals(path)) {
                return mount.path("name").asText();
            }
        }
        return null;
    }

    private static JsonNode findVolume(PodTemplate pod, String name) {
        for (JsonNode volume : pod.spec().path("volumes")) {
            if (name.equals(volume.path("name").asText())) {
                return volume;
            }
        }
        throw new AssertionError("no volume " + name);
    }

    /** Where the app writes its access log in a cluster: the shared config in sample-core. */
    private static String accessLogPath() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = ShippedManifestsTest.class.getResourceAsStream("/META-INF/microprofile-config.properties")) {
            assertThat(in).as("sample-core's shared config on the test classpath").isNotNull();
            properties.load(in);
        }
        return properties.getProperty("quarkus.log.handler.file.\"access\".path");
    }
}
