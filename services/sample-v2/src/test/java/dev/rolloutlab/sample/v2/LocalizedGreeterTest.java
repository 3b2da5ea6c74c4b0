package dev.rolloutlab.sample.v2;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class LocalizedGreeterTest {

    @Test
    void answersAsVersionTwoInEnglishByDefault() {
        given().when().get("/api/identity")
                .then().statusCode(200)
                .body("app", equalTo("sample"))
                .body("version", equalTo("2.0.0"))
                .body("color", equalTo("green"))
                .body("message", equalTo("Hello from v2"))
                .body("lang", equalTo("en"));
    }

    @Test
    void speaksKoreanWhenAsked() {
        given().queryParam("lang", "ko").when().get("/api/identity")
                .then().statusCode(200)
                .body("message", equalTo("안녕하세요, v2입니다"))
                .body("lang", equalTo("ko"));
    }

    @Test
    void rejectsALanguageItCannotSpeak() {
        given().queryParam("lang", "xx").when().get("/api/identity")
                .then().statusCode(400)
                .body("error", containsString("unsupported lang 'xx'"))
                .body("error", containsString("en, ko"));
    }
}
