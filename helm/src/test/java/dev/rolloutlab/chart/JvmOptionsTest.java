package dev.rolloutlab.chart;

import static dev.rolloutlab.chart.Chart.chart;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rolloutlab.manifests.Manifests;
import dev.rolloutlab.manifests.PodTemplate;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The JVM's memory and processor settings are stated (env JDK_JAVA_OPTIONS, read by the java
 * launcher), not left to the base image: a pod's heap follows its memory limit and its thread
 * counts do not follow the node's core count.
 */
class JvmOptionsTest {

    private static final Pattern DOCKERFILE_ENV = Pattern.compile("^ENV JDK_JAVA_OPTIONS=\"([^\"]*)\"$", Pattern.MULTILINE);

    @ParameterizedTest
    @MethodSource("dev.rolloutlab.chart.Chart#strategies")
    void everyAppContainerStatesHeapShareAndProcessorCount(String strategy) {
        List<PodTemplate> pods = PodTemplate.all(chart().set("strategy", strategy).render().documents());
        assertThat(pods).isNotEmpty();
        for (PodTemplate pod : pods) {
            for (String name : List.of("sample", "gateway")) {
                JsonNode container = pod.container(name);
                if (container != null) {
                    assertThat(env(container, "JDK_JAVA_OPTIONS")).as(Manifests.id(pod.owner()) + " " + name)
                            .contains("-XX:MaxRAMPercentage=").contains("-XX:ActiveProcessorCount=");
                }
            }
        }
    }

    @Test
    void eachAppsValueReachesOnlyItsOwnContainer() {
        Chart.Rendered r = chart().set("sample.jvmOptions", "-XX:MaxRAMPercentage=60")
                .set("gateway.jvmOptions", "-XX:MaxRAMPercentage=40").render();
        assertThat(env(r.get("Deployment", "rl-sample").at("/spec/template/spec/containers/0"), "JDK_JAVA_OPTIONS"))
                .isEqualTo("-XX:MaxRAMPercentage=60");
        assertThat(env(r.get("Deployment", "rl-gateway").at("/spec/template/spec/containers/0"), "JDK_JAVA_OPTIONS"))
                .isEqualTo("-XX:MaxRAMPercentage=40");
    }

    @Test
    void theChartsDefaultsAreTheImagesAndTheGeneratedManifestsDefaults() throws IOException {
        JsonNode values = Chart.valuesFile("values.yaml");
        String sample = values.at("/sample/jvmOptions").asText();
        assertThat(values.at("/gateway/jvmOptions").asText()).isEqualTo(sample);
        for (String dockerfile : List.of("services/sample-v1", "services/sample-v2", "gateway")) {
            assertThat(dockerfileOptions(Path.of("..", dockerfile, "src/main/docker/Dockerfile.jvm"))).as(dockerfile).isEqualTo(sample);
        }
        for (String generated : List.of("sample-v1.yml", "sample-v2.yml")) {
            PodTemplate pod = PodTemplate.all(Manifests.read(Path.of("..", "k8s", generated))).get(0);
            assertThat(env(pod.container("sample"), "JDK_JAVA_OPTIONS")).as(generated).isEqualTo(sample);
        }
    }

    @Test
    void theJava17LauncherAcceptsTheDefaults() throws Exception {
        // An unknown or misspelled -XX flag stops the JVM before the app starts: a CrashLoopBackOff.
        String options = Chart.valuesFile("values.yaml").at("/sample/jvmOptions").asText();
        ProcessBuilder java = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+PrintFlagsFinal", "-version").redirectErrorStream(true);
        java.environment().put("JDK_JAVA_OPTIONS", options);
        Process process = java.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("Picked up JDK_JAVA_OPTIONS: " + options);
        assertThat(flag(output, "MaxRAMPercentage")).startsWith("50");
        assertThat(flag(output, "ActiveProcessorCount")).isEqualTo("2");
        assertThat(flag(output, "UseSerialGC")).isEqualTo("true");
        assertThat(flag(output, "ExitOnOutOfMemoryError")).isEqualTo("true");
        // A small pod that starts fast (bench/startup.sh, bench/memory.sh): C1 only, small stacks and code cache.
        assertThat(flag(output, "TieredStopAtLevel")).isEqualTo("1");
        assertThat(flag(output, "ThreadStackSize")).isEqualTo("512");
        assertThat(flag(output, "ReservedCodeCacheSize")).isEqualTo(Long.toString(32L * 1024 * 1024));
    }

    private static String flag(String printFlagsFinal, String name) {
        Matcher m = Pattern.compile("\\s" + name + "\\s+= (\\S+)").matcher(printFlagsFinal);
        assertThat(m.find()).as(name).isTrue();
        return m.group(1);
    }

    private static String dockerfileOptions(Path dockerfile) throws IOException {
        Matcher m = DOCKERFILE_ENV.matcher(Files.readString(dockerfile));
        assertThat(m.find()).as(dockerfile + " sets ENV JDK_JAVA_OPTIONS").isTrue();
        return m.group(1);
    }

    static String env(JsonNode container, String name) {
        for (JsonNode env : container.path("env")) {
            if (name.equals(env.path("name").asText())) {
                return env.path("value").asText();
            }
        }
        return null;
    }
}
