package dev.rolloutlab.gateway.proxy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.rolloutlab.gateway.stats.Exchange;
import dev.rolloutlab.gateway.stats.TrafficStats;
import dev.rolloutlab.gateway.testing.RoutingFiles;
import dev.rolloutlab.gateway.testing.TestUpstream;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

@QuarkusTest
class FailoverProxyTest {

    @Inject
    TrafficStats stats;

    private static String deadUrl() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return "http://localhost:" + socket.getLocalPort();
        }
    }

    /** Canary at weight 100 whose canary group (v2) has nobody listening. */
    private static String allTrafficToADeadCanary(TestUpstream stable, boolean fallback) throws Exception {
        return """
                strategy: canary
                groups: {v1: [%s], v2: [%s]}
                canary: {stable: v1, canary: v2, weight: 100, fallback: %s}
                """.formatted(stable.url(), deadUrl(), fallback);
    }

    @Test
    void aClientThatLeavesBeforeItsAnswerIsRecordedAs499WithoutAnError() throws Exception {
        List<LogRecord> problems = new CopyOnWriteArrayList<>();
        Handler collector = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                    problems.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger.getLogger("").addHandler(collector);
        try (TestUpstream slow = TestUpstream.start("1.0.0")) {
            RoutingFiles.apply(RoutingFiles.rolling(slow.url()));
            long before = System.currentTimeMillis();

            // The upstream answers after 300 ms; the client is gone long before.
            try (Socket client = new Socket("localhost", RestAssured.port)) {
                client.getOutputStream().write("GET /api/identity?delay=300 HTTP/1.1\r\nHost: localhost\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                client.getOutputStream().flush();
                await().atMost(Duration.ofSeconds(5)).until(() -> slow.requests() == 1);
            }

            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(stats.recent(System.currentTimeMillis()))
                    .filteredOn(exchange -> exchange.at() >= before)
                    .singleElement().satisfies(exchange -> {
                        assertThat(exchange.status()).isEqualTo(Exchange.CLIENT_CLOSED);
                        assertThat(exchange.failed()).isFalse();
                        assertThat(exchange.error()).as("the UI marks exchanges with an error as failed").isNull();
                    }));
            given().when().get("/api/identity").then().statusCode(200);
        } finally {
            Logger.getLogger("").removeHandler(collector);
        }
        assertThat(problems).extracting(LogRecord::getMessage).isEmpty();
    }

    @Test
    void anUpstreamThatDiesMidAnswerClosesTheClientConnection() throws Exception {
        // Promises 100 bytes, sends 7 and hangs up; its readiness check answers normally.
        try (ServerSocket upstream = new ServerSocket(0)) {
            Thread server = new Thread(() -> {
                while (!upstream.isClosed()) {
                    try (Socket connection = upstream.accept()) {
                        String requestLine = new BufferedReader(new InputStreamReader(connection.getInputStream(),
                                StandardCharsets.US_ASCII)).readLine();
                        String answer = requestLine != null && requestLine.contains("/q/health")
                                ? "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                                : "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npartial";
                        connection.getOutputStream().write(answer.getBytes(StandardCharsets.US_ASCII));
                    } catch (Exception closed) {
                        // the test is over
                    }
                }
            });
            server.setDaemon(true);
            server.start();
            RoutingFiles.apply(RoutingFiles.rolling("http://localhost:" + upstream.getLocalPort()));

            try (Socket client = new Socket("localhost", RestAssured.port)) {
                client.setSoTimeout(5000);
                client.getOutputStream().write("GET /api/identity HTTP/1.1\r\nHost: localhost\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                // Read to the end: the gateway must close the connection (a timeout here means
                // it kept the connection open, leaving the client waiting for 93 more bytes).
                String received = new String(client.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                assertThat(received).startsWith("HTTP/1.1 200").containsIgnoringCase("content-length: 100");
                assertThat(received.substring(received.indexOf("\r\n\r\n") + 4)).hasSizeLessThan(100);
            }
        }
    }

    @Test
    void roundRobinsWithinAGroup() throws Exception {
        try (TestUpstream a = TestUpstream.start("1.0.0"); TestUpstream b = TestUpstream.start("1.0.0")) {
            RoutingFiles.apply(RoutingFiles.rolling(a.url(), b.url()));

            for (int i = 0; i < 10; i++) {
                given().when().get("/api/identity").then().statusCode(200).header(RolloutHeaders.REASON_HEADER, "rolling");
            }

            assertThat(a.requests()).isEqualTo(5);
            assertThat(b.requests()).isEqualTo(5);
        }
    }

    @Test
    void aDeadInstanceIsRetriedOnAnotherWithoutAFailedRequest() throws Exception {
        try (TestUpstream alive = TestUpstream.start("1.0.0")) {
            RoutingFiles.apply(RoutingFiles.rolling(deadUrl(), alive.url()));

            for (int i = 0; i < 20; i++) {
                given().when().get("/api/identity").then().statusCode(200);
            }
        }
    }

    @Test
    void anInstanceKilledDuringLoadFailsNoIdempotentRequest() throws Exception {
        TestUpstream doomed = TestUpstream.start("1.0.0");
        try (TestUpstream survivor = TestUpstream.start("1.0.0")) {
            RoutingFiles.apply(RoutingFiles.rolling(doomed.url(), survivor.url()));
            ExecutorService clients = Executors.newFixedThreadPool(4);
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                statuses.add(clients.submit(() -> given().when().get("/api/identity?delay=2").statusCode()));
                if (i == 100) {
                    doomed.close();
                }
            }
            List<Integer> failed = new ArrayList<>();
            for (Future<Integer> status : statuses) {
                if (status.get() != 200) {
                    failed.add(status.get());
                }
            }
            clients.shutdown();
            assertThat(failed).isEmpty();
            assertThat(survivor.requests()).isGreaterThan(200);
        }
    }

    @Test
    void aGroupThatIsDownAnswers502NamingIt() throws Exception {
        try (TestUpstream v1 = TestUpstream.start("1.0.0")) {
            RoutingFiles.apply(allTrafficToADeadCanary(v1, false));

            given().when().get("/api/identity")
                    .then().statusCode(502).header(RolloutHeaders.GROUP_HEADER, "v2")
                    .body("group", equalTo("v2")).body("error", containsString("group 'v2' did not answer"));
        }
    }

    @Test
    void withFallbackTheStableGroupAnswersForADeadCanary() throws Exception {
        try (TestUpstream v1 = TestUpstream.start("1.0.0")) {
            RoutingFiles.apply(allTrafficToADeadCanary(v1, true));

            given().when().get("/api/identity")
                    .then().statusCode(200).header(RolloutHeaders.GROUP_HEADER, "v1")
                    .header(RolloutHeaders.REASON_HEADER, "fallback").body("version", equalTo("1.0.0"));
        }
    }

    @Test
    void statsShowTheObservedSplitBesideTheConfiguredOne() throws Exception {
        try (TestUpstream v1 = TestUpstream.start("1.0.0"); TestUpstream v2 = TestUpstream.start("2.0.0")) {
            RoutingFiles.apply(RoutingFiles.canary(v1, v2, 25));
            for (int i = 0; i < 100; i++) {
                given().when().get("/api/identity").then().statusCode(200);
            }

            Map<String, Object> v2Group = given().when().get("/gateway/stats").then().statusCode(200)
                    .extract().jsonPath().getMap("groups.find { it.name == 'v2' }");
            assertThat(v2Group).containsEntry("configuredShare", 25);
            assertThat(((Number) v2Group.get("requests")).intValue()).isGreaterThanOrEqualTo(25);
            given().when().get("/gateway/stats").then()
                    .body("versions.find { it.name == '2.0.0' }.requests", org.hamcrest.Matchers.greaterThanOrEqualTo(25));
        }
    }
}
