package dev.rolloutlab.sample.observability;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AccessLogTest {

    private static final Path LOG = Path.of("target/test-volumes/scratch/access.log");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void writesOneJsonLinePerRequestToTheScratchFile() {
        String marker = "/api/volumes/m" + UUID.randomUUID().toString().substring(0, 8);
        given().when().get(marker).then().statusCode(404);

        JsonNode line = await().atMost(Duration.ofSeconds(5)).until(() -> lineFor(marker), l -> l != null);

        assertThat(line.get("method").asText()).isEqualTo("GET");
        assertThat(line.get("status").asInt()).isEqualTo(404);
        assertThat(line.get("version").asText()).isEqualTo("0.0.0-test");
        assertThat(line.has("millis")).isTrue();
        assertThat(line.has("pod")).isTrue();
    }

    @Test
    void leavesProbesOut() throws IOException {
        given().when().get("/q/health/ready").then().statusCode(200);
        given().when().get("/api/identity").then().statusCode(200);

        await().atMost(Duration.ofSeconds(5)).until(() -> lines().stream().anyMatch(l -> l.contains("/api/identity")));
        assertThat(lines()).noneMatch(l -> l.contains("/q/health"));
    }

    private static JsonNode lineFor(String path) throws IOException {
        for (String line : lines()) {
            JsonNode node = JSON.readTree(line);
            if (path.equals(node.path("path").asText())) {
                return node;
            }
        }
        return null;
    }

    private static List<String> lines() throws IOException {
        return Files.exists(LOG) ? Files.readAllLines(LOG) : List.of();
    }
}
