package dev.rolloutlab.gateway.progressive.plan;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.time.Duration;

/**
 * One step of a rollout: the candidate's share while it lasts, and how long it is held.
 *
 * @param weight percent of user requests to the candidate (blue/green: 0 before the switch, 100 after)
 * @param hold how long the step lasts at least (it also needs two passed intervals)
 * @param manual after the hold, wait for {@code promote} (Paused) instead of moving on
 * @param label what the UI and the messages call it ("step 2", "pre-promotion", "post-promotion")
 */
public record Step(int weight,
        @JsonSerialize(using = DurationText.Json.class) @JsonDeserialize(using = DurationText.FromJson.class)
        Duration hold,
        boolean manual,
        String label) {
}
