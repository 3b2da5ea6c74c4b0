package dev.rolloutlab.gateway.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rolloutlab.gateway.testing.RoutingFiles;
import dev.rolloutlab.gateway.testing.TestUpstream;
import dev.rolloutlab.testing.AppProcess;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM to the packaged gateway, as the kubelet sends it: the gateway keeps serving through
 * {@code quarkus.shutdown.delay} (the cluster takes the pod out of its Service meanwhile), then
 * answers new requests 503, lets a proxied request under way finish, and stops. Without the
 * drain in the gateway's own server, closing it would cut that request.
 */
class GracefulShutdownIT {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @Test
    void servesThroughTheDelayThenFinishesWhatIsUnderWay() throws Exception {
        Path routing = Files.createTempDirectory("graceful-").resolve("routing.yaml");
        try (TestUpstream upstream = TestUpstream.start("1.0.0")) {
            Files.writeString(routing, RoutingFiles.rolling(upstream.url()));
            try (AppProcess gateway = AppProcess.start(Path.of("target/quarkus-app/quarkus-run.jar"), Map.of(
                    "gateway.routing.file", routing.toString(),
                    "quarkus.shutdown.delay", "1s",
                    "quarkus.shutdown.timeout", "20s"))) {
                gateway.awaitHttp200("/api/identity", Duration.ofSeconds(60));
                int before = upstream.requests();

                CompletableFuture<HttpResponse<String>> slow = send(gateway, "/api/identity?delay=4000");
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> upstream.requests() > before);
                gateway.terminate();

                assertThat(gateway.get("/api/identity").statusCode()).as("within the delay: still served").isEqualTo(200);
                Awaitility.await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(50))
                        .until(() -> status(gateway, "/api/identity") == 503);
                assertThat(slow.isDone()).as("the slow request is still under way while new ones are refused").isFalse();

                HttpResponse<String> answer = slow.get(20, TimeUnit.SECONDS);
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
                assertThat(answer.body()).contains("1.0.0");
                // 143 = 128 + SIGTERM: what a JVM returns once its shutdown hooks have run, a clean stop.
                assertThat(gateway.awaitExit(Duration.ofSeconds(20))).as(gateway.output()).isEqualTo(143);
                assertThat(gateway.output()).contains("gateway stopped in").doesNotContain("still under way");
            }
        }
    }

    private static CompletableFuture<HttpResponse<String>> send(AppProcess gateway, String path) {
        return CLIENT.sendAsync(HttpRequest.newBuilder(gateway.uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The status of a GET, or -1 when the gateway does not answer (it closed the connection). */
    private static int status(AppProcess gateway, String path) {
        try {
            return gateway.get(path).statusCode();
        } catch (Exception refused) {
            return -1;
        }
    }
}
