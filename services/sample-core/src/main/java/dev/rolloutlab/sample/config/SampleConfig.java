package dev.rolloutlab.sample.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.Map;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

/**
 * The sample service's own settings ({@code sample.*}). In a cluster they come from the
 * version's ConfigMap: greeting and color as env vars ({@code SAMPLE_GREETING},
 * {@code SAMPLE_COLOR}), fault settings from the mounted {@code config/application.properties}.
 * A value that makes no sense stops start-up with a message naming the key.
 */
@ConfigMapping(prefix = "sample")
public interface SampleConfig {

    /** The message the identity endpoint answers with. */
    @NotBlank
    String greeting();

    /** How the UI paints this version: {@code #rgb}, {@code #rrggbb} or a CSS color name. */
    @Pattern(regexp = Colors.PATTERN, message = Colors.MESSAGE)
    String color();

    @Valid
    Fault fault();

    /** The volume demo's mounts by name (scratch, node, data); a name not listed answers 404. */
    Map<String, @Valid Mount> volumes();

    /** Faults this version injects into the identity endpoint, to show a bad canary. */
    interface Fault {
        /** Share of identity requests answered with 500, from 0 (none) to 1 (all). */
        @WithDefault("0")
        @DecimalMin(value = "0", message = "must be between 0 and 1")
        @DecimalMax(value = "1", message = "must be between 0 and 1")
        double errorRate();

        /** Delay added to every identity response. */
        @WithDefault("0s")
        @DurationMin(nanos = 0, message = "must not be negative")
        @DurationMax(minutes = 1, message = "must be at most 1 minute")
        Duration latency();
    }

    interface Mount {
        /** Where the volume is mounted in the container. */
        @NotBlank
        String path();

        /** The Kubernetes volume type behind it, shown to learners. */
        MountKind kind();
    }
}
