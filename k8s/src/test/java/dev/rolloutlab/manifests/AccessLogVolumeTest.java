package dev.rolloutlab.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The sample app writes its access log under /mnt/scratch (sample-core's shared config). The
 * image's root filesystem has no such directory and uid 185 cannot create one, so every pod that
 * runs the sample image mounts a writable emptyDir there; without it the app logs a
 * FileNotFoundException at start.
 */
class AccessLogVolumeTest {

    static java.util.stream.Stream<Path> manifests() throws IOException {
        return StopsOnSigtermTest.manifests();
    }

    @ParameterizedTest
    @MethodSource("manifests")
    void everySampleContainerHasAWritableEmptyDirForItsAccessLog(Path file) throws IOException {
        String logDir = Path.of(accessLogPath()).getParent().toString();
        int samples = 0;
        for (PodTemplate pod : PodTemplate.all(Manifests.read(file))) {
            for (JsonNode container : pod.spec().path("containers")) {
                if (!container.path("image").asText().contains("rollout-lab/sample:")) {
                    continue;
                }
                samples++;
                String where = Manifests.id(pod.owner()) + " container " + container.path("name").asText();
                JsonNode mount = null;
                for (JsonNode m : container.path("volumeMounts")) {
                    if (logDir.equals(m.path("mountPath").asText())) {
                        mount = m;
                    }
                }
                assertThat(mount).as(where + " mounts " + logDir).isNotNull();
                assertThat(mount.path("readOnly").asBoolean(false)).as(where + " writable").isFalse();
                String volume = mount.path("name").asText();
                boolean emptyDir = false;
                for (JsonNode v : pod.spec().path("volumes")) {
                    emptyDir |= volume.equals(v.path("name").asText()) && v.has("emptyDir");
                }
                assertThat(emptyDir).as(where + ": volume " + volume + " is an emptyDir").isTrue();
            }
        }
        if (!file.getFileName().toString().matches("00-.*|40-.*")) {
            assertThat(samples).as(file.getFileName() + " runs the sample image").isPositive();
        }
    }

    static String accessLogPath() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = AccessLogVolumeTest.class.getResourceAsStream("/META-INF/microprofile-config.properties")) {
            assertThat(in).as("sample-core's shared config on the test classpath").isNotNull();
            properties.load(in);
        }
        String path = properties.getProperty("quarkus.log.handler.file.\"access\".path");
        assertThat(path).startsWith("/mnt/scratch/");
        return path;
    }
}
