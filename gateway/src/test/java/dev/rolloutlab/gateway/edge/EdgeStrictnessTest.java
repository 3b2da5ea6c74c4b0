package dev.rolloutlab.gateway.edge;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rolloutlab.gateway.stats.Exchange;
import dev.rolloutlab.gateway.stats.TrafficStats;
import dev.rolloutlab.gateway.testing.RoutingFiles;
import dev.rolloutlab.gateway.testing.VersionUpstreams;
import dev.rolloutlab.gateway.upstream.UpstreamInstance;
import dev.rolloutlab.gateway.upstream.Upstreams;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The corpus of raw requests in {@code src/test/resources/http/raw}, each sent on its own
 * connection exactly as written (lines end in CRLF), each with the answer it must get: a
 * {@code # expect: <status> [closes]} line. "closes": the connection closes after the answer, and
 * nothing else (no answer to a smuggled second request) comes first. A JSON error has the
 * gateway's shape, {"status":…, "error":…}, unless the file says {@code # shape: quarkus}.
 */
@QuarkusTest
class EdgeStrictnessTest {

    private static final Path CORPUS = Path.of("src/test/resources/http/raw");
    private static final Pattern EXPECT = Pattern.compile("(?m)^# expect: (\\d{3})( closes)?$");

    @RegisterExtension
    static final VersionUpstreams UPSTREAMS = new VersionUpstreams();

    @Inject
    TrafficStats stats;

    @Inject
    Upstreams upstreams;

    /** {@code ownShape}: a refusal of the gateway's, {"status":…, "error":…}; not one of Quarkus's pages. */
    record Sample(String name, int status, boolean closes, boolean ownShape, byte[] bytes) {
        static Sample read(Path file) throws Exception {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            Matcher expect = EXPECT.matcher(text);
            assertThat(expect.find()).as("%s has an '# expect:' line", file).isTrue();
            String request = text.lines().filter(line -> !line.startsWith("#")).reduce("", (a, b) -> a + b + "\r\n");
            return new Sample(file.getFileName().toString(), Integer.parseInt(expect.group(1)), expect.group(2) != null,
                    !text.contains("# shape: quarkus"), request.getBytes(StandardCharsets.ISO_8859_1));
        }
    }

    private static List<Sample> corpus() throws Exception {
        try (Stream<Path> files = Files.list(CORPUS)) {
            return files.filter(file -> file.toString().endsWith(".txt")).sorted().map(file -> {
                try {
                    return Sample.read(file);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
        }
    }

    @Test
    void everyRawRequestGetsItsAnswerAndNoneReachesTheSamplesUnlessServed() throws Exception {
        serveBlueGreen();
        List<Sample> corpus = corpus();
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(20);
        int visitsBefore = visits();
        long since = System.currentTimeMillis();

        SoftAssertions softly = new SoftAssertions();
        for (Sample sample : corpus) {
            RawHttp.Answer answer = RawHttp.send(RestAssured.port, sample.bytes());
            softly.assertThat(answer.status()).as("%s answered: %s%s", sample.name(), answer.head(), answer.body()).isEqualTo(sample.status());
            if (sample.closes()) {
                softly.assertThat(answer.closedAfter()).as("%s closes the connection after its answer", sample.name()).isTrue();
            }
            if (answer.status() >= 400 && sample.ownShape() && answer.head().toLowerCase().contains("application/json")) {
                JsonObject error = new JsonObject(answer.body());
                softly.assertThat(error.getInteger("status")).as("%s: the error's shape", sample.name()).isEqualTo(answer.status());
                softly.assertThat(error.getString("error")).as("%s: the error's shape", sample.name()).isNotBlank();
            }
        }
        softly.assertAll();

        long served = corpus.stream().filter(sample -> sample.status() == 200).count();
        assertThat(visits()).as("only the served samples reached an upstream whole, each once").isEqualTo(visitsBefore + served);
        assertThat(upstreams.all().values().stream().flatMap(List::stream)).as("the samples stay ready")
                .allMatch(UpstreamInstance::healthy);
        assertThat(stats.recent(System.currentTimeMillis())).filteredOn(exchange -> exchange.at() >= since)
                .as("a client's bad request is no upstream failure").noneMatch(Exchange::failed);
        given().when().get("/api/identity").then().statusCode(200);
    }

    @Test
    void aBodyRefusedMidwayIsCutUpstreamAtOnce() throws Exception {
        serveBlueGreen();
        int cutBefore = UPSTREAMS.v1().cutRequests() + UPSTREAMS.v2().cutRequests();

        // The first chunk is streamed upstream before the malformed size arrives.
        RawHttp.Answer answer = RawHttp.send(RestAssured.port, Sample.read(CORPUS.resolve("chunk-size-negative.txt")).bytes());

        assertThat(answer.status()).isEqualTo(400);
        // At once, not after gateway.upstream.response-timeout (15 s): the upstream request is reset.
        await().atMost(Duration.ofSeconds(3))
                .until(() -> UPSTREAMS.v1().cutRequests() + UPSTREAMS.v2().cutRequests() > cutBefore);
    }

    @Test
    void anAbsoluteTargetIsForwardedAsItsPathAndItsHostIsIgnored() throws Exception {
        serveBlueGreen();

        RawHttp.Answer answer = RawHttp.send(RestAssured.port, ("GET http://evil.example:8080/api/echo?x=1 HTTP/1.1\r\n"
                + "Host: gateway.local\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));

        assertThat(answer.status()).isEqualTo(200);
        JsonObject seen = new JsonObject(answer.body());
        assertThat(seen.getString("uri")).isEqualTo("/api/echo?x=1");
        assertThat(seen.getJsonObject("headers").getString("x-forwarded-host")).isEqualTo("gateway.local");
    }

    @Test
    void anAbsoluteTargetOnThePreviewPathLosesBothHostAndPrefix() throws Exception {
        serveBlueGreen();

        RawHttp.Answer answer = RawHttp.send(RestAssured.port, ("GET HTTP://evil.example/preview/api/echo HTTP/1.1\r\n"
                + "Host: gateway\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));

        assertThat(answer.status()).isEqualTo(200);
        JsonObject seen = new JsonObject(answer.body());
        assertThat(seen.getString("version")).isEqualTo("2.0.0");
        assertThat(seen.getString("uri")).isEqualTo("/api/echo");
    }

    @Test
    void originFormKeepsPathAndQueryOfAnAbsoluteTarget() {
        assertThat(EdgeChecks.originForm("/api/x?y=1")).isEqualTo("/api/x?y=1");
        assertThat(EdgeChecks.originForm("http://h/api/x?y=1")).isEqualTo("/api/x?y=1");
        assertThat(EdgeChecks.originForm("https://h:443?y=1")).isEqualTo("/?y=1");
        assertThat(EdgeChecks.originForm("http://h")).isEqualTo("/");
    }

    /** Blue (v1) active, green (v2) on /preview/api. Waits longer than RoutingFiles.apply: one config for all tests. */
    private static void serveBlueGreen() throws Exception {
        String yaml = """
                strategy: bluegreen
                groups: {blue: [%s], green: [%s]}
                bluegreen: {active: blue, preview: green}
                """.formatted(UPSTREAMS.v1().url(), UPSTREAMS.v2().url());
        RoutingFiles.write(yaml);
        await().atMost(Duration.ofSeconds(60)).until(() -> yaml.equals(RestAssured.get("/gateway/status/yaml").asString()));
    }

    /**
     * Requests an upstream received whole. A chunked body refused mid-way may have started upstream
     * (the proxy streams bodies); its upstream request is reset then, never ended as if whole.
     */
    private int visits() {
        return UPSTREAMS.v1().wholeRequests() + UPSTREAMS.v2().wholeRequests();
    }
}
