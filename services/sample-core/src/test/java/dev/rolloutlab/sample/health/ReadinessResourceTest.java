package dev.rolloutlab.sample.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ReadinessResourceTest {

    @AfterEach
    void switchBackOn() {
        given().when().post("/admin/readiness/on").then().statusCode(200);
    }

    @Test
    void offTakesThePodOutOfRotationButKeepsItAliveAndServing() {
        given().when().post("/admin/readiness/off").then().statusCode(200).body("readiness", equalTo("off"));

        given().when().get("/q/health/ready").then().statusCode(503).body("status", equalTo("DOWN"));
        given().when().get("/q/health/live").then().statusCode(200);
        given().when().get("/api/identity").then().statusCode(200);
        given().when().get("/admin/readiness").then().statusCode(200).body("readiness", equalTo("off"));
    }

    @Test
    void onMakesItReadyAgain() {
        given().when().post("/admin/readiness/off").then().statusCode(200);
        given().when().post("/admin/readiness/on").then().statusCode(200).body("readiness", equalTo("on"));

        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void anUnknownStateIsA400AndChangesNothing() {
        given().when().post("/admin/readiness/maybe")
                .then().statusCode(400)
                .body("error", containsString("'on' or 'off'"));

        given().when().get("/q/health/ready").then().statusCode(200);
    }
}
