package dev.rolloutlab.gateway.proxy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.rolloutlab.gateway.testing.RoutingFiles;
import dev.rolloutlab.gateway.testing.TestUpstream;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An upstream that takes longer than {@code gateway.upstream.response-timeout} to answer: the
 * gateway gives up on it, tries another instance of the group once, and answers 504 naming the
 * group, instead of keeping the client waiting as long as the upstream takes.
 */
@QuarkusTest
@TestProfile(ResponseTimeoutTest.ShortResponseTimeout.class)
class ResponseTimeoutTest {

    private static final long TIMEOUT_MS = 400;

    public static class ShortResponseTimeout implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.upstream.response-timeout", TIMEOUT_MS + "ms", "quarkus.http.test-port", "0");
        }
    }

    @Test
    void aSlowSingleInstanceGroupGetsA504NamingTheGroupAfterTheTimeout() throws Exception {
        try (TestUpstream slow = TestUpstream.start("1.0.0")) {
            RoutingFiles.apply(RoutingFiles.rolling(slow.url()));
            long start = System.nanoTime();

            // The upstream would answer after 10 s: far from the timeout, so a loaded machine cannot blur the two.
            given().when().get("/api/identity?delay=10000")
                    .then().statusCode(504)
                    .header(RolloutHeaders.GROUP_HEADER, "sample")
                    .body("group", equalTo("sample"))
                    .body("error", containsString("group 'sample' did not answer"));

            long tookMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(tookMs).as("answered at the timeout, not when the upstream did").isBetween(TIMEOUT_MS, 8000L);
        }
    }

    @Test
    void aTimedOutIdempotentRequestIsTriedOnceOnTheOtherInstanceBeforeThe504() throws Exception {
        try (TestUpstream first = TestUpstream.start("1.0.0"); TestUpstream second = TestUpstream.start("1.0.0")) {
            RoutingFiles.apply(RoutingFiles.rolling(first.url(), second.url()));

            given().when().get("/api/identity?delay=3000").then().statusCode(504).body("group", equalTo("sample"));

            assertThat(first.requests() + second.requests()).as("one try on each instance").isEqualTo(2);
            assertThat(first.requests()).isEqualTo(1);
        }
    }

    @Test
    void anUpstreamFallingSilentMidAnswerHasItsClientConnectionClosedAfterTheTimeout() throws Exception {
        try (TestUpstream stalling = TestUpstream.start("1.0.0")) {
            RoutingFiles.apply(RoutingFiles.rolling(stalling.url()));
            try (Socket socket = new Socket("localhost", RestAssured.port)) {
                socket.setSoTimeout(10_000);
                socket.getOutputStream().write("GET /api/identity?stall=10000 HTTP/1.1\r\nHost: localhost\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                long start = System.nanoTime();

                String received = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);

                long tookMs = (System.nanoTime() - start) / 1_000_000;
                assertThat(received).startsWith("HTTP/1.1 200").contains("first chunk,").doesNotContain("the rest");
                assertThat(tookMs).as("closed at the timeout, not when the upstream went on").isBetween(TIMEOUT_MS, 8000L);
            }
        }
    }

    @Test
    void anUpstreamAnsweringWithinTheTimeoutIsServedAsUsual() throws Exception {
        try (TestUpstream upstream = TestUpstream.start("1.0.0")) {
            RoutingFiles.apply(RoutingFiles.rolling(upstream.url()));

            given().when().get("/api/identity?delay=100").then().statusCode(200)
                    .header(RolloutHeaders.GROUP_HEADER, "sample");
        }
    }
}
