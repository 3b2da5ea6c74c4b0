package dev.rolloutlab.chart;

import static dev.rolloutlab.chart.Chart.chart;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rolloutlab.manifests.Manifests;
import dev.rolloutlab.manifests.PodTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A `prometheus.io/scrape` annotation invites a scraper; the NetworkPolicy admits only the
 * gateway to the sample pods. The annotation is there only where a scraper can get through:
 * with networkPolicy.metricsFrom naming it, or with no policy.
 */
class MetricsScrapeTest {

    private static final String SCRAPE = "prometheus.io/scrape";
    private static final String MONITORING = "networkPolicy.metricsFrom[0].namespaceSelector.matchLabels.kubernetes\\.io/metadata\\.name";

    @Test
    void byDefaultTheSamplePodsInviteNoScrapeThePolicyWouldBlock() {
        Chart.Rendered r = chart().render();
        assertThat(annotations(r, "rl-sample").has(SCRAPE)).isFalse();
        assertThat(r.get("NetworkPolicy", "rl-sample").at("/spec/ingress")).hasSize(1);
        // The gateway is not behind the policy.
        assertThat(annotations(r, "rl-gateway").path(SCRAPE).asText()).isEqualTo("true");
    }

    @Test
    void withoutThePolicyTheSamplePodsAreScraped() {
        Chart.Rendered r = chart().set("networkPolicy.enabled", false).render();
        assertThat(annotations(r, "rl-sample").path(SCRAPE).asText()).isEqualTo("true");
        assertThat(annotations(r, "rl-sample").path("prometheus.io/port").asText()).isEqualTo("8080");
    }

    @Test
    void metricsFromAdmitsTheScraperToTheAppPort() {
        Chart.Rendered r = chart().values("values-canary.yaml").set(MONITORING, "monitoring").render();
        JsonNode ingress = r.get("NetworkPolicy", "rl-sample").at("/spec/ingress");
        assertThat(ingress).hasSize(2);
        assertThat(ingress.at("/1/from/0/namespaceSelector/matchLabels/kubernetes.io~1metadata.name").asText()).isEqualTo("monitoring");
        assertThat(ingress.at("/1/ports/0/port").asText()).isEqualTo("http");
        for (String track : new String[] {"rl-sample-stable", "rl-sample-canary"}) {
            assertThat(annotations(r, track).path(SCRAPE).asText()).as(track).isEqualTo("true");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.rolloutlab.chart.Scenarios#all")
    void noPodInvitesAScrapeItsPolicyBlocks(String scenario, Chart chart) {
        Chart.Rendered r = chart.render();
        for (JsonNode policy : r.all("NetworkPolicy")) {
            var selected = ManifestLabels.of(policy.at("/spec/podSelector/matchLabels"));
            boolean onlyTheGateway = policy.at("/spec/ingress").size() == 1 && policy.at("/spec/ingress/0/from").size() == 1
                    && policy.at("/spec/ingress/0/from/0").has("podSelector");
            for (PodTemplate pod : PodTemplate.all(r.documents())) {
                if (pod.labels().entrySet().containsAll(selected.entrySet()) && onlyTheGateway) {
                    assertThat(pod.owner().at("/spec/template/metadata/annotations").has(SCRAPE))
                            .as(scenario + ": " + Manifests.id(pod.owner())).isFalse();
                }
            }
        }
    }

    private static JsonNode annotations(Chart.Rendered r, String deployment) {
        return r.get("Deployment", deployment).at("/spec/template/metadata/annotations");
    }
}
