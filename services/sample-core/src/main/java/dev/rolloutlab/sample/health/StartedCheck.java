package dev.rolloutlab.sample.health;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Startup;

/** Started once the application finished booting; the startup probe waits for it. */
@Startup
@ApplicationScoped
public class StartedCheck implements HealthCheck {

    private volatile Instant startedAt;

    void onStart(@Observes StartupEvent event) {
        startedAt = Instant.now();
    }

    @Override
    public HealthCheckResponse call() {
        Instant started = startedAt;
        return started == null
                ? HealthCheckResponse.down("started")
                : HealthCheckResponse.named("started").up().withData("since", started.toString()).build();
    }
}
