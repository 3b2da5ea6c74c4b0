package dev.rolloutlab.cli.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/** Short, bounded requests to local processes and gateways (readiness, status, rollout commands). */
public final class Http {

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(1))
            .build();

    private Http() {
    }

    /** The response, or empty when nothing answered within two seconds. */
    public static Optional<HttpResponse<String>> get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).GET().build());
    }

    /** A POST without a body, or empty when nothing answered within five seconds. */
    public static Optional<HttpResponse<String>> post(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                .POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    private static Optional<HttpResponse<String>> send(HttpRequest request) {
        try {
            return Optional.of(CLIENT.send(request, HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    public static boolean ready(int port) {
        return get("http://127.0.0.1:" + port + "/q/health/ready").map(r -> r.statusCode() == 200).orElse(false);
    }
}
