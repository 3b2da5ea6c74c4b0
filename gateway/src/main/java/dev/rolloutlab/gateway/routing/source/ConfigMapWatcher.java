package dev.rolloutlab.gateway.routing.source;

import dev.rolloutlab.gateway.settings.GatewayConfig;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import org.jboss.logging.Logger;

/**
 * In a cluster: watches the routing ConfigMap ({@code gateway.routing.config-map}, key
 * {@value #KEY}) through the Kubernetes API, so a {@code helm upgrade} applies in about a second
 * instead of the minute a mounted ConfigMap can take. Needs only get/list/watch on that one
 * ConfigMap. While the watch works it is the source of truth and the file waits; when it
 * fails the file takes over again.
 */
@ApplicationScoped
public class ConfigMapWatcher {

    public static final String KEY = "routing.yaml";
    private static final Logger LOG = Logger.getLogger(ConfigMapWatcher.class);

    private final RoutingState state;
    private final GatewayConfig config;
    private final Instance<KubernetesClient> client;
    private SharedIndexInformer<ConfigMap> informer;

    ConfigMapWatcher(RoutingState state, GatewayConfig config, Instance<KubernetesClient> client) {
        this.state = state;
        this.config = config;
        this.client = client;
    }

    void start(@Observes StartupEvent event) {
        config.routing().configMap().ifPresent(this::watch);
    }

    void stop(@Observes ShutdownEvent event) {
        if (informer != null) {
            informer.close();
        }
    }

    private void watch(String name) {
        String source = "ConfigMap " + name + " (Kubernetes API)";
        try {
            informer = client.get().configMaps().withName(name).inform(new ResourceEventHandler<>() {
                @Override
                public void onAdd(ConfigMap configMap) {
                    offer(configMap, source);
                }

                @Override
                public void onUpdate(ConfigMap before, ConfigMap after) {
                    offer(after, source);
                }

                @Override
                public void onDelete(ConfigMap configMap, boolean unknownFinalState) {
                    LOG.warnf("%s was deleted; the file takes over", source);
                    state.useApiSource(false);
                }
            });
            informer.stopped().whenComplete((done, error) -> {
                LOG.warnf("watch of %s stopped (%s); the file takes over", source, error == null ? "closed" : error.getMessage());
                state.useApiSource(false);
            });
            LOG.infof("watching %s", source);
        } catch (RuntimeException e) {
            LOG.warnf("cannot watch %s (%s); using the file only", source, e.getMessage());
            state.useApiSource(false);
        }
    }

    private void offer(ConfigMap configMap, String source) {
        String yaml = configMap.getData() == null ? null : configMap.getData().get(KEY);
        if (yaml == null) {
            state.reject(source, "key '" + KEY + "' is missing from the ConfigMap");
            return;
        }
        state.useApiSource(true);
        state.offer(yaml, source);
    }
}
