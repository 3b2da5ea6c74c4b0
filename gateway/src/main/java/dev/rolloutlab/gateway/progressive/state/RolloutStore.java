package dev.rolloutlab.gateway.progressive.state;

import dev.rolloutlab.gateway.progressive.decision.RolloutState;
import java.io.IOException;
import java.util.Optional;

/**
 * Where a rollout's state survives a restart of the gateway: a file in local mode, a ConfigMap of
 * its own in a cluster, or nowhere (memory only).
 */
public interface RolloutStore {

    /**
     * The persisted state, or empty when none was ever written.
     *
     * @throws IOException the store cannot be reached now (try again later)
     * @throws UnreadableStateException what is stored is not a state; it was set aside, not lost
     */
    Optional<RolloutState> read() throws IOException, UnreadableStateException;

    /** Replaces the persisted state. */
    void write(RolloutState state) throws IOException;

    /** Where, for logs and messages ("file .rollout-lab/rollout-state.json"). */
    String describe();

    /** What is stored cannot be read as a state. */
    class UnreadableStateException extends Exception {
        public UnreadableStateException(String message) {
            super(message);
        }
    }

    /** Nothing persisted: neither a state file nor a state ConfigMap is configured. */
    final class InMemory implements RolloutStore {
        private volatile RolloutState state;

        @Override
        public Optional<RolloutState> read() {
            return Optional.ofNullable(state);
        }

        @Override
        public void write(RolloutState state) {
            this.state = state;
        }

        @Override
        public String describe() {
            return "memory only (set gateway.rollout.state-file or gateway.rollout.state-config-map to keep it across restarts)";
        }
    }
}
