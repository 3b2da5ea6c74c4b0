package dev.rolloutlab.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RouterTest {

    private static Router canary(int weight, boolean sticky, boolean fallback) throws Exception {
        return new Router(RoutingConfigParser.parse("""
                strategy: canary
                groups: {v1: [http://localhost:8081], v2: [http://localhost:8082]}
                canary: {stable: v1, canary: v2, weight: %d, sticky: %s, fallback: %s}
                """.formatted(weight, sticky, fallback)));
    }

    private static List<String> groups(Router router, int requests) throws Exception {
        List<String> groups = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            groups.add(router.route(RouteRequest.plain()).group());
        }
        return groups;
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 10, 33, 50, 99, 100})
    void theSplitIsExactOver100And1000Requests(int weight) throws Exception {
        List<String> thousand = groups(canary(weight, false, false), 1000);

        assertThat(thousand.subList(0, 100).stream().filter("v2"::equals).count()).isEqualTo(weight);
        assertThat(thousand.stream().filter("v2"::equals).count()).isEqualTo(weight * 10L);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 10, 33, 50, 99})
    void everyWindowOf100IsExactNotJustTheFirst(int weight) throws Exception {
        List<String> picks = groups(canary(weight, false, false), 400);

        for (int start = 0; start + 100 <= picks.size(); start++) {
            assertThat(picks.subList(start, start + 100).stream().filter("v2"::equals).count())
                    .as("window starting at %d", start).isEqualTo(weight);
        }
    }

    @Test
    void canaryRequestsAreSpreadOutNotBunched() throws Exception {
        List<String> picks = groups(canary(10, false, false), 100);

        for (int start = 0; start + 10 <= 100; start += 10) {
            assertThat(picks.subList(start, start + 10)).containsOnlyOnce("v2");
        }
    }

    @Test
    void aWeightChangeMidStreamAppliesToTheNextRequests() throws Exception {
        List<String> before = groups(canary(10, false, false), 37);
        List<String> after = groups(canary(60, false, false), 100);

        assertThat(before.stream().filter("v2"::equals).count()).isBetween(3L, 4L);
        assertThat(after.stream().filter("v2"::equals).count()).isEqualTo(60);
    }

    @Test
    void theHeaderForcesAVersionWhateverTheWeight() throws Exception {
        Router none = canary(0, false, false);
        Router all = canary(100, false, false);

        RouteDecision forced = none.route(new RouteRequest("always", null, null, false));
        assertThat(forced.group()).isEqualTo("v2");
        assertThat(forced.reason()).isEqualTo(Reason.HEADER);
        assertThat(all.route(new RouteRequest("never", null, null, false)).group()).isEqualTo("v1");
    }

    @Test
    void theCookieForcesAVersionButTheHeaderWins() throws Exception {
        Router router = canary(50, false, false);

        RouteDecision byCookie = router.route(new RouteRequest(null, "always", null, false));
        assertThat(byCookie.group()).isEqualTo("v2");
        assertThat(byCookie.reason()).isEqualTo(Reason.COOKIE);
        assertThat(router.route(new RouteRequest("never", "always", null, false)).group()).isEqualTo("v1");
    }

    @Test
    void forcedRequestsDoNotDisturbTheSplit() throws Exception {
        Router router = canary(10, false, false);
        for (int i = 0; i < 7; i++) {
            router.route(new RouteRequest("always", null, null, false));
        }

        assertThat(groups(router, 100).stream().filter("v2"::equals).count()).isEqualTo(10);
    }

    @ParameterizedTest
    @ValueSource(strings = {"yes", "ALWAYS", "sometimes"})
    void anUnknownForcingValueIsABadRequest(String value) throws Exception {
        Router router = canary(10, false, false);

        assertThatThrownBy(() -> router.route(new RouteRequest(value, null, null, false)))
                .isInstanceOf(InvalidRouteRequestException.class)
                .hasMessageContaining("X-Canary header must be 'always' or 'never'");
        assertThatThrownBy(() -> router.route(new RouteRequest(null, value, null, false)))
                .hasMessageContaining("rollout-lab-canary cookie");
    }

    @Test
    void aClientSentToCanaryStaysThereWhileTheWeightIsAboveZero() throws Exception {
        Router router = canary(10, true, false);
        RouteDecision first;
        do {
            first = router.route(RouteRequest.plain());
        } while (!first.group().equals("v2"));
        assertThat(first.sticky()).isEqualTo(RouteDecision.Sticky.SET);

        for (int i = 0; i < 50; i++) {
            RouteDecision again = router.route(new RouteRequest(null, null, "v2", false));
            assertThat(again.group()).isEqualTo("v2");
            assertThat(again.reason()).isEqualTo(Reason.STICKY);
        }
    }

    @Test
    void aStickyClientMovesBackWhenTheCanaryDropsToZero() throws Exception {
        RouteDecision decision = canary(0, true, false).route(new RouteRequest(null, null, "v2", false));

        assertThat(decision.group()).isEqualTo("v1");
        assertThat(decision.sticky()).isEqualTo(RouteDecision.Sticky.CLEAR);
    }

    @Test
    void withoutStickinessTheCookieIsIgnoredAndCleared() throws Exception {
        Router router = canary(0, false, false);

        RouteDecision decision = router.route(new RouteRequest(null, null, "v2", false));

        assertThat(decision.group()).isEqualTo("v1");
        assertThat(decision.sticky()).isEqualTo(RouteDecision.Sticky.CLEAR);
    }

    @Test
    void fallbackIsOfferedOnlyForCanaryAndOnlyWhenEnabled() throws Exception {
        assertThat(canary(100, false, true).route(RouteRequest.plain()).fallback()).isEqualTo("v1");
        assertThat(canary(100, false, false).route(RouteRequest.plain()).fallback()).isNull();
        assertThat(canary(0, false, true).route(RouteRequest.plain()).fallback()).isNull();
    }

    @Test
    void blueGreenSendsEverythingToActiveAndPreviewOnPurpose() throws Exception {
        Router router = new Router(RoutingConfigParser.parse("""
                strategy: bluegreen
                groups: {blue: [http://localhost:8081], green: [http://localhost:8082]}
                bluegreen: {active: blue, preview: green}
                """));

        assertThat(groups(router, 50)).containsOnly("blue");
        RouteDecision preview = router.route(new RouteRequest(null, null, null, true));
        assertThat(preview.group()).isEqualTo("green");
        assertThat(preview.reason()).isEqualTo(Reason.PREVIEW);
        assertThat(router.route(new RouteRequest("always", null, null, false)).group())
                .as("canary hints mean nothing to blue/green").isEqualTo("blue");
    }

    @ParameterizedTest
    @ValueSource(strings = {"yes", "TRUE", "1"})
    void anUnknownPreviewValueIsABadRequest(String value) {
        assertThatThrownBy(() -> RouteRequest.previewHeader(value))
                .isInstanceOf(InvalidRouteRequestException.class)
                .hasMessageContaining("X-Preview header must be 'true' or 'false', got '" + value + "'");
    }

    @Test
    void thePreviewHeaderIsTrueFalseOrAbsent() throws Exception {
        assertThat(RouteRequest.previewHeader("true")).isTrue();
        assertThat(RouteRequest.previewHeader("false")).isFalse();
        assertThat(RouteRequest.previewHeader(null)).isFalse();
    }

    @Test
    void rollingSendsEverythingToItsGroup() throws Exception {
        Router router = new Router(RoutingConfigParser.parse("""
                strategy: rolling
                groups: {sample: [http://localhost:8081]}
                rolling: {group: sample}
                """));

        RouteDecision decision = router.route(RouteRequest.plain());
        assertThat(decision.group()).isEqualTo("sample");
        assertThat(decision.reason()).isEqualTo(Reason.ROLLING);
    }
}
