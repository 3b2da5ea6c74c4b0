package dev.rolloutlab.gateway.progressive.decision;

import static dev.rolloutlab.gateway.progressive.decision.FakeRollout.T0;
import static dev.rolloutlab.gateway.progressive.decision.FakeRollout.manual;
import static dev.rolloutlab.gateway.progressive.decision.FakeRollout.step;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rolloutlab.gateway.progressive.plan.Analysis;
import dev.rolloutlab.gateway.progressive.plan.Plan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rules that must hold whatever the candidate does: every sequence of verdicts up to length 8
 * (9,840 sequences per plan), then every mix of verdicts and commands up to length 5, checked
 * after every single transition. Depth first, so each prefix is computed once.
 */
class RolloutMachineInvariantsTest {

    static final Duration INTERVAL = FakeRollout.INTERVAL;
    static final int VERDICTS_LENGTH = 8;
    static final int MIXED_LENGTH = 5;

    /** No initial delay, so a verdict is due at every interval the clock moves on. */
    static Analysis analysis(int failureLimit, int inconclusiveLimit) {
        return new Analysis(INTERVAL, Duration.ZERO, 20, 5, Duration.ofMillis(500), failureLimit, inconclusiveLimit);
    }

    static Stream<Plan> plans() {
        return Stream.of(
                FakeRollout.canary("three steps", analysis(1, 3), step(10, 20), step(25, 20), step(50, 20)),
                FakeRollout.canary("manual step", analysis(1, 30), step(10, 20), manual(50)),
                FakeRollout.canary("no failure allowed", analysis(0, 30), step(10, 20), step(50, 20)),
                FakeRollout.blueGreen(Duration.ofSeconds(20), Duration.ZERO, Duration.ofSeconds(20), analysis(1, 30)));
    }

    // ---- family 1: verdicts only ----

    /** What the test itself saw of the current step (not what the machine counts). */
    record Seen(int step, int passes, Verdict last, int stepsLeft) {
        Seen afterVerdict(Verdict verdict) {
            return new Seen(step, passes + (verdict == Verdict.PASSED ? 1 : 0), verdict, stepsLeft);
        }
    }

    record Node(RolloutState state, long now, Seen seen) {
    }

    @ParameterizedTest
    @MethodSource("plans")
    void everySequenceOfVerdictsKeepsTheRules(Plan plan) {
        RolloutState started = RolloutMachine.adopt(RolloutMachine.idle(), plan, T0).state();
        RolloutState first = RolloutMachine.tick(started, plan, T0, true).state();
        assertThat(first.phase()).isEqualTo(Phase.PROGRESSING);

        int[] visited = {0};
        explore(plan, new Node(first, T0, new Seen(0, 0, null, 0)), 0, visited);

        assertThat(visited[0]).isEqualTo(9840);
    }

    private void explore(Plan plan, Node node, int depth, int[] visited) {
        if (depth == VERDICTS_LENGTH) {
            return;
        }
        for (Verdict verdict : Verdict.values()) {
            visited[0]++;
            explore(plan, feed(plan, node, verdict), depth + 1, visited);
        }
    }

    /** One interval later: a tick, the verdict if one is due, a tick; every transition checked. */
    private Node feed(Plan plan, Node node, Verdict verdict) {
        long now = node.now() + INTERVAL.toMillis();
        Node after = transition(plan, node, RolloutMachine.tick(node.state(), plan, now, true).state(), now, node.seen());
        if (RolloutMachine.verdictDue(after.state(), now)) {
            IntervalReport report = report(plan, after.state(), verdict, now);
            RolloutState judged = RolloutMachine.verdict(after.state(), plan, report, now).state();
            after = transition(plan, after, judged, now, after.seen().afterVerdict(verdict));
        }
        return transition(plan, after, RolloutMachine.tick(after.state(), plan, now, true).state(), now, after.seen());
    }

    private Node transition(Plan plan, Node before, RolloutState next, long now, Seen seen) {
        RolloutState prev = before.state();
        checkAlways(plan, prev, next);
        check(next.failed() >= prev.failed(), "failures never drop without retry", prev, next);
        check((next.failed() > plan.analysis().failureLimit()) == (next.phase() == Phase.ABORTED),
                "failed > failureLimit iff aborted", prev, next);

        boolean leftStep = next.step() != prev.step()
                || (next.phase() == Phase.PROMOTED && prev.phase() != Phase.PROMOTED);
        if (leftStep) {
            check(seen.passes() >= 2, "a step is left with at least two passed intervals", prev, next);
            check(seen.last() != Verdict.FAILED, "a step is not left right after a failed interval", prev, next);
            check(prev.step() == seen.step(), "the step left is the one the test saw entered", prev, next);
            int entered = next.phase() == Phase.PROMOTED ? plan.steps().size() : next.step();
            check(entered == prev.step() + 1, "steps are entered in order, none skipped", prev, next);
            seen = new Seen(entered, 0, null, seen.stepsLeft() + 1);
        }
        if (next.phase() == Phase.PROMOTED) {
            check(seen.stepsLeft() == plan.steps().size(), "promoted only after every step passed", prev, next);
        }
        return new Node(next, now, seen);
    }

