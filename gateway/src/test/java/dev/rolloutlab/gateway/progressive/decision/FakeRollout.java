package dev.rolloutlab.gateway.progressive.decision;

import dev.rolloutlab.gateway.progressive.plan.Analysis;
import dev.rolloutlab.gateway.progressive.plan.Kind;
import dev.rolloutlab.gateway.progressive.plan.Plan;
import dev.rolloutlab.gateway.progressive.plan.Probe;
import dev.rolloutlab.gateway.progressive.plan.Step;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Drives {@link RolloutMachine} the way the controller does, under a clock the test moves. */
final class FakeRollout {

    static final long T0 = 1_764_640_000_000L;
    static final Duration INTERVAL = Duration.ofSeconds(10);

    final Plan plan;
    long now = T0;
    RolloutState state = RolloutMachine.idle();
    final List<RolloutEvent> events = new ArrayList<>();

    FakeRollout(Plan plan) {
        this.plan = plan;
    }

    static Analysis analysis(int failureLimit, int inconclusiveLimit) {
        return new Analysis(INTERVAL, INTERVAL, 20, 5, Duration.ofMillis(500), failureLimit, inconclusiveLimit);
    }

    static Step step(int weight, int holdSeconds) {
        return new Step(weight, Duration.ofSeconds(holdSeconds), false, null);
    }

    static Step manual(int weight) {
        return new Step(weight, Duration.ZERO, true, null);
    }

    static Plan canary(String revision, Analysis analysis, Step... steps) {
        List<Step> labelled = new ArrayList<>();
        for (int i = 0; i < steps.length; i++) {
            labelled.add(new Step(steps[i].weight(), steps[i].hold(), steps[i].manual(), "step " + (i + 1)));
        }
        return new Plan(Kind.CANARY, revision, "v2", "v1", labelled, analysis, new Probe(0, "/api/identity"));
    }

    static Plan blueGreen(Duration prePromotion, Duration autoPromotion, Duration postPromotion, Analysis analysis) {
        return new Plan(Kind.BLUEGREEN, "2.0.0", "green", "blue", List.of(
                new Step(0, autoPromotion == null ? prePromotion : prePromotion.plus(autoPromotion), autoPromotion == null,
                        "pre-promotion"),
                new Step(100, postPromotion, false, "post-promotion")), analysis, new Probe(5, "/api/identity"));
    }

    FakeRollout adopt() {
        return apply(RolloutMachine.adopt(state, plan, now));
    }

    FakeRollout tick(boolean healthy) {
        return apply(RolloutMachine.tick(state, plan, now, healthy));
    }

    FakeRollout tick() {
        return tick(true);
    }

    FakeRollout advance(Duration duration) {
        now += duration.toMillis();
        return this;
    }

    /** Moves the clock to the end of the next interval (ticking on the way), judges it, ticks. */
    FakeRollout interval(Verdict verdict) {
        for (int i = 0; i < 100 && !RolloutMachine.verdictDue(state, now); i++) {
            now += 1_000;
            tick();
        }
        return verdictNow(verdict).tick();
    }

    FakeRollout verdictNow(Verdict verdict) {
        return apply(RolloutMachine.verdict(state, plan, report(verdict), now));
    }

    IntervalReport report(Verdict verdict) {
        GroupNumbers stable = new GroupNumbers(plan.baseline(), 450, 0, 0.0, 9);
        return switch (verdict) {
            case PASSED -> new IntervalReport(now, state.step(), state.weight(),
                    new GroupNumbers(plan.candidate(), 50, 0, 0.0, 12), stable, verdict, "v2 0.0 % errors <= 5 %, p99 12 ms <= 500 ms");
            case FAILED -> new IntervalReport(now, state.step(), state.weight(),
                    new GroupNumbers(plan.candidate(), 50, 9, 18.0, 12), stable, verdict, "v2 18.0 % errors > 5 %");
            case INCONCLUSIVE -> new IntervalReport(now, state.step(), state.weight(),
                    new GroupNumbers(plan.candidate(), 7, 0, 0.0, 12), stable, verdict, "7 v2 requests < 20");
        };
    }

    FakeRollout command(Command command) throws CommandRefusedException {
        return apply(RolloutMachine.command(state, plan, command, now));
    }

    FakeRollout restart() {
        return apply(RolloutMachine.resumeAfterRestart(state, plan, now));
    }

    FakeRollout apply(Transition transition) {
        state = transition.state();
        events.addAll(transition.events());
        return this;
    }

    List<String> eventTypes() {
        return events.stream().map(RolloutEvent::type).toList();
    }

    RolloutEvent lastEvent() {
        return events.get(events.size() - 1);
    }
}
