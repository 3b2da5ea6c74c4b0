package dev.rolloutlab.gateway.proxy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.rolloutlab.gateway.testing.RoutingFiles;
import dev.rolloutlab.gateway.testing.VersionUpstreams;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@QuarkusTest
class CanaryProxyTest {

    @RegisterExtension
    static final VersionUpstreams UPSTREAMS = new VersionUpstreams();

    @Test
    void splitsExactlyByWeightAndSaysWhoServedAndWhy() throws Exception {
        RoutingFiles.apply(RoutingFiles.canary(UPSTREAMS.v1(), UPSTREAMS.v2(), 30));

        Map<String, Integer> byVersion = new HashMap<>();
        for (int i = 0; i < 100; i++) {
            Response response = given().when().get("/api/identity");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.header(RolloutHeaders.REASON_HEADER)).isEqualTo("weight");
            String group = response.header(RolloutHeaders.GROUP_HEADER);
            assertThat(response.header("X-App-Version")).isEqualTo(group.equals("v1") ? "1.0.0" : "2.0.0");
            byVersion.merge(response.jsonPath().getString("version"), 1, Integer::sum);
        }

        assertThat(byVersion).isEqualTo(Map.of("1.0.0", 70, "2.0.0", 30));
    }

    @Test
    void theHeaderAndTheCookieForceAVersion() throws Exception {
        RoutingFiles.apply(RoutingFiles.canary(UPSTREAMS.v1(), UPSTREAMS.v2(), 0));

        given().header("X-Canary", "always").when().get("/api/identity")
                .then().statusCode(200).header(RolloutHeaders.GROUP_HEADER, "v2").header(RolloutHeaders.REASON_HEADER, "header");
        given().cookie("rollout-lab-canary", "always").when().get("/api/identity")
                .then().statusCode(200).header(RolloutHeaders.GROUP_HEADER, "v2").header(RolloutHeaders.REASON_HEADER, "cookie");
    }

    @Test
    void aBadForcingHeaderIsA400ThatReachesNoUpstream() throws Exception {
        RoutingFiles.apply(RoutingFiles.canary(UPSTREAMS.v1(), UPSTREAMS.v2(), 50));
        int before = UPSTREAMS.v1().requests() + UPSTREAMS.v2().requests();

        given().header("X-Canary", "sometimes").when().get("/api/identity")
                .then().statusCode(400).body("error", containsString("X-Canary header must be 'always' or 'never'"));

        assertThat(UPSTREAMS.v1().requests() + UPSTREAMS.v2().requests()).isEqualTo(before);
    }

    @Test
    void passesRequestAndResponseThroughExceptHopByHopHeaders() throws Exception {
        RoutingFiles.apply(RoutingFiles.canary(UPSTREAMS.v1(), UPSTREAMS.v2(), 0));

        Response response = given().urlEncodingEnabled(false).header("X-Custom", "abc").header("Connection", "keep-alive, X-Hop")
                .header("X-Hop", "secret").body("{\"hello\":1}").contentType("application/json")
                .when().post("/api/echo?x=1&y=%20z");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.header("X-Upstream-Only")).isEqualTo("kept");
        JsonObject seen = new JsonObject(response.asString());
        assertThat(seen.getString("method")).isEqualTo("POST");
        assertThat(seen.getString("uri")).isEqualTo("/api/echo?x=1&y=%20z");
        assertThat(seen.getString("body")).isEqualTo("{\"hello\":1}");
        JsonObject headers = seen.getJsonObject("headers");
        assertThat(headers.getString("x-custom")).isEqualTo("abc");
        assertThat(headers.containsKey("x-hop")).as("a header named in Connection is hop-by-hop").isFalse();
        assertThat(headers.getString("x-forwarded-for")).isNotBlank();
        assertThat(headers.getString("x-forwarded-proto")).isEqualTo("http");
    }

    @Test
    void upstreamErrorsPassThroughAsTheyAre() throws Exception {
        RoutingFiles.apply(RoutingFiles.canary(UPSTREAMS.v1(), UPSTREAMS.v2(), 100));

        given().when().get("/api/identity?status=500")
                .then().statusCode(500).header(RolloutHeaders.GROUP_HEADER, "v2").body("version", equalTo("2.0.0"));
    }

    @Test
    void statusLinePassesThroughWithItsReasonPhrase() throws Exception {
        RoutingFiles.apply(RoutingFiles.canary(UPSTREAMS.v1(), UPSTREAMS.v2(), 0));

        given().queryParam("status", 299).queryParam("reason", "Mostly Fine").when().get("/api/identity")
                .then().statusCode(299).statusLine(containsString("299 Mostly Fine"));
        given().when().get("/api/identity?status=404")
                .then().statusCode(404).statusLine(containsString("404 Not Found"));
    }

    @Test
    void stickyClientsKeepTheCanary() throws Exception {
        RoutingFiles.apply(RoutingFiles.canary(UPSTREAMS.v1(), UPSTREAMS.v2(), 50).replace("weight: 50}", "weight: 50, sticky: true}"));

        Response first;
        do {
            first = given().when().get("/api/identity");
        } while (!"v2".equals(first.header(RolloutHeaders.GROUP_HEADER)));
        String sticky = first.cookie("rollout-lab-sticky");
        assertThat(sticky).isEqualTo("v2");

        for (int i = 0; i < 20; i++) {
            given().cookie("rollout-lab-sticky", sticky).when().get("/api/identity")
                    .then().header(RolloutHeaders.GROUP_HEADER, "v2").header(RolloutHeaders.REASON_HEADER, "sticky");
        }
    }
}
