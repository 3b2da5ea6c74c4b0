package dev.rolloutlab.gateway.progressive.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against fabric8's mock API server: the one part of a cluster that cannot run here. */
@EnableKubernetesMockClient(crud = true)
class ConfigMapRolloutStoreTest {

    static final String NAME = "rl-rollout-state";

    KubernetesMockServer server;
    KubernetesClient client;

    @BeforeEach
    void chartCreatesTheConfigMapWithoutData() {
        client.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName(NAME).endMetadata().build()).create();
        client.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName("routing").endMetadata()
                .withData(Map.of("routing.yaml", "strategy: rolling")).build()).create();
    }

    @Test
    void anEmptyConfigMapHoldsNoState() throws Exception {
        assertThat(new ConfigMapRolloutStore(client, NAME).read()).isEmpty();
    }

    @Test
    void writesOnlyItsKeyOfTheNamedConfigMapAndReadsItBack() throws Exception {
        ConfigMapRolloutStore store = new ConfigMapRolloutStore(client, NAME);
        store.write(FileRolloutStoreTest.progressing());

        assertThat(new ConfigMapRolloutStore(client, NAME).read()).contains(FileRolloutStoreTest.progressing());
        ConfigMap written = client.configMaps().withName(NAME).get();
        assertThat(written.getData()).containsOnlyKeys(ConfigMapRolloutStore.KEY);
        assertThat(client.configMaps().withName("routing").get().getData()).isEqualTo(Map.of("routing.yaml", "strategy: rolling"));
        assertThat(client.configMaps().list().getItems()).hasSize(2);
    }

    @Test
    void aCorruptValueIsKeptUnderItsOwnKeyAndReported() throws Exception {
        client.configMaps().withName(NAME).edit(cm -> new ConfigMapBuilder(cm).withData(Map.of(ConfigMapRolloutStore.KEY, "nope")).build());
        ConfigMapRolloutStore store = new ConfigMapRolloutStore(client, NAME);

        assertThatThrownBy(store::read).isInstanceOf(RolloutStore.UnreadableStateException.class)
                .hasMessageContaining(ConfigMapRolloutStore.CORRUPT_KEY);
        assertThat(client.configMaps().withName(NAME).get().getData()).isEqualTo(Map.of(ConfigMapRolloutStore.CORRUPT_KEY, "nope"));
        assertThat(store.read()).isEmpty();
    }

    @Test
    void aMissingConfigMapIsAnErrorNotAnEmptyState() {
        // The gateway may not create it (no such verb): it waits, not ready, instead of starting over.
        assertThatThrownBy(new ConfigMapRolloutStore(client, "not-there")::read).isInstanceOf(IOException.class)
                .hasMessageContaining("does not exist");
    }
}
