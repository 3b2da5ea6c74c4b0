package dev.rolloutlab.cli.rolling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RollingPlannerTest {

    @Test
    void surgeOneUnavailableZeroStartsBeforeItStops() {
        assertThat(RollingPlanner.plan(2, 2, 0, 1, 0)).extracting(Object::toString).containsExactly(
                "start 1 -> 2 old + 1 new",
                "stop 1 -> 1 old + 1 new",
                "start 1 -> 1 old + 2 new",
                "stop 1 -> 0 old + 2 new");
    }

    @Test
    void surgeZeroUnavailableOneStopsBeforeItStarts() {
        assertThat(RollingPlanner.plan(2, 2, 0, 0, 1)).extracting(Object::toString).containsExactly(
                "stop 1 -> 1 old + 0 new",
                "start 1 -> 1 old + 1 new",
                "stop 1 -> 0 old + 1 new",
                "start 1 -> 0 old + 2 new");
    }

    @Test
    void largerSurgeAndUnavailableMoveInBiggerSteps() {
        assertThat(RollingPlanner.plan(4, 4, 0, 2, 1)).extracting(Object::toString).containsExactly(
                "start 2 -> 4 old + 2 new",
                "stop 3 -> 1 old + 2 new",
                "start 2 -> 1 old + 4 new",
                "stop 1 -> 0 old + 4 new");
        assertThat(RollingPlanner.plan(3, 3, 0, 3, 0)).extracting(Object::toString).containsExactly(
                "start 3 -> 3 old + 3 new",
                "stop 3 -> 0 old + 3 new");
    }

    @Test
    void anInterruptedUpdateResumesFromWhereItIs() {
        assertThat(RollingPlanner.plan(2, 1, 1, 1, 0)).extracting(Object::toString).containsExactly(
                "start 1 -> 1 old + 2 new",
                "stop 1 -> 0 old + 2 new");
    }

    @Test
    void everyPlanHonoursSurgeAndUnavailableAndEndsWithOnlyNewInstances() {
        for (int replicas = 1; replicas <= 6; replicas++) {
            for (int surge = 0; surge <= 4; surge++) {
                for (int unavailable = 0; unavailable <= 4; unavailable++) {
                    if (surge == 0 && unavailable == 0) {
                        continue;
                    }
                    List<RollingStep> plan = RollingPlanner.plan(replicas, replicas, 0, surge, unavailable);
                    for (RollingStep step : plan) {
                        assertThat(step.inServiceAfter()).as("total, %d/%d/%d", replicas, surge, unavailable)
                                .isLessThanOrEqualTo(replicas + surge);
                        assertThat(step.inServiceAfter()).as("available, %d/%d/%d", replicas, surge, unavailable)
                                .isGreaterThanOrEqualTo(Math.max(0, replicas - unavailable));
                    }
                    RollingStep last = plan.get(plan.size() - 1);
                    assertThat(last.oldAfter()).isZero();
                    assertThat(last.newAfter()).isEqualTo(replicas);
                }
            }
        }
    }

    @Test
    void impossiblePlansAreRefused() {
        assertThatThrownBy(() -> RollingPlanner.plan(2, 2, 0, 0, 0)).hasMessageContaining("cannot both be 0");
        assertThatThrownBy(() -> RollingPlanner.plan(0, 0, 0, 1, 0)).hasMessageContaining("replicas must be at least 1");
        assertThatThrownBy(() -> RollingPlanner.plan(2, 2, 0, -1, 1)).hasMessageContaining("must not be negative");
    }
}
