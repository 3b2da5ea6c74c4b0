package dev.rolloutlab.cli.local;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Short, bounded requests to local processes and gateways (readiness, status, rollout commands).
 * {@link HttpURLConnection}, not {@code java.net.http.HttpClient}: a command makes a handful of
 * plain HTTP requests in a JVM that lives a second, and the HttpClient's set-up (its selector
 * thread and the default TLS context with every CA certificate) costs about 0.3 s of that second
 * on this machine; the load tool, which sends thousands, keeps the HttpClient.
 */
public final class Http {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);

    /** Status, body and headers (names in any case; the first value of each). */
    public record Response(int statusCode, String body, Map<String, String> headers) {

        public Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name));
        }
    }

    private Http() {
    }

    /** The response, or empty when nothing answered within two seconds. */
    public static Optional<Response> get(String url) {
        return send("GET", url, Duration.ofSeconds(2));
    }

    /** A POST without a body, or empty when nothing answered within five seconds. */
    public static Optional<Response> post(String url) {
        return send("POST", url, Duration.ofSeconds(5));
    }

    private static Optional<Response> send(String method, String url, Duration timeout) {
        try {
            // No proxy: every address here is local, whatever the JVM's proxy settings say.
            HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection(Proxy.NO_PROXY);
            connection.setRequestMethod(method);
            connection.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
            connection.setReadTimeout((int) timeout.toMillis());
            if (method.equals("POST")) {
                connection.setDoOutput(true);
                connection.getOutputStream().close(); // an empty body: Content-Length: 0
            }
            int status = connection.getResponseCode();
            // An error status's body comes from the error stream (none when the body is empty).
            try (InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
                String body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
                return Optional.of(new Response(status, body, headersOf(connection)));
            }
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Map<String, String> headersOf(HttpURLConnection connection) {
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        connection.getHeaderFields().forEach((name, values) -> {
            if (name != null && !values.isEmpty()) { // the null name is the status line
                headers.put(name, values.get(0));
            }
        });
        return headers;
    }

    public static boolean ready(int port) {
        return get("http://127.0.0.1:" + port + "/q/health/ready").map(r -> r.statusCode() == 200).orElse(false);
    }
}
