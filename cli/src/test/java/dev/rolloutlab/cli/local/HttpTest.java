package dev.rolloutlab.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The CLI's requests to local processes, against a real HTTP server on a free port. */
class HttpTest {

    private HttpServer server;
    private String base;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/ok", exchange -> {
            exchange.getResponseHeaders().add("X-App-Version", "2.0.0");
            answer(exchange, 200, exchange.getRequestMethod() + " " + exchange.getRequestBody().readAllBytes().length);
        });
        server.createContext("/conflict", exchange -> answer(exchange, 409, "{\"error\":\"no rollout\"}"));
        server.createContext("/empty-error", exchange -> {
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static void answer(com.sun.net.httpserver.HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Test
    void aGetGivesStatusBodyAndHeadersInAnyCase() {
        Http.Response response = Http.get(base + "/ok").orElseThrow();

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("GET 0");
        assertThat(response.header("x-app-version")).contains("2.0.0");
        assertThat(response.header("X-Rollout-Group")).isEmpty();
    }

    @Test
    void aPostSendsAnEmptyBody() {
        assertThat(Http.post(base + "/ok").orElseThrow().body()).isEqualTo("POST 0");
    }

    @Test
    void anErrorStatusKeepsItsBody() {
        Http.Response conflict = Http.post(base + "/conflict").orElseThrow();
        assertThat(conflict.statusCode()).isEqualTo(409);
        assertThat(conflict.body()).isEqualTo("{\"error\":\"no rollout\"}");

        Http.Response empty = Http.get(base + "/empty-error").orElseThrow();
        assertThat(empty.statusCode()).isEqualTo(503);
        assertThat(empty.body()).isEmpty();
    }

    @Test
    void nothingListeningIsEmpty() {
        int port = server.getAddress().getPort();
        server.stop(0);

        assertThat(Http.get("http://127.0.0.1:" + port + "/ok")).isEmpty();
        assertThat(Http.ready(port)).isFalse();
    }
}
