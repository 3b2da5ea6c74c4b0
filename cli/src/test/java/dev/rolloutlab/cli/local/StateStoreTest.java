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
}
