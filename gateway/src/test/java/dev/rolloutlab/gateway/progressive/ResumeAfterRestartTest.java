package dev.rolloutlab.gateway.progressive;

import static dev.rolloutlab.gateway.testing.RolloutApi.view;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rolloutlab.gateway.proxy.RolloutHeaders;
import dev.rolloutlab.gateway.testing.RoutingFiles;
import dev.rolloutlab.gateway.testing.VersionUpstreams;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A gateway restarted at step 2 resumes there, with its history and its failure count. */
@QuarkusTest
@TestProfile(PersistedRollouts.AtStepTwo.class)
class ResumeAfterRestartTest {

    @RegisterExtension
    static final VersionUpstreams UPSTREAMS = new VersionUpstreams();

    static String routing() {
        return RoutingFiles.progressiveCanary(UPSTREAMS.v1(), UPSTREAMS.v2(), PersistedRollouts.REVISION,
                "[{weight: 10, hold: 30s}, {weight: 25, hold: 60s}, {weight: 50, hold: 30s}]",
                "{interval: 10s, failureLimit: 2}", "");
    }

    @Test
    void theRolloutGoesOnAtTheSameStepWithTheFailureStillCounted() throws Exception {
        given().get("/q/health/ready").then().statusCode(200);
        RoutingFiles.apply(PersistedRollouts.directory("resume-step-two").resolve("routing.yaml"), routing());

        JsonPath view = view();
        assertThat(view.getString("phase")).isEqualTo("progressing");
        assertThat(view.getInt("step")).isEqualTo(1);
        assertThat(view.getInt("weight")).isEqualTo(25);
        assertThat(view.getInt("failed")).isEqualTo(1);
        assertThat(view.getList("intervals.verdict", String.class)).containsExactly("failed");
        List<String> types = view.getList("events.type", String.class);
        assertThat(types).startsWith("started", "step", "step", "verdict").endsWith("restarted");

        given().get("/gateway/status").then().body("rollout.step", org.hamcrest.Matchers.equalTo(1))
                .body("config.canary.weight", org.hamcrest.Matchers.equalTo(25));
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'rollout-state' }.status", org.hamcrest.Matchers.equalTo("UP"));

        Map<String, Integer> byGroup = new HashMap<>();
        for (int i = 0; i < 100; i++) {
            byGroup.merge(given().get("/api/identity").then().statusCode(200).extract()
                    .header(RolloutHeaders.GROUP_HEADER), 1, Integer::sum);
        }
        assertThat(byGroup).isEqualTo(Map.of("v1", 75, "v2", 25));

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(Files.readString(
                PersistedRollouts.directory("resume-step-two").resolve("rollout-state.json"))).contains("\"restarted\""));
    }
}
