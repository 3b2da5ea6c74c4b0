package dev.rolloutlab.gateway.proxy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.rolloutlab.gateway.testing.RoutingFiles;
import dev.rolloutlab.gateway.testing.VersionUpstreams;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@QuarkusTest
class BlueGreenProxyTest {

    @RegisterExtension
    static final VersionUpstreams UPSTREAMS = new VersionUpstreams();

    private static String config(String active, String preview) {
        return """
                strategy: bluegreen
                groups: {blue: [%s], green: [%s]}
                bluegreen: {active: %s, preview: %s}
                """.formatted(UPSTREAMS.v1().url(), UPSTREAMS.v2().url(), active, preview);
    }

    @Test
    void everythingGoesToActiveAndTheSwitchIsAtOnce() throws Exception {
        RoutingFiles.apply(config("blue", "green"));
        for (int i = 0; i < 20; i++) {
            given().when().get("/api/identity").then().statusCode(200)
                    .header(RolloutHeaders.GROUP_HEADER, "blue").header(RolloutHeaders.REASON_HEADER, "active");
        }

        RoutingFiles.apply(config("green", "blue"));
        for (int i = 0; i < 20; i++) {
            given().when().get("/api/identity").then().statusCode(200).body("version", equalTo("2.0.0"));
        }
    }

    @Test
    void thePreviewIsReachableByHeaderAndByPath() throws Exception {
        RoutingFiles.apply(config("blue", "green"));

        given().header("X-Preview", "true").when().get("/api/identity")
                .then().statusCode(200).header(RolloutHeaders.GROUP_HEADER, "green").header(RolloutHeaders.REASON_HEADER, "preview");
        given().when().get("/preview/api/identity?lang=ko")
                .then().statusCode(200).header(RolloutHeaders.GROUP_HEADER, "green")
                .body("uri", equalTo("/api/identity?lang=ko"));
    }

    @Test
    void aPreviewHeaderThatIsNotTrueOrFalseIsA400() throws Exception {
        RoutingFiles.apply(config("blue", "green"));
        int before = UPSTREAMS.v1().requests() + UPSTREAMS.v2().requests();

        given().header("X-Preview", "yes").when().get("/api/identity")
                .then().statusCode(400).body("error", containsString("X-Preview header must be 'true' or 'false'"));

        org.assertj.core.api.Assertions.assertThat(UPSTREAMS.v1().requests() + UPSTREAMS.v2().requests()).isEqualTo(before);
    }

    @Test
    void thePreviewPathIsA404UnderOtherStrategies() throws Exception {
        RoutingFiles.apply(RoutingFiles.canary(UPSTREAMS.v1(), UPSTREAMS.v2(), 10));

        given().when().get("/preview/api/identity")
                .then().statusCode(404).body("error", containsString("the strategy is canary"));
    }
}
