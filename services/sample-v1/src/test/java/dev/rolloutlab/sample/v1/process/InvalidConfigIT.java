package dev.rolloutlab.sample.v1.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rolloutlab.testing.AppProcess;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Config that makes no sense stops start-up, and the message names the key. */
class InvalidConfigIT {

    @TempDir
    Path volumes;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "sample.fault.error-rate | 1.5       | must be between 0 and 1",
            "sample.fault.error-rate | -0.1      | must be between 0 and 1",
            "sample.fault.error-rate | often     | often",
            "sample.fault.latency    | -1s       | must not be negative",
            "sample.fault.latency    | soon      | soon",
            "sample.color            | rgb(1,2,3)| must be #rgb, #rrggbb or one of",
            "sample.color            | #12345    | must be #rgb, #rrggbb or one of",
            "sample.greeting         | ' '       | must not be blank",
    })
    void stopsStartupNamingTheKey(String key, String value, String reason) throws Exception {
        try (AppProcess app = SampleProcesses.startV1(volumes, key, value)) {
            int exit = app.awaitExit(Duration.ofSeconds(30));

            assertThat(exit).as("exit code; output:\n" + app.output()).isNotIn(0, -1);
            assertThat(app.output()).contains(key).contains(reason);
        }
    }
}
