package dev.rolloutlab.cli.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.rolloutlab.cli.Arguments;
import dev.rolloutlab.cli.Durations;
import dev.rolloutlab.gateway.progressive.plan.DurationText;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Any text for any argument check: a value within what the check promises, or an
 * IllegalArgumentException (the usage error) whose message names the option. Durations the CLI
 * accepts must also read back in the gateway's routing file, where the CLI writes them.
 */
class ArgumentsFuzzTest {

    enum Check { WEIGHT, COLOR, VERSION, DURATION, HOLD, RATE, FRACTION, STEPS, WHOLE, URL, GATEWAY, METHOD, PLAIN_DURATION }

    @FuzzTest(maxDuration = "5s")
    void anyTextIsAValueInRangeOrAUsageErrorNamingTheOption(FuzzedDataProvider data) {
        Check check = data.pickValue(Check.values());
        String text = data.consumeRemainingAsString();
        try {
            accept(check, text);
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).as(check + " refusing '%s'", text).isNotBlank().contains(named(check));
        }
    }

    /** What each check's message must name: the option, or what the positional argument is. */
    static String named(Check check) {
        return switch (check) {
            case WEIGHT -> "weight";
            case COLOR -> "blue";
            case VERSION -> "version";
            case DURATION -> "--interval";
            case HOLD -> "--hold";
            case RATE -> "--rate";
            case FRACTION -> "--max-error-rate";
            case STEPS -> "--steps";
            case WHOLE -> "--min-requests";
            case URL -> "--url";
            case GATEWAY -> "--gateway";
            case METHOD -> "--method";
            case PLAIN_DURATION -> "is not a duration";
        };
    }

    static void accept(Check check, String text) {
        switch (check) {
            case WEIGHT -> assertThat(Arguments.weight(text)).isBetween(0, 100);
            case COLOR -> assertThat(Arguments.color(text)).isNotNull();
            case VERSION -> assertThat(Arguments.version(text)).isNotNull();
            case DURATION -> assertRoutingDuration(
                    Arguments.duration("--interval", text, Duration.ofSeconds(1), Duration.ofHours(1)),
                    Duration.ofSeconds(1), Duration.ofHours(1));
            case HOLD -> {
                Optional<Duration> hold = Arguments.hold("--hold", text);
                hold.ifPresent(d -> assertRoutingDuration(d, Duration.ZERO, Duration.ofHours(24)));
            }
            case RATE -> assertThat(Arguments.rate(text)).isGreaterThan(0).isLessThanOrEqualTo(5000);
            case FRACTION -> assertThat(Arguments.fraction("--max-error-rate", text)).isBetween(0.0, 1.0);
            case STEPS -> {
                List<Integer> steps = Arguments.steps(text);
                assertThat(steps).hasSizeBetween(1, 10).allMatch(w -> w >= 1 && w <= 99).isSorted().doesNotHaveDuplicates();
            }
            case WHOLE -> assertThat(Arguments.whole("--min-requests", text, 1, 1_000_000)).isBetween(1, 1_000_000);
            case URL -> assertHttp(Arguments.url(text));
            case GATEWAY -> assertHttp(Arguments.gateway(text));
            case METHOD -> assertThat(Arguments.method(text)).isIn("GET", "HEAD", "POST", "PUT", "DELETE");
            case PLAIN_DURATION -> assertThat(Durations.parse(text).isNegative()).isFalse();
        }
    }

    /** In range, and written into the routing file it reads back as the same duration. */
    static void assertRoutingDuration(Duration duration, Duration min, Duration max) {
        assertThat(duration).isBetween(min, max);
        assertThat(DurationText.parse(Durations.toRouting(duration))).contains(duration);
    }

    static void assertHttp(URI uri) {
        assertThat(uri.getScheme()).isIn("http", "https");
        assertThat(uri.getHost()).isNotNull();
    }
}
