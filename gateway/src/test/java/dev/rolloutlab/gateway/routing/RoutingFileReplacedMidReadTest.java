package dev.rolloutlab.gateway.routing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rolloutlab.gateway.testing.Load;
import dev.rolloutlab.gateway.testing.RoutingFiles;
import dev.rolloutlab.gateway.testing.TestUpstream;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The routing file changing under the gateway while it reads it. A writer that renames a complete
 * file over the old one (as the CLI and Kubernetes' ConfigMap mounts do) is seen whole or not at
 * all; a writer caught half-way in place leaves a file that is refused, and the last good config
 * serves until the complete one arrives.
 */
@QuarkusTest
class RoutingFileReplacedMidReadTest {

    /** Tens of KB, so reads last long enough to overlap renames; the key that differs is last. */
    static final String PADDING = ("# " + "padding ".repeat(10) + "\n").repeat(600);

    @TestHTTPResource("/api/identity")
    URI identity;

    @Test
    void aFileRenamedOverTheOldOneIsAppliedWholeNeverHalf() throws Exception {
        try (TestUpstream v1 = TestUpstream.start("1.0.0"); TestUpstream v2 = TestUpstream.start("2.0.0")) {
            String allV1 = padded(v1, v2, 0);
            String allV2 = padded(v1, v2, 100);
            applyAndWait(allV1);
            List<Map<String, Object>> reloadsBefore = reloads();

            try (Load load = Load.start(identity, 2)) {
                for (int i = 0; i < 60; i++) {
                    RoutingFiles.write(i % 2 == 0 ? allV2 : allV1);
                    assertThat(RoutingFiles.currentYaml()).isIn(allV1, allV2);
                }
                load.close();
                assertThat(load.failures()).isEmpty();
                assertThat(load.byGroup().keySet()).isSubsetOf("v1", "v2");
            }
            applyAndWait(allV2);
            assertThat(reloads()).filteredOn(reload -> !reloadsBefore.contains(reload))
                    .as("no read saw a partial file").allMatch(reload -> Boolean.TRUE.equals(reload.get("applied")));
        }
    }

    @Test
    void aHalfWrittenFileIsRefusedAndTheLastGoodConfigKeepsServing() throws Exception {
        try (TestUpstream v1 = TestUpstream.start("1.0.0"); TestUpstream v2 = TestUpstream.start("2.0.0")) {
            String allV1 = padded(v1, v2, 0);
            String allV2 = padded(v1, v2, 100);
            applyAndWait(allV1);
            // the reload log skips a rejection equal to the last one: watch lastRejected's time instead
            Object rejectedBefore = given().get("/gateway/status").jsonPath().get("lastRejected.at");
            String half = allV2.substring(0, allV2.lastIndexOf("weight: 100") + "weig".length());

            try (Load load = Load.start(identity, 2)) {
                Files.writeString(RoutingFiles.FILE, half); // in place, no rename: a writer caught mid-write
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    var status = given().get("/gateway/status").jsonPath();
                    assertThat((Object) status.get("lastRejected.at")).isNotNull().isNotEqualTo(rejectedBefore);
                    assertThat(status.getList("lastRejected.problems", String.class))
                            .anyMatch(problem -> problem.startsWith("YAML syntax error"));
                });
                assertThat(RoutingFiles.currentYaml()).isEqualTo(allV1);
                Files.writeString(RoutingFiles.FILE, allV2);
                await().atMost(Duration.ofSeconds(30)).until(() -> allV2.equals(RoutingFiles.currentYaml()));
                load.close();
                assertThat(load.failures()).isEmpty();
                assertThat(load.byGroup().keySet()).isSubsetOf("v1", "v2");
            }
        }
    }

    static String padded(TestUpstream v1, TestUpstream v2, int weight) {
        return """
                strategy: canary
                groups: {v1: [%s], v2: [%s]}
                %scanary: {stable: v1, canary: v2, weight: %d}
                """.formatted(v1.url(), v2.url(), PADDING, weight);
    }

    /** Like RoutingFiles.apply, with room for a slow first read after the app started. */
    static void applyAndWait(String yaml) throws Exception {
        RoutingFiles.write(yaml);
        await().atMost(Duration.ofSeconds(30)).until(() -> yaml.equals(RoutingFiles.currentYaml()));
    }

    static List<Map<String, Object>> reloads() {
        return given().get("/gateway/status").jsonPath().getList("reloads");
    }
}
