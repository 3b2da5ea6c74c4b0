package dev.rolloutlab.gateway.progressive;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.rolloutlab.gateway.progressive.decision.IntervalReport;
import dev.rolloutlab.gateway.progressive.decision.Phase;
import dev.rolloutlab.gateway.progressive.decision.RolloutEvent;
import dev.rolloutlab.gateway.progressive.decision.RolloutMachine;
import dev.rolloutlab.gateway.progressive.decision.RolloutState;
import dev.rolloutlab.gateway.progressive.plan.Analysis;
import dev.rolloutlab.gateway.progressive.plan.DurationText;
import dev.rolloutlab.gateway.progressive.plan.Kind;
import dev.rolloutlab.gateway.progressive.plan.Plan;
import dev.rolloutlab.gateway.progressive.plan.Probe;
import dev.rolloutlab.gateway.progressive.plan.Step;
import dev.rolloutlab.gateway.routing.RoutingConfig;
import dev.rolloutlab.gateway.routing.Strategy;
import java.time.Duration;
import java.util.List;

/**
 * {@code GET /gateway/rollout}: where a progressive rollout is, in the JSON the UI and the CLI
 * read. Durations are text like the routing file's ("30s", "500ms"); fields that do not apply
 * (everything but phase, kind, weight and message while Idle) are null.
 *
 * @param weight the candidate's effective weight; blue/green: 0 = the spec's active side serves, 100 = the preview does
 * @param specWeight the routing file's own canary weight, when it has one (not with a progressive block)
 * @param active blue/green only: the group that serves users now
 */
public record RolloutView(String kind, String revision, Phase phase, Integer step, Integer stepCount,
        List<StepView> steps, Integer weight, Integer specWeight, String candidate, String baseline,
        @JsonInclude(JsonInclude.Include.NON_NULL) String active, Integer failed, Integer failureLimit,
        Integer inconclusiveInRow, Integer inconclusiveLimit, Double holdLeftSeconds, Double nextVerdictSeconds,
        Boolean awaitingPromote, AnalysisView analysis, Probe probe, String reason, String message,
        List<IntervalReport> intervals, List<RolloutEvent> events) {

    public record StepView(int weight, String hold, boolean manual, String label) {
    }

    public record AnalysisView(String interval, String initialDelay, int minRequests, double maxErrorRate,
            String maxP99, int failureLimit, int inconclusiveLimit) {
    }

    /** Passes the state (null: not read yet) of the spec's plan (null: none) into a view at {@code now}. */
    static RolloutView of(RoutingConfig spec, Plan plan, RolloutState state, int effectiveWeight, long now) {
        if (spec == null) {
            return idle(null, null, "no progressive rollout: no routing config loaded yet");
        }
        Integer specWeight = spec.strategy() == Strategy.CANARY && spec.canary().progressive() == null
                ? spec.canary().weight() : null;
        if (plan == null) {
            String why = switch (spec.strategy()) {
                case ROLLING -> "the strategy is rolling";
                case CANARY -> "the routing file has no canary.progressive block";
                case BLUEGREEN -> "the routing file has no bluegreen.progressive block";
            };
            return idle(spec.strategy().key(), specWeight, "no progressive rollout: " + why);
        }
        if (state == null) {
            return new RolloutView(plan.kind().key(), plan.revision(), Phase.STARTING, -1, plan.steps().size(),
                    steps(plan), 0, specWeight, plan.candidate(), plan.baseline(), active(plan, 0), 0,
                    plan.analysis().failureLimit(), 0, plan.analysis().inconclusiveLimit(), null, null, false,
                    analysis(plan.analysis()), plan.probe(), null, "reading the persisted rollout state",
                    List.of(), List.of());
        }
        Step step = state.step() >= 0 && state.step() < plan.steps().size() ? plan.steps().get(state.step()) : null;
        Double holdLeft = state.phase() == Phase.PROGRESSING && step != null
                ? seconds(state.stepStartedAt() + step.hold().toMillis() - now) : null;
        Double nextVerdict = state.nextVerdictAt() > 0 && (state.phase() == Phase.PROGRESSING || state.phase() == Phase.PAUSED)
                ? seconds(state.nextVerdictAt() - now) : null;
        return new RolloutView(plan.kind().key(), state.revision(), state.phase(), state.step(), plan.steps().size(),
                steps(plan), effectiveWeight, specWeight, plan.candidate(), plan.baseline(), active(plan, effectiveWeight),
                state.failed(), plan.analysis().failureLimit(), state.inconclusiveInRow(),
                plan.analysis().inconclusiveLimit(), holdLeft, nextVerdict, state.awaitingPromote(),
                analysis(plan.analysis()), plan.probe(), state.reason(),
                RolloutMachine.summary(state, plan, now), state.intervals(), state.events());
    }

    private static RolloutView idle(String kind, Integer specWeight, String message) {
        return new RolloutView(kind, null, Phase.IDLE, null, null, null, specWeight, specWeight, null, null, null, null,
                null, null, null, null, null, null, null, null, null, message, List.of(), List.of());
    }

    private static String active(Plan plan, int weight) {
        if (plan.kind() != Kind.BLUEGREEN) {
            return null;
        }
        return weight >= 100 ? plan.candidate() : plan.baseline();
    }

    private static List<StepView> steps(Plan plan) {
        return plan.steps().stream().map(s -> new StepView(s.weight(), text(s.hold()), s.manual(), s.label())).toList();
    }

    private static AnalysisView analysis(Analysis a) {
        return new AnalysisView(text(a.interval()), text(a.initialDelay()), a.minRequests(), a.maxErrorRate(),
                text(a.maxP99()), a.failureLimit(), a.inconclusiveLimit());
    }

    private static Double seconds(long millis) {
        return Math.max(0, millis) / 100 / 10.0;
    }

    private static String text(Duration duration) {
        return DurationText.format(duration);
    }
}
