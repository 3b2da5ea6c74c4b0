package dev.rolloutlab.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateStoreTest {

    @TempDir
    Path dir;

    /** state.json names the strategy as the routing file does, so a state written by an earlier build still loads. */
    @Test
    void theStrategyIsStoredByItsName() throws IOException {
        StateStore store = new StateStore(dir);
        for (Strategy strategy : Strategy.values()) {
            LocalState state = new LocalState();
            state.strategy = strategy;
            store.save(state);
            assertThat(Files.readString(store.stateFile())).contains("\"strategy\" : \"" + strategy.key() + "\"");
            assertThat(store.require().strategy).isEqualTo(strategy);
        }
        Files.writeString(store.stateFile(), "{\"gatewayPort\": 8080, \"strategy\": \"bluegreen\"}");
        assertThat(store.require().strategy).isEqualTo(Strategy.BLUEGREEN);
        assertThat(new LocalState().strategy).isEqualTo(Strategy.ROLLING);
    }

    /**
     * A fault and an automated rollout live in state.json, so every later command (a rolling
     * update's new instances, a restarted gateway's routing file) sees them as they were set.
     */
    @Test
    void faultsAndAutomatedRolloutsSurviveTheStateFile() {
        StateStore store = new StateStore(dir);
        LocalState state = new LocalState();
        state.instanceProperties.put("quarkus.shutdown.delay", "1000ms");
        state.versionProperties.put(AppVersion.V2, new java.util.TreeMap<>(java.util.Map.of(FaultRestart.ERROR_RATE, "0.2")));
        state.canaryProgressive = Progressive.canary("2.0.0", java.util.List.of(new Progressive.Step(10, "30s"),
                new Progressive.Step(50, "manual")));
        state.canaryProgressive.analysis.put("interval", "5s");
        state.canaryProgressive.analysis.put("maxErrorRate", 0.5);
        state.strategy = Strategy.CANARY;
        state.instances.add(new InstanceRecord("sample-v1-8081", AppVersion.V1, 8081, new ProcessRef(0, 0)));
        state.instances.add(new InstanceRecord("sample-v2-8082", AppVersion.V2, 8082, new ProcessRef(0, 0)));
        store.save(state);

        LocalState loaded = store.require();
        assertThat(loaded.propertiesFor(AppVersion.V2))
                .containsEntry(FaultRestart.ERROR_RATE, "0.2").containsEntry("quarkus.shutdown.delay", "1000ms");
        assertThat(loaded.propertiesFor(AppVersion.V1)).doesNotContainKey(FaultRestart.ERROR_RATE);
        assertThat(RoutingFile.render(loaded)).isEqualTo(RoutingFile.render(state)).contains("hold: manual").contains("maxErrorRate: 0.5");
    }
}
