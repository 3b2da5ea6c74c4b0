package dev.rolloutlab.gateway.server;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpServerOptions;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The {@link PublicServer}'s options, from the {@code quarkus.http.*} keys a Quarkus user already
 * knows (their defaults are Quarkus's), so that settings, the chart and the docs stay as they were.
 */
@Singleton
public class PublicServerSettings {

    private final String host;
    private final int port;
    private final Duration idleTimeout;
    private final MemorySize maxHeaderSize;
    private final int maxInitialLineLength;
    private final MemorySize maxChunkSize;
    private final Duration shutdownTimeout;

    PublicServerSettings(@ConfigProperty(name = "quarkus.http.host", defaultValue = "0.0.0.0") String host,
            @ConfigProperty(name = "quarkus.http.port", defaultValue = "8080") int port,
            @ConfigProperty(name = "quarkus.http.test-port", defaultValue = "8081") int testPort,
            @ConfigProperty(name = "quarkus.http.idle-timeout", defaultValue = "30M") Duration idleTimeout,
            @ConfigProperty(name = "quarkus.http.limits.max-header-size", defaultValue = "20K") MemorySize maxHeaderSize,
            @ConfigProperty(name = "quarkus.http.limits.max-initial-line-length", defaultValue = "4096") int maxInitialLineLength,
            @ConfigProperty(name = "quarkus.http.limits.max-chunk-size", defaultValue = "8192") MemorySize maxChunkSize,
            @ConfigProperty(name = "quarkus.shutdown.timeout") Optional<Duration> shutdownTimeout) {
        this.host = host;
        this.port = LaunchMode.current() == LaunchMode.TEST ? testPort : port;
        this.idleTimeout = idleTimeout;
        this.maxHeaderSize = maxHeaderSize;
        this.maxInitialLineLength = maxInitialLineLength;
        this.maxChunkSize = maxChunkSize;
        this.shutdownTimeout = shutdownTimeout.orElse(Duration.ZERO);
    }

    HttpServerOptions options() {
        return new HttpServerOptions()
                .setHost(host)
                // Port 0 (a free one, in tests) as -1: every event loop's server shares one random port.
                .setPort(port == 0 ? -1 : port)
                // HTTP/1.1 only: nothing speaks HTTP/2 in clear text to the gateway.
                .setHttp2ClearTextEnabled(false)
                // The client's silence only: an "all idle" timeout makes Netty put a listener on
                // every write to see it as activity (about 3 % CPU per proxied request).
                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
                .setReadIdleTimeout((int) Math.min(Integer.MAX_VALUE, idleTimeout.toMillis()))
                .setIdleTimeout(0)
                .setMaxHeaderSize(maxHeaderSize.asBigInteger().intValueExact())
                .setMaxInitialLineLength(maxInitialLineLength)
                .setMaxChunkSize(maxChunkSize.asBigInteger().intValueExact());
    }

    /** How long a shutdown waits for the proxied requests under way: {@code quarkus.shutdown.timeout}. */
    Duration shutdownTimeout() {
        return shutdownTimeout;
    }
}
