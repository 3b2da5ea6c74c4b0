package dev.rolloutlab.gateway.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.rolloutlab.gateway.progressive.plan.Plan;
import dev.rolloutlab.gateway.progressive.plan.Step;
import dev.rolloutlab.gateway.routing.InvalidRoutingConfigException;
import dev.rolloutlab.gateway.routing.RouteRequest;
import dev.rolloutlab.gateway.routing.Router;
import dev.rolloutlab.gateway.routing.RoutingConfig;
import dev.rolloutlab.gateway.routing.RoutingConfigParser;
import java.util.List;
import java.util.Map;

/**
 * Any bytes as a routing file: refused with {@link InvalidRoutingConfigException} naming what
 * is wrong, or a config whose every weight and percentage is within 0..100. Never another
 * exception, never a hang.
 *
 * <p>In a plain build the seeds and every saved finding (RoutingConfigParserFuzzTestInputs/)
 * run as regression tests; {@code JAZZER_FUZZ=1} fuzzes, with a per-input timeout (see .ci/fuzz).
 */
class RoutingConfigParserFuzzTest {

    /** Problems about the whole file rather than one key. */
    static final List<String> WHOLE_FILE = List.of("the routing config", "YAML syntax error", "YAML alias", "duplicate key");
    static final List<String> TOP_KEYS = List.of("strategy", "groups", "rolling", "bluegreen", "canary");

    @FuzzTest(maxDuration = "5s")
    void anyFileIsParsedOrRefusedNamingTheKey(byte[] file) {
        RoutingConfig config;
        try {
            config = RoutingConfigParser.parse(file);
        } catch (InvalidRoutingConfigException e) {
            assertRefusal(e);
            return;
        }
        assertValid(config);
    }

    static void assertRefusal(InvalidRoutingConfigException e) {
        assertThat(e.problems()).isNotEmpty();
        for (String problem : e.problems()) {
            boolean namesTheFile = WHOLE_FILE.stream().anyMatch(problem::startsWith);
            boolean namesAKey = TOP_KEYS.stream().anyMatch(problem::startsWith) || problem.contains(": unknown key");
            assertThat(namesTheFile || namesAKey).as("names its key: %s", problem).isTrue();
        }
    }

    static void assertValid(RoutingConfig config) {
        assertThat(config.groups()).isNotEmpty().allSatisfy((name, urls) -> assertThat(urls).isNotEmpty());
        Map<String, Integer> shares = config.configuredShares();
        assertThat(shares.keySet()).allMatch(config.groups()::containsKey);
        assertThat(shares.values()).allMatch(share -> share >= 0 && share <= 100);
        assertThat(shares.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(100);
        if (config.canary() != null) {
            assertThat(config.canary().weight()).isBetween(0, 100);
            assertPlan(config.canary().progressive());
        }
        if (config.bluegreen() != null) {
            assertPlan(config.bluegreen().progressive());
        }
        // a valid config always routes a plain request to one of its groups
        try {
            assertThat(shares).containsKey(new Router(config).route(RouteRequest.plain()).group());
        } catch (Exception e) {
            throw new AssertionError("a plain request is refused by a valid config", e);
        }
    }

    static void assertPlan(Plan plan) {
        if (plan == null) {
            return;
        }
        assertThat(plan.steps()).isNotEmpty().allSatisfy(step -> {
            assertThat(step.weight()).isBetween(0, 100);
            assertThat(step.hold().isNegative()).isFalse();
        });
        assertThat(plan.steps().stream().mapToInt(Step::weight)).isSorted();
        assertThat(plan.analysis().maxErrorRate()).isBetween(0.0, 100.0);
        assertThat(plan.analysis().interval()).isPositive();
        assertThat(plan.analysis().initialDelay().isNegative()).isFalse();
        assertThat(plan.analysis().maxP99()).isPositive();
        assertThat(plan.probe().rate()).isBetween(0, 100);
        assertThat(plan.probe().path()).startsWith("/");
    }
}
