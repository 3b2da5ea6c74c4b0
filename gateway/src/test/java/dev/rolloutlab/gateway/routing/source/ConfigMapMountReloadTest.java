package dev.rolloutlab.gateway.routing.source;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rolloutlab.gateway.testing.Load;
import dev.rolloutlab.gateway.testing.VersionUpstreams;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The routing file as the kubelet maintains a mounted ConfigMap: the file is a symlink through
 * {@code ..data}, itself a symlink to a timestamped directory; an update writes a new directory
 * and atomically renames a new {@code ..data_tmp} symlink over {@code ..data}. The safety poll
 * is set to an hour: the watch on the mount directory alone must see the swap.
 */
@QuarkusTest
@TestProfile(ConfigMapMountReloadTest.MountedConfigMap.class)
class ConfigMapMountReloadTest {

    static final Path MOUNT = Path.of("target/configmap-mount").toAbsolutePath();

    public static class MountedConfigMap implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // the kubelet mounts the volume before the container starts: the directory to watch is there
            createEmptyMount();
            return Map.of("gateway.routing.file", MOUNT.resolve("routing.yaml").toString(),
                    "gateway.routing.poll-interval", "1h");
        }
    }

    @RegisterExtension
    static final VersionUpstreams UPSTREAMS = new VersionUpstreams();
    static int generation;

    @TestHTTPResource("/api/identity")
    URI identity;

    /** The mount directory, empty (its contents from an earlier run removed, the directory itself kept). */
    static void createEmptyMount() {
        try {
            Files.createDirectories(MOUNT);
            try (Stream<Path> files = Files.walk(MOUNT)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).filter(p -> !p.equals(MOUNT)).toList()) {
                    Files.delete(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeAll
    static void mount() throws Exception {
        Path first = writeGeneration(config(10));
        Files.createSymbolicLink(MOUNT.resolve("..data"), first.getFileName());
        Files.createSymbolicLink(MOUNT.resolve("routing.yaml"), Path.of("..data/routing.yaml"));
    }

    static String config(int weight) {
        return """
                strategy: canary
                groups: {v1: [%s], v2: [%s]}
                canary: {stable: v1, canary: v2, weight: %d}
                """.formatted(UPSTREAMS.v1().url(), UPSTREAMS.v2().url(), weight);
    }

    /** What the kubelet does on a ConfigMap update. */
    static void kubeletUpdate(String yaml) throws IOException {
        Path previous = MOUNT.resolve("..data").toRealPath();
        Path next = writeGeneration(yaml);
        Path tmp = MOUNT.resolve("..data_tmp");
        Files.createSymbolicLink(tmp, next.getFileName());
        Files.move(tmp, MOUNT.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);
        Files.delete(previous.resolve("routing.yaml"));
        Files.delete(previous);
    }

    private static Path writeGeneration(String yaml) throws IOException {
        Path dir = Files.createDirectory(MOUNT.resolve("..2026_11_26_00_00_0" + generation++ + ".000000001"));
        Files.writeString(dir.resolve("routing.yaml"), yaml);
        return dir;
    }

    private static String yamlInEffect() {
        return given().when().get("/gateway/status/yaml").asString();
    }

    @Test
    void aSymlinkSwapAppliesWithinOneSecondUnderLoadWithoutAFailedRequest() throws Exception {
        // the first config also waits for the first request's start-up work: generous on a busy machine
        await().atMost(Duration.ofSeconds(30)).until(() -> config(10).equals(yamlInEffect()));

        try (Load load = Load.start(identity, 3)) {
            Thread.sleep(500);
            for (int weight : new int[] {50, 100, 0}) {
                kubeletUpdate(config(weight));
                long swapped = System.nanoTime();
                await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20))
                        .until(() -> config(weight).equals(yamlInEffect()));
                assertThat(Duration.ofNanos(System.nanoTime() - swapped)).isLessThan(Duration.ofSeconds(1));
                Thread.sleep(300);
            }
            load.close();
            assertThat(load.sent()).isGreaterThan(50);
            assertThat(load.failures()).isEmpty();
        }
        given().when().get("/gateway/status").then().statusCode(200)
                .body("source", org.hamcrest.Matchers.containsString("configmap-mount/routing.yaml"));
    }
}
