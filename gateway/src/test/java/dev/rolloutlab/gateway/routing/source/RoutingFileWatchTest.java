package dev.rolloutlab.gateway.routing.source;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rolloutlab.gateway.testing.RoutingFiles;
import dev.rolloutlab.gateway.testing.VersionUpstreams;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The routing file is watched: with the safety poll set to an hour, only the watch on the file's
 * directory can explain a change taking effect.
 */
@QuarkusTest
@TestProfile(RoutingFileWatchTest.WatchOnly.class)
class RoutingFileWatchTest {

    static final Path FILE = Path.of("target/routing-watch-test.yaml").toAbsolutePath();

    public static class WatchOnly implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.routing.file", FILE.toString(), "gateway.routing.poll-interval", "1h");
        }
    }

    @RegisterExtension
    static final VersionUpstreams UPSTREAMS = new VersionUpstreams();

    private static String canary(int weight) {
        return RoutingFiles.canary(UPSTREAMS.v1(), UPSTREAMS.v2(), weight);
    }

    private static String yamlInEffect() {
        return given().when().get("/gateway/status/yaml").asString();
    }

    private static void awaitInEffect(String yaml) {
        // generous: the first config in a fresh application also waits for start-up work on a busy machine
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10)).until(() -> yaml.equals(yamlInEffect()));
    }

    /** As the CLI writes it: a temp file beside it, moved over it atomically. */
    private static void replaceByRename(String yaml) throws IOException {
        Path temp = Files.createTempFile(FILE.getParent(), "routing", ".tmp");
        Files.writeString(temp, yaml);
        Files.move(temp, FILE, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Every reload attempt so far and when the last rejection was: a new rejection changes it. */
    private static List<Object> reloadsAndLastRejection() {
        JsonPath status = given().when().get("/gateway/status").jsonPath();
        return Arrays.asList(status.getList("reloads"), status.getString("lastRejected.at"));
    }

    @Test
    void aFileReplacedByARenameTakesEffectWithoutThePoll() throws Exception {
        for (int weight : new int[] {10, 60, 0}) {
            replaceByRename(canary(weight));
            awaitInEffect(canary(weight));
        }
        given().when().get("/api/identity").then().statusCode(200).header("X-App-Version", "1.0.0");
    }

    @Test
    void aFileRewrittenInPlaceTakesEffectWithoutThePoll() throws Exception {
        Files.writeString(FILE, canary(30));
        awaitInEffect(canary(30));
        Files.writeString(FILE, canary(100));
        awaitInEffect(canary(100));
        given().when().get("/api/identity").then().statusCode(200).header("X-App-Version", "2.0.0");
    }

    @Test
    void theEmptyMomentOfARewriteIsNotRejected() throws Exception {
        replaceByRename(canary(20));
        awaitInEffect(canary(20));
        List<Object> before = reloadsAndLastRejection();

        Files.writeString(FILE, ""); // what a rewrite in place leaves for a moment: truncated, not yet written
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> reloadsAndLastRejection().equals(before));
        Files.writeString(FILE, canary(40));
        awaitInEffect(canary(40));

        List<Object> after = reloadsAndLastRejection();
        assertThat(after.get(1)).as("no rejection since the empty file").isEqualTo(before.get(1));
        assertThat((List<?>) after.get(0)).as("one reload more, applied").hasSize(Math.min(20, ((List<?>) before.get(0)).size() + 1));
    }
}
