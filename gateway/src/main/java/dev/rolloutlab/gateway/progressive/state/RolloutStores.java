package dev.rolloutlab.gateway.progressive.state;

import dev.rolloutlab.gateway.settings.GatewayConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/** Picks the store from the settings: a ConfigMap in a cluster, a file in local mode, else memory. */
@Singleton
public class RolloutStores {

    private static final Logger LOG = Logger.getLogger(RolloutStores.class);

    @Produces
    @Singleton
    RolloutStore store(GatewayConfig config, Instance<KubernetesClient> client) {
        RolloutStore store;
        if (config.rollout().stateConfigMap().isPresent()) {
            store = new ConfigMapRolloutStore(client.get(), config.rollout().stateConfigMap().get());
        } else if (config.rollout().stateFile().isPresent()) {
            store = new FileRolloutStore(config.rollout().stateFile().get());
        } else {
            store = new RolloutStore.InMemory();
        }
        LOG.infof("rollout state kept in %s", store.describe());
        return store;
    }
}
