package dev.rolloutlab.gateway.progressive.decision;

import static dev.rolloutlab.gateway.progressive.decision.FakeRollout.analysis;
import static dev.rolloutlab.gateway.progressive.decision.FakeRollout.canary;
import static dev.rolloutlab.gateway.progressive.decision.FakeRollout.manual;
import static dev.rolloutlab.gateway.progressive.decision.FakeRollout.step;
import static dev.rolloutlab.gateway.progressive.decision.Verdict.FAILED;
import static dev.rolloutlab.gateway.progressive.decision.Verdict.INCONCLUSIVE;
import static dev.rolloutlab.gateway.progressive.decision.Verdict.PASSED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rolloutlab.gateway.progressive.plan.Plan;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RolloutMachineTest {

    /** 10 % and 25 % held 30 s each, then 50 % until promote; intervals of 10 s after 10 s of warm-up. */
    static final Plan PLAN = canary("2.0.0", analysis(1, 3), step(10, 30), step(25, 30), manual(50));

    FakeRollout rollout = new FakeRollout(PLAN);

    /** Started, healthy, at step 1. */
    FakeRollout atFirstStep() {
        return rollout.adopt().tick(true);
    }

    @Test
    void idleIsWeightZeroWithNoHistory() {
        RolloutState idle = RolloutMachine.idle();

        assertThat(idle.phase()).isEqualTo(Phase.IDLE);
        assertThat(idle.weight()).isZero();
        assertThat(idle.step()).isEqualTo(-1);
        assertThat(idle.intervals()).isEmpty();
        assertThat(RolloutMachine.verdictDue(idle, Long.MAX_VALUE)).isFalse();
    }

    @Test
    void aNewRevisionStartsAtZeroAndWaitsForAHealthyCandidate() {
        rollout.adopt();

        assertThat(rollout.state.phase()).isEqualTo(Phase.STARTING);
        assertThat(rollout.state.weight()).isZero();
        assertThat(rollout.state.revision()).isEqualTo("2.0.0");
        assertThat(rollout.lastEvent().message())
                .isEqualTo("rollout 2.0.0 started: 10 → 25 → 50 → 100 % to v2, waiting for v2 to be healthy");

        rollout.advance(Duration.ofMinutes(5)).tick(false);
        assertThat(rollout.state.phase()).as("an unhealthy candidate gets nothing").isEqualTo(Phase.STARTING);

        rollout.tick(true);
        assertThat(rollout.state.phase()).isEqualTo(Phase.PROGRESSING);
        assertThat(rollout.state.step()).isZero();
        assertThat(rollout.state.weight()).isEqualTo(10);
        assertThat(rollout.lastEvent().message()).isEqualTo("step 1 of 3: 10 % to v2 (held 30 s, judged every 10 s)");
    }

    @Test
    void theFirstVerdictWaitsForTheInitialDelayAndOneInterval() {
        atFirstStep();
        long entered = rollout.now;

        assertThat(rollout.state.warmUpUntil()).isEqualTo(entered + 10_000);
        assertThat(rollout.state.nextVerdictAt()).isEqualTo(entered + 20_000);
        assertThat(RolloutMachine.verdictDue(rollout.state, entered + 19_999)).isFalse();
        assertThat(RolloutMachine.verdictDue(rollout.state, entered + 20_000)).isTrue();
    }

    @Test
    void verdictsKeepTheirRhythmAndSkipAheadWhenBehind() {
        atFirstStep();
        long due = rollout.state.nextVerdictAt();

        rollout.now = due + 300;
        rollout.verdictNow(PASSED);
        assertThat(rollout.state.nextVerdictAt()).isEqualTo(due + 10_000);

        rollout.now = due + 60_000;
        rollout.verdictNow(PASSED);
        assertThat(rollout.state.nextVerdictAt()).isEqualTo(due + 70_000);
    }

    @Test
    void aStepEndsOnlyAfterItsHoldAndTwoPassesWithTheLastNotFailed() {
        atFirstStep();
        long entered = rollout.now;

        rollout.interval(PASSED).interval(PASSED);
        assertThat(rollout.now - entered).isEqualTo(30_000);
        assertThat(rollout.state.step()).as("hold 30 s over and 2 passes: next step").isEqualTo(1);
        assertThat(rollout.state.weight()).isEqualTo(25);
        assertThat(rollout.state.passedInStep()).isZero();
        assertThat(rollout.lastEvent().message()).isEqualTo("step 2 of 3: 25 % to v2 (held 30 s, judged every 10 s)");
    }

    @Test
    void theHoldAloneIsNotEnough() {
        atFirstStep();

        rollout.interval(PASSED).interval(INCONCLUSIVE).advance(Duration.ofMinutes(10)).tick();

        assertThat(rollout.state.step()).as("only one pass").isZero();
        rollout.interval(PASSED);
        assertThat(rollout.state.step()).isEqualTo(1);
    }

    @Test
    void passesAloneAreNotEnough() {
        Plan longHold = canary("2.0.0", analysis(1, 3), step(10, 60), step(50, 60));
        FakeRollout slow = new FakeRollout(longHold).adopt().tick();
        long entered = slow.now;

        slow.interval(PASSED).interval(PASSED).interval(PASSED);
        assertThat(slow.state.step()).isZero();

        slow.now = entered + 59_999;
        slow.tick();
        assertThat(slow.state.step()).isZero();
        slow.now = entered + 60_000;
        slow.tick();
        assertThat(slow.state.step()).isEqualTo(1);
    }

    @Test
    void aStepDoesNotEndRightAfterAFailedInterval() {
        Plan tolerant = canary("2.0.0", analysis(3, 3), step(10, 45), step(50, 30));
        FakeRollout r = new FakeRollout(tolerant).adopt().tick();

        r.interval(PASSED).interval(PASSED).interval(FAILED);
        r.advance(Duration.ofSeconds(9)).tick();
        assertThat(r.now - FakeRollout.T0).as("the hold of 45 s is over").isEqualTo(49_000);
        assertThat(r.state.step()).as("hold over, 2 passes, but the last verdict failed").isZero();
        assertThat(r.state.failed()).isEqualTo(1);

        r.interval(INCONCLUSIVE);
        assertThat(r.state.step()).as("an inconclusive one after the failure is enough").isEqualTo(1);
        assertThat(r.state.failed()).as("failures are not forgotten in the next step").isEqualTo(1);
    }

    @Test
    void failuresAboveTheLimitAbortToZero() {
        atFirstStep().interval(PASSED).interval(PASSED);
        assertThat(rollout.state.weight()).isEqualTo(25);

        rollout.interval(FAILED);
        assertThat(rollout.state.phase()).as("1 failure is within failureLimit 1").isEqualTo(Phase.PROGRESSING);
        assertThat(rollout.lastEvent().message()).isEqualTo("interval failed: v2 18.0 % errors > 5 % (stable 0.0 %, p99 9 ms)");

        rollout.interval(FAILED);
        assertThat(rollout.state.phase()).isEqualTo(Phase.ABORTED);
        assertThat(rollout.state.weight()).isZero();
        assertThat(rollout.state.failed()).isEqualTo(2);
        assertThat(rollout.state.reason()).isEqualTo("v2 18.0 % errors > 5 % (2 failed intervals > limit 1)");
        assertThat(rollout.lastEvent().message())
                .isEqualTo("aborted: v2 18.0 % errors > 5 % (2 failed intervals > limit 1): v1 answers everything again");
        assertThat(RolloutMachine.verdictDue(rollout.state, Long.MAX_VALUE)).as("no more verdicts").isFalse();
    }

    @Test
    void failuresCountAcrossSteps() {
        atFirstStep().interval(FAILED).interval(PASSED).interval(PASSED);
        assertThat(rollout.state.step()).isEqualTo(1);

        rollout.interval(FAILED);

        assertThat(rollout.state.phase()).isEqualTo(Phase.ABORTED);
    }

    @Test
    void tooManyInconclusiveIntervalsInARowPauseForLackOfTraffic() {
        atFirstStep().interval(INCONCLUSIVE).interval(INCONCLUSIVE).interval(PASSED).interval(INCONCLUSIVE)
                .interval(INCONCLUSIVE);
        assertThat(rollout.state.phase()).as("a pass breaks the run").isEqualTo(Phase.PROGRESSING);

        rollout.interval(INCONCLUSIVE);

        assertThat(rollout.state.phase()).isEqualTo(Phase.PAUSED);
        assertThat(rollout.state.awaitingPromote()).isFalse();
        assertThat(rollout.state.reason()).startsWith("not enough traffic: 3 inconclusive intervals in a row (last: 7 v2 requests < 20)");
        assertThat(rollout.state.weight()).as("paused keeps its weight").isEqualTo(10);
    }

    @Test
    void inconclusiveForAnotherReasonPausesWithThatReason() {
        atFirstStep();
        IntervalReport stableToo = new IntervalReport(0, 0, 10, new GroupNumbers("v2", 50, 10, 20, 12),
                new GroupNumbers("v1", 400, 78, 19.5, 9), INCONCLUSIVE,
                "v2 20.0 % errors > 5 %, but stable fails too (19.5 %)");
        for (int i = 0; i < 3; i++) {
            rollout.now = rollout.state.nextVerdictAt();
            rollout.apply(RolloutMachine.verdict(rollout.state, PLAN, stableToo, rollout.now));
        }

        assertThat(rollout.state.phase()).isEqualTo(Phase.PAUSED);
        assertThat(rollout.state.reason())
                .isEqualTo("v2 20.0 % errors > 5 %, but stable fails too (19.5 %) (3 inconclusive intervals in a row)");
        assertThat(rollout.events.get(rollout.events.size() - 2).message()).as("stable's numbers are in the why already")
                .isEqualTo("interval inconclusive: v2 20.0 % errors > 5 %, but stable fails too (19.5 %)");
    }

    @Test
    void aVerdictOutsideJudgingPhasesIsIgnored() {
        rollout.adopt();
        RolloutState starting = rollout.state;

        assertThat(RolloutMachine.verdict(starting, PLAN, rollout.report(FAILED), rollout.now).state()).isSameAs(starting);
    }

    @Test
    void aManualStepPausesAwaitingPromoteAfterItsChecks() {
        atFirstStep().interval(PASSED).interval(PASSED).interval(PASSED).interval(PASSED);
        assertThat(rollout.state.step()).as("step 2's hold is not over yet").isEqualTo(1);
        rollout.advance(Duration.ofSeconds(10)).tick();
        assertThat(rollout.state.step()).isEqualTo(2);
        assertThat(rollout.lastEvent().message()).isEqualTo("step 3 of 3: 50 % to v2 (then waits for promote, judged every 10 s)");

        rollout.interval(PASSED);
        assertThat(rollout.state.phase()).as("a manual step needs its two passes too").isEqualTo(Phase.PROGRESSING);
        rollout.interval(PASSED);

        assertThat(rollout.state.phase()).isEqualTo(Phase.PAUSED);
        assertThat(rollout.state.awaitingPromote()).isTrue();
        assertThat(rollout.state.weight()).isEqualTo(50);
        assertThat(rollout.state.reason()).isEqualTo("step 3 (50 %) passed: waiting for promote");
    }

    @Test
    void whilePausedPassesDoNotAdvanceButFailuresStillAbort() throws Exception {
        atFirstStep().command(Command.PAUSE);
        assertThat(rollout.state.reason()).isEqualTo("paused by command at step 1 of 3 (10 % to v2)");

        rollout.interval(PASSED).interval(PASSED).interval(PASSED).advance(Duration.ofMinutes(5)).tick();
        assertThat(rollout.state.phase()).isEqualTo(Phase.PAUSED);
        assertThat(rollout.state.step()).isZero();

        rollout.interval(FAILED).interval(FAILED);
        assertThat(rollout.state.phase()).isEqualTo(Phase.ABORTED);
        assertThat(rollout.state.weight()).isZero();
    }

    @Test
    void inconclusiveIntervalsWhilePausedDoNotPauseAgain() throws Exception {
        atFirstStep().command(Command.PAUSE);
        long paused = rollout.events.size();

        rollout.interval(INCONCLUSIVE).interval(INCONCLUSIVE).interval(INCONCLUSIVE).interval(INCONCLUSIVE);

        assertThat(rollout.events.stream().skip(paused).map(RolloutEvent::type)).containsOnly("verdict");
        assertThat(rollout.state.reason()).startsWith("paused by command");
    }

    @Test
    void promoteMovesOnAndPromotesAfterTheLastStep() throws Exception {
        atFirstStep().command(Command.PROMOTE);
        assertThat(rollout.state.step()).isEqualTo(1);
        assertThat(rollout.state.weight()).isEqualTo(25);
        assertThat(rollout.lastEvent().message()).startsWith("promoted by command to step 2 of 3");

        rollout.command(Command.PROMOTE).command(Command.PROMOTE);

        assertThat(rollout.state.phase()).isEqualTo(Phase.PROMOTED);
        assertThat(rollout.state.weight()).isEqualTo(100);
        assertThat(rollout.lastEvent().message()).isEqualTo("promoted by command: 100 % to v2");
    }

    @Test
    void promoteGoesOnFromAManualHold() throws Exception {
        atFirstStep().interval(PASSED).interval(PASSED).interval(PASSED).interval(PASSED).interval(PASSED).interval(PASSED);
        assertThat(rollout.state.awaitingPromote()).isTrue();

        assertThatThrownBy(() -> rollout.command(Command.RESUME)).isInstanceOf(CommandRefusedException.class)
                .hasMessage("nothing to resume: step 3 (50 %) passed: waiting for promote; promote goes on to the next step");
        rollout.command(Command.PROMOTE);

        assertThat(rollout.state.phase()).isEqualTo(Phase.PROMOTED);
        assertThat(rollout.state.weight()).isEqualTo(100);
        assertThat(rollout.state.awaitingPromote()).isFalse();
        assertThat(rollout.state.reason()).isNull();
    }

    @Test
    void promoteFromStartingGoesToTheFirstStepWithItsWarmUp() throws Exception {
        rollout.adopt().command(Command.PROMOTE);

        assertThat(rollout.state.phase()).isEqualTo(Phase.PROGRESSING);
        assertThat(rollout.state.weight()).isEqualTo(10);
        assertThat(rollout.state.nextVerdictAt()).isEqualTo(rollout.now + 20_000);
    }

    @Test
    void promoteFullSkipsEveryStep() throws Exception {
        atFirstStep().command(Command.PROMOTE_FULL);

        assertThat(rollout.state.phase()).isEqualTo(Phase.PROMOTED);
        assertThat(rollout.state.weight()).isEqualTo(100);
    }

    @Test
    void abortByCommandSendsEverythingToStable() throws Exception {
        atFirstStep().interval(PASSED).interval(PASSED).command(Command.ABORT);

        assertThat(rollout.state.phase()).isEqualTo(Phase.ABORTED);
        assertThat(rollout.state.weight()).isZero();
        assertThat(rollout.state.reason()).isEqualTo("aborted by command");
        assertThat(rollout.lastEvent().message()).isEqualTo("aborted by command: v1 answers everything again");
    }

    @Test
    void retryStartsOverWithFailuresClearedAndHistoryKept() throws Exception {
        atFirstStep().interval(FAILED).interval(FAILED);
        int intervals = rollout.state.intervals().size();

        rollout.command(Command.RETRY);

        assertThat(rollout.state.phase()).isEqualTo(Phase.STARTING);
        assertThat(rollout.state.failed()).isZero();
        assertThat(rollout.state.weight()).isZero();
        assertThat(rollout.state.step()).isEqualTo(-1);
        assertThat(rollout.state.reason()).isNull();
        assertThat(rollout.state.intervals()).hasSize(intervals);
        assertThat(rollout.lastEvent().type()).isEqualTo("retried");

        rollout.tick().interval(PASSED).interval(PASSED);
        assertThat(rollout.state.weight()).isEqualTo(25);
    }

    @Test
    void pauseAndResumeKeepTheStep() throws Exception {
        atFirstStep().interval(PASSED).interval(PASSED).command(Command.PAUSE);
        assertThat(rollout.state.phase()).isEqualTo(Phase.PAUSED);
        assertThat(rollout.state.weight()).isEqualTo(25);

        rollout.command(Command.RESUME);

        assertThat(rollout.state.phase()).isEqualTo(Phase.PROGRESSING);
        assertThat(rollout.state.step()).isEqualTo(1);
        assertThat(rollout.state.reason()).isNull();
        assertThat(rollout.lastEvent().message()).isEqualTo("resumed: step 2 of 3 (25 % to v2)");
    }

    @Test
    void resumeClearsTheInconclusiveRun() throws Exception {
        atFirstStep().interval(INCONCLUSIVE).interval(INCONCLUSIVE).interval(INCONCLUSIVE);
        assertThat(rollout.state.phase()).isEqualTo(Phase.PAUSED);

        rollout.command(Command.RESUME).interval(INCONCLUSIVE);

        assertThat(rollout.state.inconclusiveInRow()).isEqualTo(1);
        assertThat(rollout.state.phase()).isEqualTo(Phase.PROGRESSING);
    }

    @Test
    void pausedWhileStartingResumesToStarting() throws Exception {
        rollout.adopt().command(Command.PAUSE).command(Command.RESUME);

        assertThat(rollout.state.phase()).isEqualTo(Phase.STARTING);
    }

    @Test
    void commandsThatDoNotFitThePhaseAreRefusedWithASentence() throws Exception {
        assertRefused(Command.PROMOTE, "nothing to promote: there is no progressive rollout (the routing file has no progressive block)");

        atFirstStep();
        assertRefused(Command.RETRY, "nothing to retry: the rollout is progressing; pause or abort it first");
        assertRefused(Command.RESUME, "nothing to resume: the rollout is progressing; pause or abort it first");

        rollout.command(Command.PAUSE);
        assertRefused(Command.PAUSE, "nothing to pause: the rollout is paused; resume, promote, retry or abort it");

        rollout.command(Command.ABORT);
        assertRefused(Command.PROMOTE, "nothing to promote: the rollout is aborted; retry starts it again");
        assertRefused(Command.PROMOTE_FULL, "nothing to promote-full: the rollout is aborted; retry starts it again");
        assertRefused(Command.ABORT, "nothing to abort: the rollout is aborted; retry starts it again");
        assertRefused(Command.PAUSE, "nothing to pause: the rollout is aborted; retry starts it again");
        assertRefused(Command.RESUME, "nothing to resume: the rollout is aborted; retry starts it again");

        rollout.command(Command.RETRY).command(Command.PROMOTE_FULL);
        for (Command command : Command.values()) {
            assertRefused(command, "nothing to " + command.key() + ": the rollout is promoted; a new revision starts a new rollout");
        }
    }

    void assertRefused(Command command, String message) {
        RolloutState before = rollout.state;
        assertThatThrownBy(() -> rollout.command(command)).isInstanceOf(CommandRefusedException.class).hasMessage(message);
        assertThat(rollout.state).isSameAs(before);
    }

    @Test
    void aRestartKeepsPhaseStepAndFailuresButRestartsHoldAndPasses() {
        atFirstStep().interval(PASSED).interval(PASSED).interval(FAILED).interval(PASSED);
        RolloutState before = rollout.state;
        assertThat(before.step()).isEqualTo(1);
        assertThat(before.passedInStep()).isEqualTo(1);

        rollout.advance(Duration.ofSeconds(42)).restart();

        RolloutState after = rollout.state;
        assertThat(after.phase()).isEqualTo(Phase.PROGRESSING);
        assertThat(after.step()).isEqualTo(1);
        assertThat(after.weight()).isEqualTo(25);
        assertThat(after.failed()).as("a crash loop cannot clear failures").isEqualTo(1);
        assertThat(after.passedInStep()).isZero();
        assertThat(after.lastVerdict()).isNull();
        assertThat(after.stepStartedAt()).isEqualTo(rollout.now);
        assertThat(after.warmUpUntil()).isEqualTo(rollout.now + 10_000);
        assertThat(after.nextVerdictAt()).isEqualTo(rollout.now + 20_000);
        assertThat(after.intervals()).isEqualTo(before.intervals());
        assertThat(rollout.lastEvent().type()).isEqualTo("restarted");
        assertThat(rollout.lastEvent().message()).isEqualTo(
                "gateway restarted: step 2 of 3 (25 % to v2) resumed, 1 failed interval kept; hold and passes start again");

        rollout.interval(FAILED);
        assertThat(rollout.state.phase()).as("the failure before the restart still counts").isEqualTo(Phase.ABORTED);
    }

    @Test
    void anAbortedRolloutStaysAbortedAcrossARestart() {
        atFirstStep().interval(FAILED).interval(FAILED).advance(Duration.ofMinutes(1)).restart().tick();

        assertThat(rollout.state.phase()).isEqualTo(Phase.ABORTED);
        assertThat(rollout.state.weight()).isZero();
        assertThat(RolloutMachine.verdictDue(rollout.state, Long.MAX_VALUE)).isFalse();
        assertThat(rollout.lastEvent().message()).isEqualTo("gateway restarted: the rollout stays aborted, v1 answers everything");
    }

    @Test
    void aRestartWithAnotherRevisionStartsOver() {
        atFirstStep().interval(FAILED);
        Plan next = canary("2.1.0", analysis(1, 3), step(20, 30));

        rollout.apply(RolloutMachine.resumeAfterRestart(rollout.state, next, rollout.now));

        assertThat(rollout.state.phase()).isEqualTo(Phase.STARTING);
        assertThat(rollout.state.revision()).isEqualTo("2.1.0");
        assertThat(rollout.state.failed()).isZero();
    }

    @Test
    void theSameRevisionAgainChangesNothing() {
        atFirstStep().interval(PASSED);
        RolloutState before = rollout.state;

        Transition again = RolloutMachine.adopt(before, canary("2.0.0", analysis(1, 3), step(10, 30)), rollout.now + 5);

        assertThat(again.state()).isSameAs(before);
        assertThat(again.events()).isEmpty();
    }

    @Test
    void aNewRevisionStartsOverEvenWhenAborted() {
        atFirstStep().interval(FAILED).interval(FAILED);

        Transition next = RolloutMachine.adopt(rollout.state, canary("2.0.1", analysis(1, 3), step(10, 30)), rollout.now);

        assertThat(next.state().phase()).isEqualTo(Phase.STARTING);
        assertThat(next.state().failed()).isZero();
        assertThat(next.state().intervals()).isEmpty();
        assertThat(next.events()).extracting(RolloutEvent::type).containsExactly("started");
    }

    @Test
    void aNewCandidateStartsOver() {
        atFirstStep();
        Plan other = new Plan(PLAN.kind(), PLAN.revision(), "v3", "v1", PLAN.steps(), PLAN.analysis(), PLAN.probe());

        assertThat(RolloutMachine.adopt(rollout.state, other, rollout.now).state().candidate()).isEqualTo("v3");
    }

    @Test
    void noPlanIsIdle() {
        atFirstStep();

        Transition idle = RolloutMachine.adopt(rollout.state, null, rollout.now);

        assertThat(idle.state().phase()).isEqualTo(Phase.IDLE);
        assertThat(idle.state().weight()).isZero();
        assertThat(RolloutMachine.adopt(idle.state(), null, rollout.now).state()).isSameAs(idle.state());
    }

    @Test
    void historyKeepsTheLatestTwenty() throws Exception {
        atFirstStep().command(Command.PAUSE);
        for (int i = 0; i < 25; i++) {
            rollout.interval(PASSED);
        }

        assertThat(rollout.state.intervals()).hasSize(RolloutState.HISTORY);
        assertThat(rollout.state.events()).hasSize(RolloutState.HISTORY);
        assertThat(rollout.state.intervals().get(RolloutState.HISTORY - 1).at()).isEqualTo(rollout.now);
        assertThat(rollout.state.events().get(RolloutState.HISTORY - 1)).isEqualTo(rollout.lastEvent());
    }

    @Test
    void eventsCarryThePhaseStepAndWeightAfterThem() {
        atFirstStep().interval(PASSED).interval(PASSED);

        assertThat(rollout.eventTypes()).containsExactly("started", "step", "verdict", "verdict", "step");
        RolloutEvent step2 = rollout.lastEvent();
        assertThat(step2.phase()).isEqualTo(Phase.PROGRESSING);
        assertThat(step2.step()).isEqualTo(1);
        assertThat(step2.weight()).isEqualTo(25);
        assertThat(step2.at()).isEqualTo(rollout.now);
    }

    // ---- blue/green: the same machine, two steps ----

    static final Plan BLUE_GREEN = FakeRollout.blueGreen(Duration.ofSeconds(30), Duration.ofSeconds(10),
            Duration.ofSeconds(60), analysis(1, 3));

    @Test
    void blueGreenJudgesThePreviewThenSwitchesThenPromotes() {
        FakeRollout bg = new FakeRollout(BLUE_GREEN).adopt().tick();
        assertThat(bg.state.weight()).as("pre-promotion: the spec's active side serves").isZero();
        assertThat(bg.lastEvent().message())
                .isEqualTo("pre-promotion: green judged for 40 s while blue serves users (judged every 10 s; then switched)");

        bg.interval(PASSED).interval(PASSED);
        assertThat(bg.state.step()).as("held prePromotion + autoPromotion = 40 s").isZero();
        bg.interval(PASSED);
        assertThat(bg.state.step()).isEqualTo(1);
        assertThat(bg.state.weight()).as("switched: green is active").isEqualTo(100);
        assertThat(bg.events.stream().filter(e -> e.type().equals("step")).reduce((a, b) -> b).orElseThrow().message())
                .isEqualTo("post-promotion: green serves everyone, judged for 60 s; a failure switches back to blue");

        for (int i = 0; i < 6; i++) {
            bg.interval(PASSED);
        }
        assertThat(bg.state.phase()).isEqualTo(Phase.PROMOTED);
        assertThat(bg.state.weight()).isEqualTo(100);
        assertThat(bg.lastEvent().message()).isEqualTo("promoted: green is the active side, blue gets no requests");
    }

    @Test
    void blueGreenSwitchesBackOnFailureAfterTheSwitch() {
        FakeRollout bg = new FakeRollout(BLUE_GREEN).adopt().tick().interval(PASSED).interval(PASSED).interval(PASSED);
        assertThat(bg.state.weight()).isEqualTo(100);

        bg.interval(FAILED).interval(FAILED);

        assertThat(bg.state.phase()).isEqualTo(Phase.ABORTED);
        assertThat(bg.state.weight()).as("blue is active again").isZero();
        assertThat(bg.lastEvent().message()).endsWith(": blue answers everything again");
    }

    @Test
    void blueGreenWithoutAutoPromotionWaitsForPromoteToSwitch() throws Exception {
        Plan manualSwitch = FakeRollout.blueGreen(Duration.ofSeconds(30), null, Duration.ofSeconds(60), analysis(1, 3));
        FakeRollout bg = new FakeRollout(manualSwitch).adopt().tick().interval(PASSED).interval(PASSED);

        assertThat(bg.state.phase()).isEqualTo(Phase.PAUSED);
        assertThat(bg.state.weight()).isZero();
        assertThat(bg.state.reason()).isEqualTo("pre-promotion passed: waiting for promote to switch to green");

        bg.command(Command.PROMOTE);
        assertThat(bg.state.phase()).isEqualTo(Phase.PROGRESSING);
        assertThat(bg.state.weight()).isEqualTo(100);
    }

    @Test
    void aFaultyPreviewIsNeverSwitchedTo() {
        FakeRollout bg = new FakeRollout(BLUE_GREEN).adopt().tick().interval(FAILED).interval(FAILED);

        assertThat(bg.state.phase()).isEqualTo(Phase.ABORTED);
        assertThat(bg.events).extracting(RolloutEvent::weight).containsOnly(0);
    }
}
