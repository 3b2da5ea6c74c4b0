package dev.rolloutlab.gateway.progressive.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rolloutlab.gateway.progressive.decision.RolloutState;

/** The persisted form of a {@link RolloutState}: the record as JSON, the same in a file and a ConfigMap. */
final class StateJson {

    // A state written by a newer gateway with more fields is still read (they are dropped).
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private StateJson() {
    }

    static String write(RolloutState state) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(state);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a rollout state is always serialisable", e);
        }
    }

    /** @throws JsonProcessingException not a state, with where it broke */
    static RolloutState read(String json) throws JsonProcessingException {
        RolloutState state = MAPPER.readValue(json, RolloutState.class);
        if (state == null || state.phase() == null) {
            throw new JsonProcessingException("no phase in it") {
            };
        }
        return state;
    }
}
