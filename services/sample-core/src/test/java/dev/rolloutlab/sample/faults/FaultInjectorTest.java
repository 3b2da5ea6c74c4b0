package dev.rolloutlab.sample.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.function.DoubleSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FaultInjectorTest {

    /** The draws 0.00, 0.01, ..., 0.99: one of each hundredth, as an even random source would give. */
    private static DoubleSupplier evenDraws() {
        int[] next = {0};
        return () -> next[0]++ / 100.0;
    }

    @ParameterizedTest
    @CsvSource({"0.15, 15", "0, 0", "1, 100", "0.5, 50", "0.01, 1"})
    void failsTheShareOfDrawsTheRateSays(double rate, int expectedFailures) {
        FaultInjector injector = new FaultInjector(rate, Duration.ZERO, evenDraws());

        long failures = IntStream.range(0, 100).filter(i -> injector.next().fail()).count();

        assertThat(failures).isEqualTo(expectedFailures);
    }

    @Test
    void addsTheConfiguredLatencyToEveryRequest() {
        FaultInjector injector = new FaultInjector(0, Duration.ofMillis(250), evenDraws());

        assertThat(injector.next().latency()).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void rejectsARateOutsideZeroToOne() {
        assertThatThrownBy(() -> new FaultInjector(1.5, Duration.ZERO, evenDraws()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("between 0 and 1");
        assertThatThrownBy(() -> new FaultInjector(Double.NaN, Duration.ZERO, evenDraws()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsNegativeLatency() {
        assertThatThrownBy(() -> new FaultInjector(0, Duration.ofMillis(-1), evenDraws()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
    }
}
