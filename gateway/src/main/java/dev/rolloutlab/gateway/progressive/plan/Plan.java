package dev.rolloutlab.gateway.progressive.plan;

import java.util.List;

/**
 * A progressive rollout as the decision logic sees it: both routing-file forms ({@code canary.progressive}
 * and {@code bluegreen.progressive}) become one ladder of steps, so one state machine runs both.
 *
 * @param kind canary or blue/green
 * @param revision the same revision is the same rollout (it resumes); a new one starts over
 * @param candidate the group being rolled out (canary: {@code canary.canary}; blue/green: {@code bluegreen.preview})
 * @param baseline the group it is compared with (canary: stable; blue/green: the active side)
 * @param steps in order; after the last one the rollout is Promoted at weight 100
 * @param analysis how intervals are judged
 * @param probe the gateway's own traffic to the candidate
 */
public record Plan(Kind kind, String revision, String candidate, String baseline, List<Step> steps, Analysis analysis,
        Probe probe) {
}
