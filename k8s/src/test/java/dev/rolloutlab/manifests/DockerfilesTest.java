package dev.rolloutlab.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The images run java directly as PID 1 with stated JVM options, on a base a build argument can
 * replace: no start script decides the heap or swallows SIGTERM.
 */
class DockerfilesTest {

    private static final Path ROOT = GeneratedApp.K8S.getParent();

    @ParameterizedTest
    @ValueSource(strings = {"services/sample-v1", "services/sample-v2", "gateway"})
    void javaIsPid1WithStatedOptionsOnAReplaceableBase(String module) throws IOException {
        String dockerfile = Files.readString(ROOT.resolve(module).resolve("src/main/docker/Dockerfile.jvm"));
        assertThat(dockerfile).contains("ARG BASE_IMAGE=registry.access.redhat.com/ubi9/openjdk-17-runtime:")
                .contains("FROM ${BASE_IMAGE}")
                .contains("USER 185")
                // Quarkus reads config/application.properties (the mounted ConfigMap) from the working directory.
                .contains("WORKDIR /deployments")
                .doesNotContain("run-java.sh");
        assertThat(env(dockerfile)).contains("-XX:MaxRAMPercentage=", "-XX:ActiveProcessorCount=", "-XX:+ExitOnOutOfMemoryError");
        List<String> entrypoint = entrypoint(dockerfile);
        assertThat(entrypoint.get(0)).isEqualTo("java");
        assertThat(entrypoint).contains("-Dquarkus.http.host=0.0.0.0", "-Djava.util.logging.manager=org.jboss.logmanager.LogManager");
        assertThat(entrypoint.subList(entrypoint.size() - 2, entrypoint.size())).containsExactly("-jar", "/deployments/quarkus-run.jar");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sample-v1", "sample-v2"})
    void theGeneratedManifestStatesTheImagesOptions(String module) throws IOException {
        String dockerfile = Files.readString(ROOT.resolve("services").resolve(module).resolve("src/main/docker/Dockerfile.jvm"));
        PodTemplate pod = PodTemplate.all(Manifests.read(GeneratedApp.K8S.resolve(module + ".yml"))).get(0);
        String fromManifest = null;
        for (var env : pod.container("sample").path("env")) {
            if ("JDK_JAVA_OPTIONS".equals(env.path("name").asText())) {
                fromManifest = env.path("value").asText();
            }
        }
        assertThat(fromManifest).isEqualTo(env(dockerfile));
    }

    private static String env(String dockerfile) {
        Matcher m = Pattern.compile("^ENV JDK_JAVA_OPTIONS=\"([^\"]*)\"$", Pattern.MULTILINE).matcher(dockerfile);
        assertThat(m.find()).as("ENV JDK_JAVA_OPTIONS").isTrue();
        return m.group(1);
    }

    /** The exec form's words: ENTRYPOINT ["java", ...]; a shell form fails here. */
    private static List<String> entrypoint(String dockerfile) {
        Matcher m = Pattern.compile("^ENTRYPOINT \\[(.*)]$", Pattern.MULTILINE).matcher(dockerfile);
        assertThat(m.find()).as("an exec-form ENTRYPOINT").isTrue();
        List<String> words = Pattern.compile("\"([^\"]*)\"").matcher(m.group(1)).results().map(r -> r.group(1)).toList();
        assertThat(words).isNotEmpty();
        return words;
    }
}
