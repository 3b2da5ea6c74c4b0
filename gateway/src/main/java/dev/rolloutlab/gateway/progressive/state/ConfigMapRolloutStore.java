package dev.rolloutlab.gateway.progressive.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.rolloutlab.gateway.progressive.decision.RolloutState;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The state in a ConfigMap of its own (key {@value #KEY}), in a cluster. The chart creates it
 * without data, so {@code helm upgrade} never overwrites a rollout in progress; the gateway only
 * gets and patches it, by name (its Role allows nothing else). A value that is not a state is
 * moved to the key {@value #CORRUPT_KEY} and reported.
 */
public final class ConfigMapRolloutStore implements RolloutStore {

    public static final String KEY = "state.json";
    public static final String CORRUPT_KEY = "state.json.corrupt";

    private final KubernetesClient client;
    private final String name;

    public ConfigMapRolloutStore(KubernetesClient client, String name) {
        this.client = client;
        this.name = name;
    }

    @Override
    public Optional<RolloutState> read() throws IOException, UnreadableStateException {
        ConfigMap configMap;
        try {
            configMap = client.configMaps().withName(name).get();
        } catch (KubernetesClientException e) {
            throw new IOException("cannot read ConfigMap " + name + ": " + e.getMessage(), e);
        }
        if (configMap == null) {
            throw new IOException("ConfigMap " + name + " does not exist (the chart creates it)");
        }
        String json = configMap.getData() == null ? null : configMap.getData().get(KEY);
        if (json == null || json.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(StateJson.read(json));
        } catch (JsonProcessingException e) {
            edit(data -> {
                data.put(CORRUPT_KEY, json);
                data.remove(KEY);
            });
            throw new UnreadableStateException("ConfigMap " + name + " key " + KEY + " is not a rollout state ("
                    + e.getOriginalMessage() + "); kept under key " + CORRUPT_KEY + ", starting without it");
        }
    }

    @Override
    public void write(RolloutState state) throws IOException {
        String json = StateJson.write(state);
        edit(data -> data.put(KEY, json));
    }

    /** Get and patch by name: the only verbs the gateway has on this ConfigMap. */
    private void edit(java.util.function.Consumer<Map<String, String>> change) throws IOException {
        try {
            client.configMaps().withName(name).edit(configMap -> {
                Map<String, String> data = configMap.getData() == null ? new HashMap<>() : new HashMap<>(configMap.getData());
                change.accept(data);
                configMap.setData(data);
                return configMap;
            });
        } catch (KubernetesClientException e) {
            throw new IOException("cannot write ConfigMap " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String describe() {
        return "ConfigMap " + name;
    }
}
