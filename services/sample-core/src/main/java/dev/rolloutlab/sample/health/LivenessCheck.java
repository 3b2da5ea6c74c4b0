package dev.rolloutlab.sample.health;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Alive while the JVM answers HTTP. Deliberately not tied to readiness: switching readiness
 * off must take the pod out of the Service, not get it restarted.
 */
@Liveness
@ApplicationScoped
public class LivenessCheck implements HealthCheck {

    private final String version;

    LivenessCheck(@ConfigProperty(name = "quarkus.application.version") String version) {
        this.version = version;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("alive").up().withData("version", version).build();
    }
}
