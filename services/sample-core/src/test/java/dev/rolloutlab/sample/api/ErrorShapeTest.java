package dev.rolloutlab.sample.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every error the service can produce, each with its status, answers the documented shape
 * {@code {"status":…, "error":…}} and nothing of the framework's own documents.
 */
@QuarkusTest
class ErrorShapeTest {

    @ParameterizedTest(name = "{0} {1} (Accept {2}) -> {3}")
    @CsvSource(delimiter = '|', textBlock = """
            GET    | /api/volumes/Bad.Name                 | application/json | 400 | must be a mount name
            GET    | /api/volumes/UPPER                    | application/json | 400 | got 'UPPER'
            POST   | /api/volumes/bad_name/visits          | application/json | 400 | must be a mount name
            GET    | /api/volumes/cache                    | application/json | 404 | no mount named 'cache'
            POST   | /api/volumes/data/visits              | application/json | 409 | data
            GET    | /api/nothing-here                     | application/json | 404 | no such endpoint: GET /api/nothing-here
            GET    | /api/volumes/scratch/visits/extra     | application/json | 404 | no such endpoint
            GET    | /api                                  | application/json | 404 | no such endpoint
            DELETE | /api/identity                         | application/json | 405 | DELETE is not allowed on /api/identity
            POST   | /api/volumes                          | application/json | 405 | POST is not allowed on /api/volumes
            PUT    | /api/volumes/scratch                  | application/json | 405 | PUT is not allowed
            GET    | /api/volumes/scratch/visits           | application/json | 405 | GET is not allowed
            GET    | /api/identity                         | application/xml  | 406 | did not match
            POST   | /admin/readiness/maybe                | application/json | 400 | must be 'on' or 'off'
            GET    | /admin/readiness/off                  | application/json | 405 | GET is not allowed
            """)
    void everyErrorHasTheDocumentedShape(String method, String path, String accept, int status, String says) {
        Response response = given().urlEncodingEnabled(false).accept(accept).when().request(method, path);

        assertThat(response.statusCode()).as(response.asString()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/json");
        Map<String, Object> body = response.jsonPath().getMap("");
        assertThat(body).containsOnlyKeys("status", "error").containsEntry("status", status);
        assertThat((String) body.get("error")).contains(says);
    }
}
