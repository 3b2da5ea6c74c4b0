package dev.rolloutlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Where local mode keeps its state: --state-dir, else $ROLLOUT_LAB_STATE_DIR, else .rollout-lab in the repository. */
class StateDirTest {

    private static final Path HOME = Path.of("/repo");

    @Test
    void theOptionWinsOverTheEnvironment() {
        assertThat(RolloutLab.stateDir(Path.of("/opt/state"), "/tmp/env-state", HOME)).isEqualTo(Path.of("/opt/state"));
    }

    @Test
    void theEnvironmentWinsOverTheRepository() {
        assertThat(RolloutLab.stateDir(null, "/tmp/env-state", HOME)).isEqualTo(Path.of("/tmp/env-state"));
    }

    @Test
    void unsetOrEmptyMeansTheRepository() {
        assertThat(RolloutLab.stateDir(null, null, HOME)).isEqualTo(Path.of("/repo/.rollout-lab"));
        assertThat(RolloutLab.stateDir(null, " ", HOME)).isEqualTo(Path.of("/repo/.rollout-lab"));
    }
}
