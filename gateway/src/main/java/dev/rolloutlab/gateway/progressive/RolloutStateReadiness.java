package dev.rolloutlab.gateway.progressive;

import jakarta.inject.Singleton;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * {@code rollout-state}: DOWN while a progressive rollout is configured and its persisted state
 * is not read yet (or found absent), so a restarted gateway takes no traffic with a weight it has
 * not decided. Without a progressive block the state store does not matter: always UP.
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
        return HealthCheckResponse.named("rollout-state").status(controller.ready()).build();
    }
}
