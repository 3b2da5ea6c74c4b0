package dev.rolloutlab.sample.v1;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class PlainGreeterTest {

    @Test
    void answersAsVersionOne() {
        given().when().get("/api/identity")
                .then().statusCode(200)
                .body("app", equalTo("sample"))
                .body("version", equalTo("1.0.0"))
                .body("color", equalTo("blue"))
                .body("message", equalTo("Hello from v1"));
    }

    @Test
    void speaksOneLanguageWhateverIsAsked() {
        given().queryParam("lang", "ko").when().get("/api/identity")
                .then().statusCode(200)
                .body("message", equalTo("Hello from v1"))
                .body("containsKey('lang')", equalTo(false));
    }
}
