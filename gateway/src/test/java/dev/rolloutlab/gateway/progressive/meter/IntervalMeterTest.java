package dev.rolloutlab.gateway.progressive.meter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rolloutlab.gateway.progressive.decision.GroupNumbers;
import dev.rolloutlab.gateway.routing.Reason;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

class IntervalMeterTest {

    private static final long MS = 1_000_000;

    private final IntervalMeter meter = new IntervalMeter(() -> "v2");

    @Test
    void countsRequestsAndErrorsPerGroup() {
        meter.record("v2", 200, Reason.WEIGHT, 5 * MS);
        meter.record("v2", 503, Reason.WEIGHT, 5 * MS);
        meter.record("v2", 404, Reason.WEIGHT, 5 * MS);
        meter.record("v1", 200, Reason.WEIGHT, 5 * MS);

        assertThat(meter.read("v2").numbers("v2")).isEqualTo(new GroupNumbers("v2", 3, 1, 33.3, 5));
        assertThat(meter.read("v1").numbers("v1")).isEqualTo(new GroupNumbers("v1", 1, 0, 0, 5));
        assertThat(meter.read("never-seen").numbers("x")).isEqualTo(new GroupNumbers("x", 0, 0, 0, 0));
    }

    @Test
    void clientAbortsAreLeftOut() {
        meter.record("v2", 499, Reason.WEIGHT, 5 * MS);
        assertThat(meter.read("v2").requests()).isZero();
    }

    @Test
    void aFallbackAnswerIsAnErrorOfTheGroupThatFellBack() {
        // Stable answered (status 200) for a canary request that failed.
        meter.record("v1", 200, Reason.FALLBACK, 5 * MS);

        assertThat(meter.read("v2").numbers("v2")).extracting(GroupNumbers::requests, GroupNumbers::errors)
                .containsExactly(1L, 1L);
        assertThat(meter.read("v1").requests()).isZero();
    }

    @Test
    void p99IsTheUpperBoundOfItsBucket() {
        for (int i = 0; i < 99; i++) {
            meter.record("v2", 200, Reason.WEIGHT, 8 * MS); // bucket (7, 10] ms
        }
        assertThat(meter.read("v2").p99()).isEqualTo(10);

        meter.record("v2", 200, Reason.WEIGHT, 450 * MS); // 1 in 100: still within p99's bucket of 10 ms
        assertThat(meter.read("v2").p99()).isEqualTo(10);

        meter.record("v2", 200, Reason.WEIGHT, 450 * MS); // 2 in 101: the 99th percentile is now slow
        assertThat(meter.read("v2").p99()).isEqualTo(500);

        meter.record("v2", 200, Reason.WEIGHT, 10 * 60_000 * MS);
        meter.record("v2", 200, Reason.WEIGHT, 10 * 60_000 * MS);
        assertThat(meter.read("v2").p99()).isEqualTo(LatencyBuckets.OVERFLOW_MILLIS);
    }

    @Test
    void anIntervalIsTheDifferenceOfTwoReadings() {
        for (int i = 0; i < 10; i++) {
            meter.record("v2", 500, Reason.WEIGHT, 900 * MS);
        }
        GroupCounts start = meter.read("v2");
        for (int i = 0; i < 20; i++) {
            meter.record("v2", i % 10 == 0 ? 500 : 200, Reason.WEIGHT, 3 * MS);
        }
        GroupNumbers interval = meter.read("v2").minus(start).numbers("v2");

        // The slow failing requests before the interval's start are not in it.
        assertThat(interval).isEqualTo(new GroupNumbers("v2", 20, 2, 10.0, 3));
    }

    @Test
    void recordingAllocatesNothing() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        for (int i = 0; i < 20_000; i++) { // warm up: the JIT compiles record() first
            record(i);
        }
        long before = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < 100_000; i++) {
            record(i);
        }
        long allocated = threads.getThreadAllocatedBytes(thread) - before;

        // A few hundred bytes at most: the measurement's own objects, not 100,000 of anything.
        assertThat(allocated).isLessThan(2_000);
    }

    private void record(int i) {
        meter.record(i % 2 == 0 ? "v1" : "v2", i % 50 == 0 ? 503 : 200, i % 100 == 0 ? Reason.FALLBACK : Reason.WEIGHT,
                (i % 700) * MS);
    }
}
