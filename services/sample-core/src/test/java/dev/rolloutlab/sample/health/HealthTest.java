package dev.rolloutlab.sample.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class HealthTest {

    @Test
    void liveReportsTheVersion() {
        given().when().get("/q/health/live")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'alive' }.data.version", equalTo("0.0.0-test"));
    }

    @Test
    void readyIncludesTheSwitch() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("checks.name", hasItem("readiness-switch"));
    }

    @Test
    void startedOnceBooted() {
        given().when().get("/q/health/started")
                .then().statusCode(200)
                .body("checks.find { it.name == 'started' }.status", equalTo("UP"));
    }
}
