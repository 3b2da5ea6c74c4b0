package dev.rolloutlab.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.rolloutlab.cli.Console;
import dev.rolloutlab.cli.RolloutLab;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * {@code status --gateway URL} against a gateway in a cluster (port-forwarded): each pod of each
 * group by name with its endpoint's state, and what the gateway says of its EndpointSlice watch.
 * The gateway here is a real HTTP server answering what the gateway's {@code /gateway/status} does.
 */
class StatusPodsTest {

    private static final String STATUS = """
            {"config":{"strategy":"ROLLING"},"configuredShares":{"sample":100},"source":"ConfigMap rl-routing (Kubernetes API)",
             "loadedAt":"2026-12-07T07:00:00Z","reloads":[],
             "upstreams":[
              {"group":"sample","url":"http://10.244.1.7:8080","name":"rl-sample-6b9f-abcde","healthy":true,
               "service":"rl-sample","pod":"rl-sample-6b9f-abcde","node":"rollout-lab-worker","endpoint":"ready"},
              {"group":"sample","url":"http://10.244.2.3:8080","name":"rl-sample-5c7d-fghij","healthy":false,
               "problem":"readiness answered 503","service":"rl-sample","pod":"rl-sample-5c7d-fghij","endpoint":"terminating"}],
             "endpoints":{"source":"EndpointSlices (Kubernetes API)","watching":false,"synced":true,
               "problem":"the watch is down: the last endpoints known serve"}}
            """;

    @Test
    void eachPodIsListedWithItsEndpointStateAndTheWatchProblemIsSaid() throws IOException {
        HttpServer gateway = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        gateway.createContext("/gateway/status", exchange -> {
            byte[] body = STATUS.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        gateway.start();
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Console console = new Console(new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(new ByteArrayOutputStream()), false);
            int exit = RolloutLab.run(console, "status", "--gateway", "http://127.0.0.1:" + gateway.getAddress().getPort());
            String printed = out.toString(StandardCharsets.UTF_8);
            assertThat(exit).as(printed).isZero();
            assertThat(printed).contains("pods: the watch is down: the last endpoints known serve");
            assertThat(printed).containsPattern("sample +rl-sample-6b9f-abcde +healthy ready http://10\\.244\\.1\\.7:8080");
            assertThat(printed).containsPattern(
                    "sample +rl-sample-5c7d-fghij +down terminating http://10\\.244\\.2\\.3:8080 \\(readiness answered 503\\)");
        } finally {
            gateway.stop(0);
        }
    }
}
