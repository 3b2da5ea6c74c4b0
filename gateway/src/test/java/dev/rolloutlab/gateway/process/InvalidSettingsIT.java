package dev.rolloutlab.gateway.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rolloutlab.testing.AppProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A gateway setting that makes no sense stops the packaged gateway at start-up, naming the key. */
class InvalidSettingsIT {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "gateway.routing.poll-interval       | 0s   | must be at least 10ms",
            "gateway.upstream.connect-timeout    | -1s  | must be at least 10ms",
            "gateway.upstream.max-connections-per-instance | 0 | must be at least 1",
            "gateway.stats.capacity              | 0    | must be at least 1",
            "gateway.stats.window                | 10ms | must be at least 1s",
            "gateway.stats.capacity              | many | many",
            "gateway.rollout.tick                | 1ms  | must be at least 10ms",
            "gateway.upstream.endpoint-slices    | ture | must be true or false (got 'ture')",
    })
    void stopsStartupNamingTheKey(String key, String value, String reason) throws Exception {
        try (AppProcess gateway = AppProcess.start(Path.of("target/quarkus-app/quarkus-run.jar"), Map.of(key, value))) {
            int exit = gateway.awaitExit(Duration.ofSeconds(30));

            assertThat(exit).as("exit code; output:\n" + gateway.output()).isNotIn(0, -1);
            assertThat(gateway.output()).contains(key).contains(reason);
        }
    }
}
