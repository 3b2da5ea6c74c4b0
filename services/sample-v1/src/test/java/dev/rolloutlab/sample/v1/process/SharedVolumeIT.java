package dev.rolloutlab.sample.v1.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rolloutlab.testing.AppProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two pods on one PVC: two processes counting visits on one directory lose none. */
class SharedVolumeIT {

    @TempDir
    Path podA;
    @TempDir
    Path podB;
    @TempDir
    Path pvc;

    @Test
    void twoProcessesCountExactlyOnOneMount() throws Exception {
        try (AppProcess a = SampleProcesses.startV1(podA, "sample.volumes.data.path", pvc.toString());
             AppProcess b = SampleProcesses.startV1(podB, "sample.volumes.data.path", pvc.toString())) {
            a.awaitHttp200("/q/health/ready", Duration.ofSeconds(30));
            b.awaitHttp200("/q/health/ready", Duration.ofSeconds(30));
            HttpClient http = HttpClient.newHttpClient();

            List<CompletableFuture<HttpResponse<String>>> visits = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                for (AppProcess app : List.of(a, b)) {
                    visits.add(http.sendAsync(post(app.uri("/api/volumes/data/visits")),
                            HttpResponse.BodyHandlers.ofString()));
                }
            }
            for (CompletableFuture<HttpResponse<String>> visit : visits) {
                assertThat(visit.get().statusCode()).isEqualTo(200);
            }

            assertThat(Files.readString(pvc.resolve("visits.count")).trim()).isEqualTo("100");
        }
    }

    private static HttpRequest post(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.noBody()).build();
    }
}
