package dev.rolloutlab.sample.identity;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import org.junit.jupiter.api.Test;

@QuarkusTest
class IdentityResourceTest {

    @Test
    void answersWhoServedTheRequest() {
        String time = given().when().get("/api/identity")
                .then().statusCode(200)
                .body("app", equalTo("sample"))
                .body("version", equalTo("0.0.0-test"))
                .body("color", equalTo("#123456"))
                .body("message", equalTo("Hello from the core tests"))
                .body("pod", notNullValue())
                .body("node", notNullValue())
                .body("namespace", equalTo("local"))
                .extract().path("time");
        Instant.parse(time);
    }

    @Test
    void omitsLangWhenTheGreeterHasNone() {
        given().when().get("/api/identity")
                .then().statusCode(200)
                .body("containsKey('lang')", equalTo(false));
    }
}
