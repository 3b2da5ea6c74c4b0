package dev.rolloutlab.gateway.routing.source;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rolloutlab.gateway.testing.Load;
import dev.rolloutlab.gateway.testing.RoutingFiles;
import dev.rolloutlab.gateway.testing.TestUpstream;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every config of the invalid corpus is rejected with its own message while the last good one serves. */
@QuarkusTest
class InvalidConfigReloadTest {

    static final Path CORPUS = Path.of("src/test/resources/routing/invalid");

    @TestHTTPResource("/api/identity")
    URI identity;

    @Test
    void theLastGoodConfigKeepsServingThroughEveryBadOne() throws Exception {
        List<Path> corpus;
        try (Stream<Path> files = Files.list(CORPUS)) {
            // .bytes: files that are not UTF-8 text, written as they are
            corpus = files.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".bytes")).sorted().toList();
        }
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(15);
        try (TestUpstream v1 = TestUpstream.start("1.0.0"); TestUpstream v2 = TestUpstream.start("2.0.0")) {
            String good = RoutingFiles.canary(v1, v2, 20);
            RoutingFiles.write(good);
            // the first config also waits for the first request's start-up work: generous on a busy machine
            await().atMost(Duration.ofSeconds(30)).until(() -> good.equals(given().when().get("/gateway/status/yaml").asString()));

            try (Load load = Load.start(identity, 2)) {
                for (Path bad : corpus) {
                    byte[] file = Files.readAllBytes(bad);
                    String firstLine = new String(file, StandardCharsets.ISO_8859_1).lines().findFirst().orElseThrow();
                    String expected = firstLine.substring("# expect: ".length());
                    RoutingFiles.write(file);
                    // the watch applies each at once: check from the first moment, and often
                    await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                        JsonPath status = given().when().get("/gateway/status").jsonPath();
                        assertThat(status.getList("lastRejected.problems", String.class))
                                .as(bad.getFileName() + " -> " + status.prettify()).anyMatch(p -> p.contains(expected));
                    });
                    assertThat(given().when().get("/gateway/status/yaml").asString()).isEqualTo(good);
                }
                // Larger than the limit: refused by its size, read no further than the limit.
                RoutingFiles.write(("# padding\n".repeat(1_000_000)).getBytes(StandardCharsets.US_ASCII));
                await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10)).atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                        assertThat(given().when().get("/gateway/status").jsonPath().getList("lastRejected.problems", String.class))
                                .anyMatch(p -> p.contains("10000000 bytes, more than the limit")));
                assertThat(given().when().get("/gateway/status/yaml").asString()).isEqualTo(good);
                load.close();
                assertThat(load.failures()).isEmpty();
                assertThat(load.byGroup().keySet()).containsExactlyInAnyOrder("v1", "v2");
            }
            given().when().get("/gateway/status").then()
                    .body("reloads.findAll { !it.applied }.size()", org.hamcrest.Matchers.greaterThanOrEqualTo(15));
        }
    }
}
