package dev.rolloutlab.sample.v1.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rolloutlab.testing.AppProcess;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged app as a real process receiving a real SIGTERM, as the kubelet sends it: readiness
 * must turn DOWN at once, the app must keep serving through the delay, finish the request in
 * flight, and exit cleanly.
 */
class GracefulShutdownIT {

    @TempDir
    Path volumes;

    @Test
    void drainsOnSigterm() throws Exception {
        try (AppProcess app = SampleProcesses.startV1(volumes,
                "sample.fault.latency", "3s",
                "quarkus.shutdown.delay", "2s",
                "quarkus.shutdown.timeout", "10s")) {
            app.awaitHttp200("/q/health/ready", Duration.ofSeconds(30));

            CompletableFuture<HttpResponse<String>> slow = CompletableFuture.supplyAsync(() -> get(app, "/api/identity"));
            Thread.sleep(500);
            long signalled = System.nanoTime();
            app.terminate();

            assertThat(awaitStatus(app, "/q/health/ready", 503, Duration.ofSeconds(2)))
                    .as("readiness DOWN during the shutdown delay").isTrue();
            assertThat(app.get("/api/volumes").statusCode())
                    .as("a new request during the delay is still served").isEqualTo(200);

            HttpResponse<String> response = slow.get();
            assertThat(response.statusCode()).as("the in-flight request completes").isEqualTo(200);
            assertThat(response.body()).contains("\"version\":\"1.0.0\"");

            int exit = app.awaitExit(Duration.ofSeconds(20));
            assertThat(exit).as("exit code; output:\n" + app.output()).isIn(0, 143);
            assertThat(Duration.ofNanos(System.nanoTime() - signalled))
                    .as("kept serving through the 2 s delay").isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        }
    }

    private static boolean awaitStatus(AppProcess app, String path, int status, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (app.get(path).statusCode() == status) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    private static HttpResponse<String> get(AppProcess app, String path) {
        try {
            return app.get(path);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
