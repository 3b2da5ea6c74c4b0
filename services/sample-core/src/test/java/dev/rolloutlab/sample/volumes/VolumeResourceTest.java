package dev.rolloutlab.sample.volumes;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The test profile mounts scratch and node under target/test-volumes; data is left unmounted. */
@QuarkusTest
class VolumeResourceTest {

    private static final Path ROOT = Path.of("target/test-volumes");

    @BeforeEach
    void freshMounts() throws IOException {
        for (String mount : List.of("scratch", "node")) {
            Path dir = ROOT.resolve(mount);
            Files.createDirectories(dir);
            Files.deleteIfExists(dir.resolve(VisitCounter.COUNTER_FILE));
        }
        Files.deleteIfExists(ROOT.resolve("data"));
    }

    @Test
    void listsEveryConfiguredMount() {
        given().when().get("/api/volumes")
                .then().statusCode(200)
                .body("name", hasItems("data", "node", "scratch"))
                .body("find { it.name == 'scratch' }.kind", equalTo("emptyDir"))
                .body("find { it.name == 'scratch' }.present", equalTo(true))
                .body("find { it.name == 'scratch' }.writable", equalTo(true))
                .body("find { it.name == 'node' }.kind", equalTo("hostPath"))
                .body("find { it.name == 'data' }.kind", equalTo("persistentVolumeClaim"))
                .body("find { it.name == 'data' }.present", equalTo(false))
                .body("find { it.name == 'data' }.problem", equalTo("not mounted"));
    }

    @Test
    void countsVisitsPerMount() {
        given().when().get("/api/volumes/scratch").then().statusCode(200).body("visits", nullValue());
        given().when().post("/api/volumes/scratch/visits").then().statusCode(200).body("visits", equalTo(1));
        given().when().post("/api/volumes/scratch/visits").then().statusCode(200).body("visits", equalTo(2));
        given().when().post("/api/volumes/node/visits").then().statusCode(200).body("visits", equalTo(1));
        given().when().get("/api/volumes/scratch").then().statusCode(200).body("visits", equalTo(2));
    }

    @Test
    void hundredParallelVisitsOverHttpAddExactlyHundred() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Callable<Integer>> visits = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                visits.add(() -> given().when().post("/api/volumes/node/visits").statusCode());
            }
            for (Future<Integer> status : pool.invokeAll(visits)) {
                assertThat(status.get()).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }
        given().when().get("/api/volumes/node").then().statusCode(200).body("visits", equalTo(100));
    }

    @Test
    void anUnconfiguredMountIs404() {
        given().when().get("/api/volumes/cache")
                .then().statusCode(404)
                .body("error", containsString("no mount named 'cache'"));
        given().when().post("/api/volumes/cache/visits").then().statusCode(404);
    }

    @Test
    void aMissingMountCannotBeVisited() {
        given().when().post("/api/volumes/data/visits")
                .then().statusCode(409)
                .body("error", containsString("not mounted"));
        assertThat(ROOT.resolve("data")).doesNotExist();
    }

    @ParameterizedTest
    @ValueSource(strings = {"..%2Fscratch", "%2e%2e%2fnode", "Scratch", "a.b", "%00", "x%20y"})
    void namesThatAreNotPlainWordsAre400AndWriteNothing(String name) throws IOException {
        List<Path> before = filesUnder(ROOT.getParent());

        given().urlEncodingEnabled(false).when().post("/api/volumes/" + name + "/visits")
                .then().statusCode(400)
                .body("status", equalTo(400)).body("error", containsString("must be a mount name"));

        assertThat(filesUnder(ROOT.getParent())).isEqualTo(before);
    }

    /** Dot segments, plain or percent-encoded, are resolved by the HTTP server before routing. */
    @ParameterizedTest
    @ValueSource(strings = {"..", "%2e%2e", "%2E%2E", "../x", "%2e%2e/x"})
    void dotSegmentsNeverReachAVolume(String name) throws IOException {
        List<Path> before = filesUnder(ROOT.getParent());

        given().urlEncodingEnabled(false).when().post("/api/volumes/" + name + "/visits")
                .then().statusCode(404);

        assertThat(filesUnder(ROOT.getParent())).isEqualTo(before);
    }

    private static List<Path> filesUnder(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> !p.toString().contains("surefire") && !p.toString().endsWith(".log"))
                    .sorted().toList();
        }
    }
}
