package dev.rolloutlab.sample.observability;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class MetricsTest {

    @Test
    void requestMetricsCarryTheVersion() {
        given().when().get("/api/identity").then().statusCode(200);

        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();

        assertThat(metrics).containsPattern(
                "http_server_requests_seconds_count\\{[^}]*uri=\"/api/identity\"[^}]*version=\"0.0.0-test\"");
    }
}
