package dev.rolloutlab.gateway.progressive.decision;

import static dev.rolloutlab.gateway.progressive.plan.DurationText.human;

import dev.rolloutlab.gateway.progressive.plan.Kind;
import dev.rolloutlab.gateway.progressive.plan.Plan;
import dev.rolloutlab.gateway.progressive.plan.Step;
import java.util.stream.Collectors;

/** The sentences a rollout's events and reasons are written in: one line each, with the numbers. */
final class RolloutMessages {

    private RolloutMessages() {
    }

    static String started(Plan plan) {
        if (plan.kind() == Kind.BLUEGREEN) {
            return "blue/green rollout " + plan.revision() + " started: " + plan.candidate()
                    + " is judged before the switch, waiting for " + plan.candidate() + " to be healthy";
        }
        String ladder = plan.steps().stream().map(s -> String.valueOf(s.weight())).collect(Collectors.joining(" → "));
        return "rollout " + plan.revision() + " started: " + ladder + " → 100 % to " + plan.candidate()
                + ", waiting for " + plan.candidate() + " to be healthy";
    }

    /** "step 2 of 3: 25 % to v2 (held 30 s, judged every 10 s)". */
    static String stepEntered(Plan plan, int index) {
        Step step = plan.steps().get(index);
        String judged = "judged every " + human(plan.analysis().interval());
        if (plan.kind() == Kind.BLUEGREEN) {
            return index == 0
                    ? "pre-promotion: " + plan.candidate() + " judged for " + human(step.hold()) + " while "
                            + plan.baseline() + " serves users (" + judged
                            + (step.manual() ? "; then waits for promote)" : "; then switched)")
                    : "post-promotion: " + plan.candidate() + " serves everyone, judged for " + human(step.hold())
                            + "; a failure switches back to " + plan.baseline();
        }
        String hold = step.manual() ? "then waits for promote" : "held " + human(step.hold());
        return "step " + (index + 1) + " of " + plan.steps().size() + ": " + step.weight() + " % to "
                + plan.candidate() + " (" + hold + ", " + judged + ")";
    }

    /** Where the rollout is, for resumed and restarted: "step 2 of 3 (25 % to v2)". */
    static String where(Plan plan, RolloutState state) {
        if (state.step() < 0 || state.step() >= plan.steps().size()) {
            return "waiting for " + plan.candidate() + " to be healthy";
        }
        if (plan.kind() == Kind.BLUEGREEN) {
            return plan.steps().get(state.step()).label() + " (" + active(plan, state.weight()) + " serves users)";
        }
        return "step " + (state.step() + 1) + " of " + plan.steps().size() + " (" + state.weight() + " % to "
                + plan.candidate() + ")";
    }

    static String promoted(Plan plan, boolean byCommand) {
        String how = byCommand ? "promoted by command: " : "promoted: ";
        return plan.kind() == Kind.BLUEGREEN
                ? how + plan.candidate() + " is the active side, " + plan.baseline() + " gets no requests"
                : how + "100 % to " + plan.candidate();
    }

    /** The reason of a pause at a manual step whose hold and checks are done. */
    static String waitingForPromote(Plan plan, int index) {
        Step step = plan.steps().get(index);
        return plan.kind() == Kind.BLUEGREEN
                ? step.label() + " passed: waiting for promote to switch to " + plan.candidate()
                : "step " + (index + 1) + " (" + step.weight() + " %) passed: waiting for promote";
    }

    /** "interval failed: v2 18.0 % errors > 5 % (stable 0.0 %, p99 9 ms)". */
    static String verdict(IntervalReport report) {
        GroupNumbers stable = report.baseline();
        boolean stableNamed = report.why().contains("stable");
        String beside = stable == null || stable.requests() == 0 || stableNamed ? ""
                : " (stable " + Judge.percent(stable.errorRate()) + ", p99 " + Judge.ms(stable.p99()) + ")";
        return "interval " + report.verdict().key() + ": " + report.why() + beside;
    }

    static String failureReason(IntervalReport report, int failed, int limit) {
        return report.why() + " (" + failed + " failed interval" + (failed == 1 ? "" : "s") + " > limit " + limit + ")";
    }

    static String aborted(Plan plan, String reason) {
        String prefix = reason.startsWith("aborted") ? "" : "aborted: ";
        return prefix + reason + ": " + plan.baseline() + " answers everything again";
    }

    static String inconclusiveReason(Plan plan, IntervalReport report, int inRow) {
        if (report.candidate().requests() < plan.analysis().minRequests()) {
            return "not enough traffic: " + inRow + " inconclusive intervals in a row (last: " + report.why()
                    + "); send traffic or set a probe rate, then resume";
        }
        return report.why() + " (" + inRow + " inconclusive intervals in a row)";
    }

    static String retried(Plan plan) {
        return "retried: failed intervals cleared, starting again at 0 %, waiting for " + plan.candidate()
                + " to be healthy";
    }

    static String restarted(Plan plan, RolloutState state) {
        String failed = state.failed() + " failed interval" + (state.failed() == 1 ? "" : "s") + " kept";
        return switch (state.phase()) {
            case STARTING -> "gateway restarted: still waiting for " + plan.candidate() + " to be healthy";
            case PROGRESSING -> "gateway restarted: " + where(plan, state) + " resumed, " + failed
                    + "; hold and passes start again";
            case PAUSED -> "gateway restarted: still paused at " + where(plan, state) + " (" + state.reason() + "), "
                    + failed;
            case ABORTED -> "gateway restarted: the rollout stays aborted, " + plan.baseline() + " answers everything";
            case PROMOTED -> "gateway restarted: the rollout stays promoted";
            case IDLE -> "gateway restarted";
        };
    }

    static String active(Plan plan, int weight) {
        return weight >= 100 ? plan.candidate() : plan.baseline();
    }
}
