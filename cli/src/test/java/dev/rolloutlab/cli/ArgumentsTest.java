package dev.rolloutlab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rolloutlab.cli.local.AppVersion;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ArgumentsTest {

    @Test
    void weightsFrom0To100AreAccepted() {
        assertThat(Arguments.weight("0")).isZero();
        assertThat(Arguments.weight("10")).isEqualTo(10);
        assertThat(Arguments.weight("50%")).isEqualTo(50);
        assertThat(Arguments.weight("100")).isEqualTo(100);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "101   | weight must be from 0 to 100 percent (got 101)",
            "-1    | weight must be from 0 to 100 percent (got -1)",
            "abc   | weight must be a whole number from 0 to 100 (got 'abc')",
            "12.5  | weight must be a whole number from 0 to 100 (got '12.5')",
            "''    | weight must be a whole number from 0 to 100 (got '')"})
    void badWeightsAreNamed(String weight, String message) {
        assertThatThrownBy(() -> Arguments.weight(weight)).hasMessage(message);
    }

    @Test
    void sidesAreColorsOrVersions() {
        assertThat(Arguments.color("blue")).isEqualTo(AppVersion.V1);
        assertThat(Arguments.color("GREEN")).isEqualTo(AppVersion.V2);
        assertThat(Arguments.color("v2")).isEqualTo(AppVersion.V2);
        assertThatThrownBy(() -> Arguments.color("red")).hasMessage("expected blue (v1) or green (v2), got 'red'");
    }

    @Test
    void versionsAreV1OrV2() {
        assertThat(Arguments.version("v1")).isEqualTo(AppVersion.V1);
        assertThat(Arguments.version("2.0.0")).isEqualTo(AppVersion.V2);
        assertThatThrownBy(() -> Arguments.version("v3")).hasMessage("unknown version 'v3': known versions are v1, v2");
    }

    @Test
    void surgeAndUnavailableCannotBothBeZeroOrNegative() {
        Arguments.surgeAndUnavailable(1, 0);
        Arguments.surgeAndUnavailable(0, 1);
        assertThatThrownBy(() -> Arguments.surgeAndUnavailable(0, 0))
                .hasMessage("--max-surge and --max-unavailable cannot both be 0: no instance could be replaced");
        assertThatThrownBy(() -> Arguments.surgeAndUnavailable(-1, 1)).hasMessage("--max-surge must be 0 or more (got -1)");
        assertThatThrownBy(() -> Arguments.surgeAndUnavailable(1, -2)).hasMessage("--max-unavailable must be 0 or more (got -2)");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "0     | --rate must be more than 0 and at most 5000 requests per second (got 0)",
            "-5    | --rate must be more than 0 and at most 5000 requests per second (got -5)",
            "6000  | --rate must be more than 0 and at most 5000 requests per second (got 6000)",
            "fast  | --rate must be a number of requests per second (got 'fast')",
            "NaN   | --rate must be more than 0 and at most 5000 requests per second (got NaN)"})
    void badRatesAreNamed(String rate, String message) {
        assertThatThrownBy(() -> Arguments.rate(rate)).hasMessage(message);
    }

    @Test
    void errorRatesAreFractionsOrPercentages() {
        assertThat(Arguments.errorRate("0.01")).isEqualTo(0.01);
        assertThat(Arguments.errorRate("1%")).isEqualTo(0.01);
        assertThat(Arguments.errorRate("0")).isZero();
        assertThatThrownBy(() -> Arguments.errorRate("2"))
                .hasMessage("--max-error-rate must be from 0 to 1 (0% to 100%) (got 2)");
        assertThatThrownBy(() -> Arguments.errorRate("lots"))
                .hasMessage("--max-error-rate must be a fraction like 0.01 or a percentage like 1% (got 'lots')");
    }

    @Test
    void durationsUrlsMethodsAndPorts() {
        assertThat(Arguments.duration("--duration", "1.5s", Duration.ZERO, Duration.ofHours(1))).isEqualTo(Duration.ofMillis(1500));
        assertThat(Arguments.duration("--duration", "2m", Duration.ZERO, Duration.ofHours(1))).isEqualTo(Duration.ofMinutes(2));
        assertThatThrownBy(() -> Arguments.duration("--duration", "soon", Duration.ZERO, Duration.ofHours(1)))
                .hasMessage("--duration: 'soon' is not a duration like 500ms, 30s or 2m");
        assertThatThrownBy(() -> Arguments.duration("--shutdown-delay", "1m", Duration.ZERO, Duration.ofSeconds(30)))
                .hasMessage("--shutdown-delay must be from 0ms to 30.0s (got 1m)");
        assertThatThrownBy(() -> Arguments.url("ftp://x/y"))
                .hasMessage("--url must be an http(s) URL like http://localhost:8080/api/identity (got 'ftp://x/y')");
        assertThatThrownBy(() -> Arguments.method("PATCH"))
                .hasMessage("--method must be one of GET, HEAD, POST, PUT, DELETE (got 'PATCH')");
        assertThatThrownBy(() -> Arguments.port(70000)).hasMessage("port must be from 1 to 65535 (got 70000)");
    }

    @Test
    void stepsIncreaseFrom1To99() {
        assertThat(Arguments.steps("10,25,50")).containsExactly(10, 25, 50);
        assertThat(Arguments.steps("5%, 50%")).containsExactly(5, 50);
        assertThat(Arguments.steps("99")).containsExactly(99);
        assertThatThrownBy(() -> Arguments.steps("10,10")).hasMessage("--steps must increase: 10 after 10 (got '10,10')");
        assertThatThrownBy(() -> Arguments.steps("1,2,3,4,5,6,7,8,9,10,11")).hasMessage("--steps: at most 10 steps (got 11)");
        assertThatThrownBy(() -> Arguments.steps("")).hasMessage("--steps must be weights like 10,25,50 (got '')");
    }

    @Test
    void holdsAreDurationsOrManual() {
        assertThat(Arguments.hold("--hold", "30s")).contains(Duration.ofSeconds(30));
        assertThat(Arguments.hold("--hold", "MANUAL")).isEmpty();
        assertThatThrownBy(() -> Arguments.hold("--hold", "-5s")).hasMessage("--hold must be a duration like 30s, or manual (got '-5s')");
    }

    @Test
    void sharesAreFractionsOrPercentagesNamedByTheirOption() {
        assertThat(Arguments.fraction("--error-rate", "20%")).isEqualTo(0.2);
        assertThat(Arguments.fraction("--error-rate", "0.2")).isEqualTo(0.2);
        // found by ArgumentsFuzzTest: "-0" was accepted as -0.0, a negative number in print
        assertThat(Arguments.fraction("--error-rate", "-0")).isEqualTo(0.0).isNotNegative();
        assertThat(1 / Arguments.fraction("--error-rate", "-0%")).isPositive();
        assertThatThrownBy(() -> Arguments.fraction("--error-rate", "2")).hasMessage("--error-rate must be from 0 to 1 (0% to 100%) (got 2)");
    }

    @Test
    void durationsGoIntoTheRoutingFileAsWholeUnits() {
        assertThat(Durations.toRouting(Duration.ofSeconds(30))).isEqualTo("30s");
        assertThat(Durations.toRouting(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(Durations.toRouting(Duration.ZERO)).isEqualTo("0s");
        assertThat(Durations.toRouting(Durations.parse("2m"))).isEqualTo("120s");
    }
}
