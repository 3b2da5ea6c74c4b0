package dev.rolloutlab.gateway.proxy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
class BlueGreenProxyTest {

    static TestUpstream blue;
    static TestUpstream green;

    @BeforeAll
    static void upstreams() throws Exception {
        blue = TestUpstream.start("1.0.0");
        green = TestUpstream.start("2.0.0");
    }

    @AfterAll
    static void stop() throws Exception {
        blue.close();
        green.close();
    }

    private static String config(String active, String preview) {
        return """
                strategy: bluegreen
                groups: {blue: [%s], green: [%s]}
                bluegreen: {active: %s, preview: %s}
                """.formatted(blue.url(), green.url(), active, preview);
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
        int before = blue.requests() + green.requests();

        given().header("X-Preview", "yes").when().get("/api/identity")
                .then().statusCode(400).body("error", containsString("X-Preview header must be 'true' or 'false'"));

        org.assertj.core.api.Assertions.assertThat(blue.requests() + green.requests()).isEqualTo(before);
    }

    @Test
    void thePreviewPathIsA404UnderOtherStrategies() throws Exception {
        RoutingFiles.apply(RoutingFiles.canary(blue, green, 10));

        given().when().get("/preview/api/identity")
                .then().statusCode(404).body("error", containsString("the strategy is canary"));
    }
}
