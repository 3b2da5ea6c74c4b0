package dev.rolloutlab.gateway.progressive.decision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rolloutlab.gateway.progressive.plan.Analysis;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class JudgeTest {

    /** minRequests 20, maxErrorRate 5 %, maxP99 500 ms. */
    static final Analysis LIMITS = Analysis.DEFAULTS;
    static final GroupNumbers HEALTHY_STABLE = new GroupNumbers("v1", 450, 0, 0.0, 9);

    static GroupNumbers v2(long requests, double errorRate, double p99) {
        return new GroupNumbers("v2", requests, Math.round(requests * errorRate / 100), errorRate, p99);
    }

    static IntervalReport judge(GroupNumbers candidate, GroupNumbers baseline) {
        return Judge.judge(LIMITS, candidate, baseline, 1_000, 1, 25);
    }

    @Test
    void aHealthyIntervalPassesWithItsNumbers() {
        IntervalReport report = judge(v2(50, 0, 12.4), HEALTHY_STABLE);

        assertThat(report.verdict()).isEqualTo(Verdict.PASSED);
        assertThat(report.why()).isEqualTo("v2 0.0 % errors <= 5 %, p99 12 ms <= 500 ms");
        assertThat(report).extracting(IntervalReport::at, IntervalReport::step, IntervalReport::weight,
                IntervalReport::candidate, IntervalReport::baseline)
                .containsExactly(1_000L, 1, 25, v2(50, 0, 12.4), HEALTHY_STABLE);
    }

    @Test
    void tooFewRequestsAreInconclusiveWhateverTheirNumbers() {
        IntervalReport report = judge(v2(7, 100, 5000), HEALTHY_STABLE);

        assertThat(report.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(report.why()).isEqualTo("7 v2 requests < 20");
        assertThat(judge(v2(20, 0, 10), HEALTHY_STABLE).verdict()).as("exactly minRequests is enough").isEqualTo(Verdict.PASSED);
        assertThat(judge(v2(19, 0, 10), HEALTHY_STABLE).verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    }

    @Test
    void tooManyErrorsFail() {
        IntervalReport report = judge(v2(50, 18, 12), HEALTHY_STABLE);

        assertThat(report.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(report.why()).isEqualTo("v2 18.0 % errors > 5 %");
    }

    @Test
    void aSlowP99Fails() {
        IntervalReport report = judge(v2(50, 0, 812.4), HEALTHY_STABLE);

        assertThat(report.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(report.why()).isEqualTo("v2 p99 812 ms > 500 ms");
    }

    @Test
    void bothLimitsBrokenAreBothNamed() {
        assertThat(judge(v2(50, 18, 812), HEALTHY_STABLE).why()).isEqualTo("v2 18.0 % errors > 5 %, p99 812 ms > 500 ms");
    }

    @Test
    void exactlyAtALimitPasses() {
        assertThat(judge(v2(100, 5.0, 500), HEALTHY_STABLE).verdict()).isEqualTo(Verdict.PASSED);
        assertThat(judge(v2(100, 5.01, 500), HEALTHY_STABLE).verdict()).isEqualTo(Verdict.FAILED);
        assertThat(judge(v2(100, 5.0, 500.5), HEALTHY_STABLE).verdict()).isEqualTo(Verdict.FAILED);
    }

    @Test
    void aDecimalLimitIsWrittenAsConfigured() {
        Analysis strict = new Analysis(Duration.ofSeconds(10), Duration.ZERO, 20, 2.5, Duration.ofMillis(500), 1, 30);

        assertThat(Judge.judge(strict, v2(100, 3, 10), HEALTHY_STABLE, 0, 0, 10).why()).isEqualTo("v2 3.0 % errors > 2.5 %");
    }

    @Test
    void whenStableFailsTheSameLimitTheCandidateIsNotBlamed() {
        IntervalReport errors = judge(v2(50, 20, 12), new GroupNumbers("v1", 400, 78, 19.5, 9));
        IntervalReport latency = judge(v2(50, 0, 812), new GroupNumbers("v1", 400, 0, 0, 900));

        assertThat(errors.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(errors.why()).isEqualTo("v2 20.0 % errors > 5 %, but stable fails too (19.5 %)");
        assertThat(latency.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(latency.why()).isEqualTo("v2 p99 812 ms > 500 ms, but stable fails too (p99 900 ms)");
    }

    @Test
    void stableFailingAnotherLimitDoesNotExcuseTheCandidate() {
        IntervalReport report = judge(v2(50, 20, 12), new GroupNumbers("v1", 400, 0, 0, 900));

        assertThat(report.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(judge(v2(50, 20, 812), new GroupNumbers("v1", 400, 80, 20, 9)).verdict())
                .as("the candidate's p99 is its own").isEqualTo(Verdict.FAILED);
        assertThat(judge(v2(50, 20, 812), new GroupNumbers("v1", 400, 80, 20, 900)).verdict())
                .isEqualTo(Verdict.INCONCLUSIVE);
    }

    @Test
    void stableCountsOnlyWithEnoughRequestsOfItsOwn() {
        assertThat(judge(v2(50, 20, 12), new GroupNumbers("v1", 19, 19, 100, 9)).verdict()).isEqualTo(Verdict.FAILED);
        assertThat(judge(v2(50, 20, 12), new GroupNumbers("v1", 20, 20, 100, 9)).verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(judge(v2(50, 20, 12), null).verdict()).as("no baseline numbers at all").isEqualTo(Verdict.FAILED);
    }

    @Test
    void stableAtTheLimitIsNotFailing() {
        assertThat(judge(v2(50, 20, 12), new GroupNumbers("v1", 400, 20, 5.0, 9)).verdict()).isEqualTo(Verdict.FAILED);
    }
}
