package dev.rolloutlab.gateway.progressive;

import static dev.rolloutlab.gateway.testing.RolloutApi.view;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rolloutlab.gateway.testing.RolloutApi;
import dev.rolloutlab.gateway.testing.RoutingFiles;
import dev.rolloutlab.gateway.testing.VersionUpstreams;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A state file that cannot be read is kept aside and told about, never silently dropped. */
@QuarkusTest
@TestProfile(PersistedRollouts.Corrupt.class)
class ResumeFromCorruptStateTest {

    @RegisterExtension
    static final VersionUpstreams UPSTREAMS = new VersionUpstreams();

    @Test
    void theRolloutStartsOverAndSaysWhereTheOldStateWent() throws Exception {
        Path dir = PersistedRollouts.directory("resume-corrupt");
        given().get("/q/health/ready").then().statusCode(200);
        RoutingFiles.apply(dir.resolve("routing.yaml"), RoutingFiles.progressiveCanary(UPSTREAMS.v1(), UPSTREAMS.v2(),
                PersistedRollouts.REVISION, "[{weight: 10, hold: 30s}]", "{interval: 10s}", ""));

        assertThat(view().getString("phase")).isIn("starting", "progressing");
        List<RolloutApi.Event> events = RolloutApi.events();
        assertThat(events).extracting(RolloutApi.Event::type).contains("started", "state-unreadable");
        assertThat(events).filteredOn(e -> e.type().equals("state-unreadable")).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("is not a rollout state").contains("rollout-state.json.corrupt"));
        assertThat(dir.resolve("rollout-state.json.corrupt")).hasContent("{\"phase\": \"abor");
    }
}
