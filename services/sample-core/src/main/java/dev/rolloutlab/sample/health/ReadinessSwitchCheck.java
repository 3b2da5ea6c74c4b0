package dev.rolloutlab.sample.health;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready unless a learner switched readiness off ({@code POST /admin/readiness/off}). */
@Readiness
@ApplicationScoped
public class ReadinessSwitchCheck implements HealthCheck {

    private final ReadinessSwitch readiness;

    ReadinessSwitchCheck(ReadinessSwitch readiness) {
        this.readiness = readiness;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("readiness-switch")
                .status(readiness.isOn())
                .withData("switch", readiness.isOn() ? "on" : "off")
                .build();
    }
}
