package dev.rolloutlab.gateway.progressive;

import dev.rolloutlab.gateway.progressive.decision.Phase;
import dev.rolloutlab.gateway.progressive.decision.RolloutState;
import dev.rolloutlab.gateway.progressive.decision.Verdict;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.util.EnumMap;
import java.util.Map;

/**
 * The rollout on Prometheus: {@code gateway_rollout_phase{phase}} (1 for the current phase, 0 for
 * the others), {@code gateway_rollout_weight}, {@code gateway_rollout_step},
 * {@code gateway_rollout_intervals_total{verdict}} and {@code gateway_rollout_probes_total}.
 */
@Singleton
public class RolloutMetrics {

    private volatile Phase phase = Phase.IDLE;
    private volatile int weight;
    private volatile int step = -1;
    private final Map<Verdict, Counter> intervals = new EnumMap<>(Verdict.class);
    private final Counter probes;

    RolloutMetrics(MeterRegistry registry) {
        for (Phase each : Phase.values()) {
            Gauge.builder("gateway.rollout.phase", () -> phase == each ? 1 : 0)
                    .description("1 for the phase the progressive rollout is in, 0 for the others")
                    .tag("phase", each.key()).register(registry);
        }
        Gauge.builder("gateway.rollout.weight", () -> weight)
                .description("The candidate's effective weight in percent (blue/green: 100 once switched)").register(registry);
        Gauge.builder("gateway.rollout.step", () -> step)
                .description("Index of the rollout's current step, -1 before the first").register(registry);
        for (Verdict verdict : Verdict.values()) {
            intervals.put(verdict, Counter.builder("gateway.rollout.intervals")
                    .description("Analysis intervals judged, by verdict").tag("verdict", verdict.key()).register(registry));
        }
        probes = Counter.builder("gateway.rollout.probes")
                .description("Requests the gateway sent to the candidate itself (probe traffic)").register(registry);
    }

    void show(RolloutState state, int effectiveWeight) {
        phase = state == null ? Phase.IDLE : state.phase();
        weight = effectiveWeight;
        step = state == null ? -1 : state.step();
    }

    void judged(Verdict verdict) {
        intervals.get(verdict).increment();
    }

    void probed() {
        probes.increment();
    }
}
