package dev.rolloutlab.sample.observability;

import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Tags every metric with the app and its version, so a dashboard can split by version. */
public class VersionTags {

    @Produces
    @Singleton
    MeterFilter versionTags(@ConfigProperty(name = "quarkus.application.name") String app,
            @ConfigProperty(name = "quarkus.application.version") String version) {
        return MeterFilter.commonTags(List.of(Tag.of("app", app), Tag.of("version", version)));
    }
}
