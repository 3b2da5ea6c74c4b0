package dev.rolloutlab.sample.observability;

import static io.restassured.RestAssured.given;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@QuarkusTest
class VersionHeaderTest {

    @ParameterizedTest
    @CsvSource({"/api/identity, 200", "/api/volumes/nope, 404", "/q/health/live, 200"})
    void everyResponseSaysWhichVersionAnswered(String path, int status) {
        given().when().get(path).then().statusCode(status).header(VersionHeader.NAME, "0.0.0-test");
    }
}
