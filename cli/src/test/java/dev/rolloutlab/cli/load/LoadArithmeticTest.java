package dev.rolloutlab.cli.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class LoadArithmeticTest {

    @Test
    void theScheduleSpacesRequestsEvenly() {
        LoadSchedule schedule = new LoadSchedule(20, Duration.ofSeconds(3));
        assertThat(schedule.totalRequests()).isEqualTo(60);
        assertThat(schedule.sendOffsetNanos(0)).isZero();
        assertThat(schedule.sendOffsetNanos(1)).isEqualTo(50_000_000L);
        assertThat(schedule.sendOffsetNanos(59)).isEqualTo(2_950_000_000L);
    }

    @Test
    void fractionalRatesAndDurationsRoundDown() {
        assertThat(new LoadSchedule(10, Duration.ofMillis(2500)).totalRequests()).isEqualTo(25);
        assertThat(new LoadSchedule(0.5, Duration.ofSeconds(10)).totalRequests()).isEqualTo(5);
        assertThat(new LoadSchedule(0.5, Duration.ofSeconds(10)).sendOffsetNanos(1)).isEqualTo(2_000_000_000L);
        assertThat(new LoadSchedule(3, Duration.ofSeconds(1)).sendOffsetNanos(1)).isEqualTo(333_333_333L);
        assertThat(new LoadSchedule(1000, Duration.ofMillis(1)).totalRequests()).isEqualTo(1);
        // never zero requests: a run always sends at least one
        assertThat(new LoadSchedule(1, Duration.ofMillis(100)).totalRequests()).isEqualTo(1);
    }

    @Test
    void impossibleSchedulesAreRefused() {
        assertThatThrownBy(() -> new LoadSchedule(0, Duration.ofSeconds(1))).hasMessageContaining("rate must be more than 0");
        assertThatThrownBy(() -> new LoadSchedule(10, Duration.ZERO)).hasMessageContaining("duration must be more than 0");
    }

    @Test
    void percentilesAreNearestRank() {
        long[] hundred = new long[100];
        for (int i = 0; i < 100; i++) {
            hundred[i] = i + 1;
        }
        assertThat(LoadStats.percentile(hundred, 50)).isEqualTo(50);
        assertThat(LoadStats.percentile(hundred, 95)).isEqualTo(95);
        assertThat(LoadStats.percentile(hundred, 99)).isEqualTo(99);
        assertThat(LoadStats.percentile(hundred, 100)).isEqualTo(100);
        assertThat(LoadStats.percentile(new long[] {1, 2, 3, 4}, 50)).isEqualTo(2);
        assertThat(LoadStats.percentile(new long[] {7}, 99)).isEqualTo(7);
        assertThat(LoadStats.percentile(new long[] {10, 20, 30}, 0)).isEqualTo(10);
        assertThat(LoadStats.percentile(new long[0], 50)).isZero();
    }

    @Test
    void theSummaryCountsVersionsErrorsAndLatencies() {
        List<Outcome> outcomes = new ArrayList<>();
        for (int i = 1; i <= 90; i++) {
            outcomes.add(new Outcome(i, i * 1_000_000L, 200, "1.0.0", "v1", null));
        }
        for (int i = 91; i <= 98; i++) {
            outcomes.add(new Outcome(i, i * 1_000_000L, 200, "2.0.0", "v2", null));
        }
        outcomes.add(new Outcome(99, 99_000_000L, 502, null, null, "HTTP 502"));
        outcomes.add(new Outcome(100, 100_000_000L, 0, null, null, "connection refused"));

        LoadStats.Summary summary = LoadStats.summarize(outcomes);

        assertThat(summary.requests()).isEqualTo(100);
        assertThat(summary.errors()).isEqualTo(2);
        assertThat(summary.errorRate()).isEqualTo(0.02);
        assertThat(summary.errorsByKind()).containsEntry("HTTP 502", 1L).containsEntry("connection refused", 1L);
        assertThat(summary.byVersion()).containsEntry("1.0.0", 90L).containsEntry("2.0.0", 8L).containsEntry("-", 2L);
        assertThat(summary.share("1.0.0")).isEqualTo(0.9);
        assertThat(summary.groupsByVersion().get("2.0.0")).containsExactly("v2");
        assertThat(summary.p50Nanos()).isEqualTo(50_000_000L);
        assertThat(summary.p95Nanos()).isEqualTo(95_000_000L);
        assertThat(summary.p99Nanos()).isEqualTo(99_000_000L);
        assertThat(summary.maxNanos()).isEqualTo(100_000_000L);
    }

    @Test
    void failuresAreNamedByKind() {
        assertThat(LoadRun.errorKind(new CompletionException(new ConnectException()))).isEqualTo("connection refused");
        assertThat(LoadRun.errorKind(new HttpTimeoutException("request timed out"))).isEqualTo("timeout");
        assertThat(LoadRun.errorKind(new java.io.IOException("Connection reset"))).isEqualTo("connection reset");
        assertThat(LoadRun.errorKind(new java.io.IOException("something"))).isEqualTo("i/o error");
    }
}
