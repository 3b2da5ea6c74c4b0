package dev.rolloutlab.gateway.progressive;

import jakarta.inject.Singleton;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * {@code rollout-state}: DOWN until the persisted rollout state was read (or found absent), so a
 * restarted gateway takes no traffic with a weight it has not decided yet.
 */
@Readiness
@Singleton
public class RolloutStateReadiness implements HealthCheck {

    private final RolloutController controller;

    RolloutStateReadiness(RolloutController controller) {
        this.controller = controller;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("rollout-state").status(controller.stateRead()).build();
    }
}
