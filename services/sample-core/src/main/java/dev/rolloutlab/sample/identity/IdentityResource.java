package dev.rolloutlab.sample.identity;

import dev.rolloutlab.sample.api.ApiError;
import dev.rolloutlab.sample.config.SampleConfig;
import dev.rolloutlab.sample.faults.FaultInjector;
import dev.rolloutlab.sample.faults.FaultPlan;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** {@code GET /api/identity}: which app, version and pod answered, with this version's faults applied. */
@Path("/api/identity")
public class IdentityResource {

    private final Greeter greeter;
    private final SampleConfig config;
    private final PodInfo pod;
    private final FaultInjector faults;
    private final Counter injectedFaults;
    private final String app;
    private final String version;

    IdentityResource(Greeter greeter, SampleConfig config, PodInfo pod, FaultInjector faults, MeterRegistry registry,
            @ConfigProperty(name = "quarkus.application.name") String app,
            @ConfigProperty(name = "quarkus.application.version") String version) {
        this.greeter = greeter;
        this.config = config;
        this.pod = pod;
        this.faults = faults;
        this.injectedFaults = Counter.builder("sample.injected.faults")
                .description("Identity requests failed on purpose by sample.fault.error-rate")
                .register(registry);
        this.app = app;
        this.version = version;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> identity(@QueryParam("lang") String lang) {
        Greeting greeting = greeter.greet(lang);
        FaultPlan plan = faults.next();
        Uni<FaultPlan> delayed = plan.latency().isZero()
                ? Uni.createFrom().item(plan)
                : Uni.createFrom().item(plan).onItem().delayIt().by(plan.latency());
        return delayed.map(p -> p.fail() ? injectedFault() : Response.ok(identity(greeting)).build());
    }

    private Identity identity(Greeting greeting) {
        return new Identity(app, version, config.color(), greeting.message(), greeting.lang(),
                pod.pod(), pod.node(), pod.namespace(), Instant.now(Clock.systemUTC()));
    }

    private Response injectedFault() {
        injectedFaults.increment();
        return ApiError.of(Response.Status.INTERNAL_SERVER_ERROR,
                "injected fault (sample.fault.error-rate=" + config.fault().errorRate() + ")").getResponse();
    }
}
