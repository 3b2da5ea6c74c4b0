package dev.rolloutlab.gateway.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rolloutlab.gateway.testing.EndpointRoutingProfile;
import dev.rolloutlab.gateway.testing.Load;
import dev.rolloutlab.gateway.testing.RoutingFiles;
import dev.rolloutlab.gateway.testing.TestUpstream;
import dev.rolloutlab.gateway.testing.VersionUpstreams;
import dev.rolloutlab.gateway.upstream.endpoints.EndpointSlices;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

/**
 * In a cluster the UI lists the pods of each group, as the gateway found them in their Service's
 * EndpointSlices (served by the Kubernetes mock server): a learner sees an old pod turn
 * "terminating" during a rollout and go, while the new ones answer. Leaves {@code target/ui-pods.png}.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@TestProfile(EndpointRoutingProfile.class)
class PodsPanelBrowserTest {

    @RegisterExtension
    static final VersionUpstreams UPSTREAMS = new VersionUpstreams();

    @Inject
    KubernetesClient client;

    @TestHTTPResource("/")
    URL page;

    @TestHTTPResource("/api/identity")
    URI identity;

    @Test
    void showsEachPodWithItsStateAndShare() throws Exception {
        pod("web-5d8f7-old", UPSTREAMS.v1(), false);
        pod("web-5d8f7-new", UPSTREAMS.v2(), false);
        RoutingFiles.apply(EndpointRoutingProfile.ROUTING, RoutingFiles.rolling("http://web:80"));
        try (HeadlessChromium chromium = HeadlessChromium.open(); Load load = Load.start(identity, 2)) {
            chromium.get(page.toString());
            chromium.waitUntil("both pods ready, each with a share", b -> ready("web-5d8f7-old", chromium)
                    && ready("web-5d8f7-new", chromium));
            assertThat(chromium.text("#upstreams li[data-instance='web-5d8f7-old']"))
                    .startsWith("sample web-5d8f7-old").contains("ready")
                    .contains("http://127.0.0.1:" + URI.create(UPSTREAMS.v1().url()).getPort());

            pod("web-5d8f7-old", UPSTREAMS.v1(), true);
            chromium.waitUntil("the old pod terminating", b -> "terminating".equals(
                    chromium.css("#upstreams li[data-instance='web-5d8f7-old']").getAttribute("data-state")));
            assertThat(chromium.text("#upstreams li[data-instance='web-5d8f7-old'] .endpoint-state")).isEqualTo("terminating");
            chromium.screenshot(Path.of("target/ui-pods.png"));

            client.resources(EndpointSlice.class).withName("web-5d8f7-old").delete();
            chromium.waitUntil("the old pod gone", b -> b.findElements(
                    By.cssSelector("#upstreams li[data-instance='web-5d8f7-old']")).isEmpty());
            assertThat(chromium.text("#upstreams")).contains("web-5d8f7-new");
            assertThat(load.failures()).isEmpty();
            assertThat(chromium.scriptErrors()).as("script errors").isEmpty();
        }
    }

    private static boolean ready(String pod, HeadlessChromium chromium) {
        var rows = chromium.driver().findElements(By.cssSelector("#upstreams li[data-instance='" + pod + "']"));
        return rows.size() == 1 && "ready".equals(rows.get(0).getAttribute("data-state"))
                && Double.parseDouble(rows.get(0).getAttribute("data-share")) > 0;
    }

    /** One slice per pod: the test's upstreams listen on ports of their own. */
    private void pod(String name, TestUpstream upstream, boolean terminating) {
        int port = URI.create(upstream.url()).getPort();
        EndpointSlice slice = new EndpointSliceBuilder().withNewMetadata().withName(name)
                .addToLabels(EndpointSlices.SERVICE_LABEL, "web").endMetadata().withAddressType("IPv4")
                .addNewPort().withName("http").withPort(port).endPort()
                .addNewEndpoint().withAddresses("127.0.0.1").withNewConditions().withReady(!terminating).withServing(true)
                .withTerminating(terminating).endConditions().withNewTargetRef().withKind("Pod").withName(name).endTargetRef()
                .endEndpoint().build();
        client.resources(EndpointSlice.class).resource(slice).createOr(existing -> existing.update());
    }
}
