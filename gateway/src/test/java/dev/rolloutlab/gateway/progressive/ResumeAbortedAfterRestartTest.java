package dev.rolloutlab.gateway.progressive;

import static dev.rolloutlab.gateway.testing.RolloutApi.view;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rolloutlab.gateway.proxy.RolloutHeaders;
import dev.rolloutlab.gateway.testing.RoutingFiles;
import dev.rolloutlab.gateway.testing.VersionUpstreams;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An aborted rollout stays aborted across a restart: the candidate gets nothing. */
@QuarkusTest
@TestProfile(PersistedRollouts.Aborted.class)
class ResumeAbortedAfterRestartTest {

    @RegisterExtension
    static final VersionUpstreams UPSTREAMS = new VersionUpstreams();

    @Test
    void anAbortedRolloutStaysAtZero() throws Exception {
        RoutingFiles.apply(PersistedRollouts.directory("resume-aborted").resolve("routing.yaml"),
                RoutingFiles.progressiveCanary(UPSTREAMS.v1(), UPSTREAMS.v2(), PersistedRollouts.REVISION,
                        "[{weight: 10, hold: 1s}]", "{interval: 1s, initialDelay: 0s}", ""));

        assertThat(view().getString("phase")).isEqualTo("aborted");
        assertThat(view().getInt("weight")).isZero();
        assertThat(view().getInt("failed")).isEqualTo(2);
        assertThat(view().getList("events.type", String.class)).containsExactly("aborted", "restarted");
        for (int i = 0; i < 30; i++) {
            given().get("/api/identity").then().statusCode(200).header(RolloutHeaders.GROUP_HEADER, "v1");
        }
    }
}
