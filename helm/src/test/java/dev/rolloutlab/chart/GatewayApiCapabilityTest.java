package dev.rolloutlab.chart;

import static dev.rolloutlab.chart.Chart.chart;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * router.type httpRoute renders an HTTPRoute, a kind only the Gateway API CRDs add (kind has none by default).
 * Without them the install fails with a message that says what to install, not with Kubernetes'
 * "no matches for kind HTTPRoute". Helm reads what the cluster has from its discovery: each case is an
 * install against a {@link DiscoveryServer} with or without the Gateway API, as `helm install` would see it.
 */
class GatewayApiCapabilityTest {

    private static final String INSTALL_THEM = "router.type httpRoute needs the Gateway API CRDs";

    @ParameterizedTest
    @ValueSource(strings = {"values-canary.yaml", "values-bluegreen.yaml"})
    void withoutTheGatewayApiTheInstallSaysToInstallIt(String values) {
        assertThatThrownBy(() -> chart().values(values).set("router.type", "httpRoute").onCluster(false).yaml())
                .hasMessageContaining(INSTALL_THEM)
                .hasMessageContaining("kubectl apply --server-side -f https://github.com/kubernetes-sigs/gateway-api/releases/download/")
                .hasMessageContaining("--api-versions gateway.networking.k8s.io/v1/HTTPRoute")
                .hasMessageNotContaining("no matches for kind");
    }

    @ParameterizedTest
    @ValueSource(strings = {"values-canary.yaml", "values-bluegreen.yaml"})
    void withTheGatewayApiTheInstallCreatesTheHttpRoute(String values) {
        Chart.Rendered rendered = chart().values(values).set("router.type", "httpRoute").onCluster(true).render();
        assertThat(rendered.get("HTTPRoute", "rl-sample").path("apiVersion").asText()).isEqualTo("gateway.networking.k8s.io/v1");
    }

    @Test
    void helmTemplateHasNoGatewayApiEither() {
        // `helm template` knows only Kubernetes' built-in groups unless given --api-versions.
        assertThatThrownBy(() -> chart().values("values-canary.yaml").set("router.type", "httpRoute").yaml())
                .hasMessageContaining(INSTALL_THEM);
    }

    @Test
    void theOtherRoutersNeedNoGatewayApi() {
        assertThat(chart().values("values-canary.yaml").onCluster(false).render().documents()).isNotEmpty();
        assertThat(chart().values("values-canary.yaml").set("router.type", "nginx").onCluster(false).render().documents())
                .anyMatch(d -> d.path("kind").asText().equals("Ingress"));
    }
}
