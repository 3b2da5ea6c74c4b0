package dev.rolloutlab.gateway.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.rolloutlab.gateway.routing.InvalidRouteRequestException;
import dev.rolloutlab.gateway.routing.Reason;
import dev.rolloutlab.gateway.routing.RouteDecision;
import dev.rolloutlab.gateway.routing.RouteRequest;
import dev.rolloutlab.gateway.routing.Router;
import dev.rolloutlab.gateway.routing.RoutingConfig;
import dev.rolloutlab.gateway.routing.RoutingConfigParser;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;

/**
 * Any headers and any Cookie header against any valid config: a decision naming one of the
 * config's groups, or {@link InvalidRouteRequestException} naming the header or cookie at
 * fault. The Cookie header is split as the gateway's HTTP server does (Netty's strict decoder,
 * which Vert.x uses), so the router sees what it sees in production.
 */
class RouterFuzzTest {

    static final String[] STRATEGIES = {"rolling", "bluegreen", "canary"};

    @FuzzTest(maxDuration = "5s")
    void anyRequestIsRoutedToAConfiguredGroupOrRefused(FuzzedDataProvider data) throws Exception {
        RoutingConfig config = RoutingConfigParser.parse("""
                strategy: %s
                groups: {v1: [http://localhost:8081], v2: [http://localhost:8082]}
                rolling: {group: v1}
                bluegreen: {active: v1, preview: v2}
                canary: {stable: v1, canary: v2, weight: %d, sticky: %b, fallback: %b}
                """.formatted(data.pickValue(STRATEGIES), data.consumeInt(0, 100), data.consumeBoolean(),
                data.consumeBoolean()));
        Router router = new Router(config);
        int requests = data.consumeInt(1, 20);
        for (int i = 0; i < requests; i++) {
            String canaryHeader = data.consumeBoolean() ? null : data.consumeString(40);
            String previewHeader = data.consumeBoolean() ? null : data.consumeString(10);
            boolean previewPath = data.consumeBoolean();
            String cookieHeader = data.consumeString(200);
            try {
                RouteRequest request = new RouteRequest(canaryHeader, cookie(cookieHeader, RouteRequest.CANARY_COOKIE),
                        cookie(cookieHeader, RouteRequest.STICKY_COOKIE),
                        previewPath || RouteRequest.previewHeader(previewHeader));
                assertDecision(config, request, router.route(request));
            } catch (InvalidRouteRequestException e) {
                assertThat(e.getMessage()).containsAnyOf(RouteRequest.CANARY_HEADER + " header",
                        RouteRequest.CANARY_COOKIE + " cookie", RouteRequest.PREVIEW_HEADER + " header");
            }
        }
    }

    static void assertDecision(RoutingConfig config, RouteRequest request, RouteDecision decision) {
        assertThat(config.configuredShares()).containsKey(decision.group());
        assertThat(decision.reason()).isNotNull();
        assertThat(decision.sticky()).isNotNull();
        RoutingConfig.Canary canary = config.canary();
        switch (config.strategy()) {
            case ROLLING -> assertThat(decision.group()).isEqualTo(config.rolling().group());
            case BLUEGREEN -> assertThat(decision.group())
                    .isEqualTo(request.preview() ? config.bluegreen().preview() : config.bluegreen().active());
            case CANARY -> {
                if (decision.reason() == Reason.WEIGHT && canary.weight() == 0) {
                    assertThat(decision.group()).as("weight 0 sends nothing to canary").isEqualTo(canary.stable());
                }
                if (decision.reason() == Reason.WEIGHT && canary.weight() == 100) {
                    assertThat(decision.group()).as("weight 100 sends everything to canary").isEqualTo(canary.canary());
                }
                boolean mayFallBack = canary.fallback() && decision.group().equals(canary.canary());
                assertThat(decision.fallback()).isEqualTo(mayFallBack ? canary.stable() : null);
                if (decision.sticky() == RouteDecision.Sticky.SET) {
                    assertThat(canary.sticky()).isTrue();
                    assertThat(decision.group()).isEqualTo(canary.canary());
                }
            }
        }
    }

    /** The cookie of that name, as Vert.x's {@code request.getCookie(name)} returns it. */
    static String cookie(String header, String name) {
        for (Cookie cookie : ServerCookieDecoder.STRICT.decode(header)) {
            if (cookie.name().equals(name)) {
                return cookie.value();
            }
        }
        return null;
    }
}