    // ---- family 2: verdicts and commands mixed ----

    sealed interface Input permits Judged, Commanded {
    }

    record Judged(Verdict verdict) implements Input {
    }

    record Commanded(Command command) implements Input {
    }

    static List<Input> inputs() {
        List<Input> inputs = new ArrayList<>();
        for (Verdict verdict : Verdict.values()) {
            inputs.add(new Judged(verdict));
        }
        for (Command command : Command.values()) {
            inputs.add(new Commanded(command));
        }
        return inputs;
    }

    @ParameterizedTest
    @MethodSource("plans")
    void everyMixOfVerdictsAndCommandsKeepsTheRules(Plan plan) {
        RolloutState started = RolloutMachine.adopt(RolloutMachine.idle(), plan, T0).state();
        int[] visited = {0};

        exploreMixed(plan, started, T0, 0, inputs(), visited);

        assertThat(visited[0]).as("well beyond the verdict-only sequences of this length").isGreaterThan(10_000);
    }

    private void exploreMixed(Plan plan, RolloutState state, long now, int depth, List<Input> inputs, int[] visited) {
        if (depth == MIXED_LENGTH) {
            return;
        }
        for (Input input : inputs) {
            visited[0]++;
            if (input instanceof Judged judged) {
                long later = now + INTERVAL.toMillis();
                exploreMixed(plan, mixedVerdict(plan, state, later, judged.verdict()), later, depth + 1, inputs, visited);
                continue;
            }
            // A command takes no time. A refused one changes nothing, so what follows it is a
            // shorter sequence from this very node, explored already: no need to go on.
            RolloutState next = mixedCommand(plan, state, now, ((Commanded) input).command());
            if (next != state) {
                exploreMixed(plan, next, now, depth + 1, inputs, visited);
            }
        }
    }

    private RolloutState mixedVerdict(Plan plan, RolloutState state, long now, Verdict verdict) {
        RolloutState ticked = checked(plan, state, RolloutMachine.tick(state, plan, now, true).state(), false);
        if (RolloutMachine.verdictDue(ticked, now)) {
            IntervalReport report = report(plan, ticked, verdict, now);
            ticked = checked(plan, ticked, RolloutMachine.verdict(ticked, plan, report, now).state(), false);
        }
        return checked(plan, ticked, RolloutMachine.tick(ticked, plan, now, true).state(), false);
    }

    private RolloutState mixedCommand(Plan plan, RolloutState state, long now, Command command) {
        try {
            return checked(plan, state, RolloutMachine.command(state, plan, command, now).state(), command == Command.RETRY);
        } catch (CommandRefusedException refused) {
            check(refused.getMessage().startsWith("nothing to " + command.key() + ": "), "a refusal says why", state, state);
            return state;
        }
    }

    private RolloutState checked(Plan plan, RolloutState prev, RolloutState next, boolean retry) {
        checkAlways(plan, prev, next);
        if (!retry) {
            check(next.failed() >= prev.failed(), "failures drop only on retry", prev, next);
        }
        return next;
    }

    // ---- shared ----

    private static void checkAlways(Plan plan, RolloutState prev, RolloutState next) {
        boolean stillProgressing = prev.phase() == Phase.PROGRESSING && next.phase() == Phase.PROGRESSING;
        check(!stillProgressing || next.weight() >= prev.weight(), "the weight never falls while progressing", prev, next);
        check(next.phase() != Phase.ABORTED || next.weight() == 0, "aborted means 0 %", prev, next);
        check(next.phase() != Phase.PROMOTED || next.weight() == 100, "promoted means 100 %", prev, next);
        check(next.phase() != Phase.PROGRESSING || next.weight() == plan.steps().get(next.step()).weight(),
                "progressing at its step's weight", prev, next);
        check(next.phase() != Phase.PROGRESSING || next.nextVerdictAt() > 0,
                "a progressing rollout has its next verdict scheduled (else it could never leave its step)", prev, next);
        check(next.intervals().size() <= RolloutState.HISTORY && next.events().size() <= RolloutState.HISTORY,
                "history is capped", prev, next);
    }

    /** A plain check: AssertJ per transition would be most of the run time over ~300,000 transitions. */
    private static void check(boolean holds, String rule, RolloutState prev, RolloutState next) {
        if (!holds) {
            throw new AssertionError(rule + "\nbefore: " + prev + "\nafter:  " + next);
        }
    }

    private static IntervalReport report(Plan plan, RolloutState state, Verdict verdict, long now) {
        return new IntervalReport(now, state.step(), state.weight(), new GroupNumbers(plan.candidate(), 50, 0, 0, 12),
                new GroupNumbers(plan.baseline(), 450, 0, 0, 9), verdict, verdict.key());
    }
}
