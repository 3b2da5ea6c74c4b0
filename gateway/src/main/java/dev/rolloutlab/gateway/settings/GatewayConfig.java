package dev.rolloutlab.gateway.settings;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Min;
import org.hibernate.validator.constraints.time.DurationMin;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** The gateway's own settings ({@code gateway.*}, or env {@code GATEWAY_*}); a value that makes no sense stops start-up naming the key. */
@ConfigMapping(prefix = "gateway")
public interface GatewayConfig {

    String MIN_10MS = "must be at least 10ms";

    Routing routing();

    Upstream upstream();

    Stats stats();

    Rollout rollout();

    interface Routing {
        /** The routing YAML; in a cluster the chart mounts its ConfigMap here. */
        @WithDefault("/etc/rollout-lab/routing.yaml")
        Path file();

        /**
         * The safety poll: how often the file is re-read besides the watch on its directory, which
         * applies a change within milliseconds. Only a change the watch cannot see (a network
         * filesystem, a symlink into another directory) waits for it.
         */
        @WithDefault("1s")
        @DurationMin(millis = 10, message = MIN_10MS)
        Duration pollInterval();

        /**
         * A ConfigMap (key {@code routing.yaml}, same namespace) to watch through the Kubernetes
         * API: a mounted ConfigMap can take a minute to update, the API takes a second.
         */
        Optional<String> configMap();
    }

    interface Upstream {
        @WithDefault("2s")
        @DurationMin(millis = 10, message = MIN_10MS)
        Duration connectTimeout();

        /** Longest silence from an upstream during an exchange (no byte for this long): then 504, or one retry elsewhere. */
        @WithDefault("15s")
        @DurationMin(millis = 10, message = MIN_10MS)
        Duration responseTimeout();

        /**
         * Pooled connections are closed after this long, so pods added behind a Service (whose
         * IP kube-proxy balances per connection) get traffic during a rollout.
         */
        @WithDefault("10s")
        @DurationMin(millis = 10, message = MIN_10MS)
        Duration maxConnectionLifetime();

        /** How often each instance's {@code /q/health/ready} is checked. */
        @WithDefault("1s")
        @DurationMin(millis = 10, message = MIN_10MS)
        Duration healthInterval();

        /**
         * In a cluster: a group member that names a Service of the gateway's namespace
         * ({@code http://NAME:PORT}) stands for that Service's ready pods, read from its
         * EndpointSlices through the Kubernetes API. Off: the Service URL is called as it is.
         */
        @WithDefault("false")
        @WithConverter(StrictBoolean.class)
        boolean endpointSlices();

        /** Pooled connections to one instance, per event loop (each event loop has its own pool). */
        @WithDefault("200")
        @Min(value = 1, message = "must be at least 1")
        int maxConnectionsPerInstance();
    }

    interface Stats {
        /** The sliding window the stats and the UI's observed split cover. */
        @WithDefault("30s")
        @DurationMin(seconds = 1, message = "must be at least 1s")
        Duration window();

        /** At most this many recent requests are kept for the window. */
        @WithDefault("5000")
        @Min(value = 1, message = "must be at least 1")
        int capacity();
    }

    interface Rollout {
        /** Local mode: the JSON file a progressive rollout's state is kept in across restarts. */
        Optional<Path> stateFile();

        /**
         * In a cluster: the ConfigMap (key {@code state.json}, same namespace) the state is kept in;
         * only got and patched by name. Wins over {@code state-file}. Neither: memory only.
         */
        Optional<String> stateConfigMap();

        /** How often the rollout controller looks at the time, the health and the interval numbers. */
        @WithDefault("250ms")
        @DurationMin(millis = 10, message = MIN_10MS)
        Duration tick();
    }
}
