package dev.rolloutlab.cli.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.rolloutlab.cli.load.LoadSchedule;
import dev.rolloutlab.cli.load.LoadStats;
import dev.rolloutlab.cli.load.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The load tool's arithmetic on any outcomes and any schedule: counts add up, shares and the
 * error rate are fractions from 0 to 1 (never NaN), percentiles are ordered, and a schedule is
 * refused with a message or sends at least one request, in order, within its duration.
 */
class LoadSummaryFuzzTest {

    static final String[] VERSIONS = {"1.0.0", "2.0.0", "-", ""};
    static final String[] GROUPS = {"v1", "v2", "blue"};
    static final String[] ERRORS = {"timeout", "connection refused", "HTTP 502", "i/o error"};

    @FuzzTest(maxDuration = "5s")
    void countsAddUpAndSharesAreFractions(FuzzedDataProvider data) {
        assertSchedule(data.consumeDouble(), Duration.ofSeconds(data.consumeLong(), data.consumeInt(0, 999_999_999)));
        List<Outcome> outcomes = new ArrayList<>();
        int count = data.consumeInt(0, 300);
        for (int i = 0; i < count; i++) {
            String version = data.consumeBoolean() ? null : data.consumeBoolean() ? data.pickValue(VERSIONS) : data.consumeString(8);
            String group = data.consumeBoolean() ? null : data.pickValue(GROUPS);
            String error = data.consumeBoolean() ? null : data.pickValue(ERRORS);
            outcomes.add(new Outcome(data.consumeLong(0, Long.MAX_VALUE / 2), data.consumeLong(0, Long.MAX_VALUE / 2),
                    data.consumeInt(0, 599), version, group, error));
        }

        LoadStats.Summary summary = LoadStats.summarize(outcomes);

        assertThat(summary.requests()).isEqualTo(outcomes.size());
        assertThat(summary.errors()).isEqualTo(outcomes.stream().filter(o -> !o.ok()).count());
        assertThat(sum(summary.errorsByKind().values())).isEqualTo(summary.errors());
        assertThat(sum(summary.byVersion().values())).isEqualTo(summary.requests());
        assertThat(sum(summary.byGroup().values())).isEqualTo(outcomes.stream().filter(o -> o.group() != null).count());
        assertThat(summary.errorRate()).isBetween(0.0, 1.0);
        double shares = 0;
        for (String version : summary.byVersion().keySet()) {
            assertThat(summary.share(version)).isBetween(0.0, 1.0);
            shares += summary.share(version);
        }
        assertThat(shares).isCloseTo(summary.requests() == 0 ? 0 : 1, within(1e-9));
        assertThat(summary.share("not a version")).isZero();
        assertThat(summary.p50Nanos()).isGreaterThanOrEqualTo(0)
                .isLessThanOrEqualTo(summary.p95Nanos());
        assertThat(summary.p95Nanos()).isLessThanOrEqualTo(summary.p99Nanos());
        assertThat(summary.p99Nanos()).isLessThanOrEqualTo(summary.maxNanos());
    }

    /** A crash of this target: Duration.toNanos() overflowed (ArithmeticException) past 292 years. */
    @Test
    void aScheduleBeyond292YearsIsCountedNotOverflowed() {
        Duration thousandYears = Duration.ofDays(365_000);
        assertSchedule(1, thousandYears);
        assertThat(new LoadSchedule(1, thousandYears).totalRequests()).isEqualTo(thousandYears.getSeconds());
    }

    static void assertSchedule(double rate, Duration duration) {
        LoadSchedule schedule;
        try {
            schedule = new LoadSchedule(rate, duration);
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).containsAnyOf("rate", "duration");
            return;
        }
        long total = schedule.totalRequests();
        assertThat(total).isPositive();
        long last = schedule.sendOffsetNanos(total - 1);
        assertThat(schedule.sendOffsetNanos(0)).isZero();
        assertThat(last).isGreaterThanOrEqualTo(schedule.sendOffsetNanos(Math.max(0, total - 2)));
        if (total > 1) {
            assertThat(Duration.ofNanos(last)).as("the last request is sent within the run").isLessThan(duration);
        }
    }

    static long sum(Iterable<Long> counts) {
        long sum = 0;
        for (long c : counts) {
            sum += c;
        }
        return sum;
    }
}
