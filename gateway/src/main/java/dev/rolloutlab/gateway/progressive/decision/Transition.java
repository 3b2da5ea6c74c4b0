package dev.rolloutlab.gateway.progressive.decision;

import java.util.List;

/** A new state and what happened on the way to it (empty when nothing did). */
public record Transition(RolloutState state, List<RolloutEvent> events) {
}
