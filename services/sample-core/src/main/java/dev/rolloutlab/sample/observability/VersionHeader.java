package dev.rolloutlab.sample.observability;

import io.quarkus.vertx.http.runtime.filters.Filters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Stamps every response with {@value #NAME}, so whatever sits in front (the gateway, curl -i)
 * sees which version answered, even behind one Service while a rolling update swaps the pods.
 */
@ApplicationScoped
public class VersionHeader {

    public static final String NAME = "X-App-Version";

    private final String version;

    VersionHeader(@ConfigProperty(name = "quarkus.application.version") String version) {
        this.version = version;
    }

    void register(@Observes Filters filters) {
        filters.register(rc -> {
            rc.addHeadersEndHandler(done -> rc.response().putHeader(NAME, version));
            rc.next();
        }, 90);
    }
}
