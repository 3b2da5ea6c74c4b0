package dev.rolloutlab.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
class GatewayHealthTest {

    @ParameterizedTest
    @ValueSource(strings = {"/q/health/live", "/q/health/ready", "/q/health/started"})
    void servesItsHealthEndpoints(String path) {
        given().when().get(path).then().statusCode(200).body("status", equalTo("UP"));
    }
}
