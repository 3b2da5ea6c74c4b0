package dev.rolloutlab.gateway.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fault a test sets on an upstream is exact, changeable while it runs, and healable. */
class TestUpstreamFaultTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void twentyPercentIsEveryFifthRequestAndZeroHeals() throws Exception {
        try (TestUpstream upstream = TestUpstream.start("2.0.0")) {
            upstream.fault(20, 0);
            List<Integer> statuses = statuses(upstream, 10);
            assertThat(statuses).containsExactly(200, 200, 200, 200, 500, 200, 200, 200, 200, 500);

            upstream.fault(0, 0);
            assertThat(statuses(upstream, 10)).containsOnly(200);
        }
    }

    @Test
    void addedLatencyDelaysEveryAnswer() throws Exception {
        try (TestUpstream upstream = TestUpstream.start("2.0.0")) {
            upstream.fault(0, 150);
            long started = System.nanoTime();
            assertThat(statuses(upstream, 2)).containsOnly(200);
            assertThat((System.nanoTime() - started) / 1_000_000).isGreaterThanOrEqualTo(300);
        }
    }

    @Test
    void refusesImpossibleFaults() throws Exception {
        try (TestUpstream upstream = TestUpstream.start("2.0.0")) {
            assertThatThrownBy(() -> upstream.fault(101, 0)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> upstream.fault(5, -1)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    private List<Integer> statuses(TestUpstream upstream, int count) throws Exception {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            statuses.add(http.send(HttpRequest.newBuilder(URI.create(upstream.url() + "/api/identity")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode());
        }
        return statuses;
    }
}
