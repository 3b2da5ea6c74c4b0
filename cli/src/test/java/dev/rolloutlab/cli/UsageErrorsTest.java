package dev.rolloutlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad arguments end with exit code 2 and the problem named, before any state is read or written. */
class UsageErrorsTest {

    @TempDir
    Path stateDir;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "canary 101                          | weight must be from 0 to 100 percent (got 101)",
            "canary -1                           | weight must be from 0 to 100 percent (got -1)",
            "canary abc                          | weight must be a whole number from 0 to 100 (got 'abc')",
            "canary                              | Missing required parameter: 'WEIGHT'",
            "bluegreen purple                    | expected blue (v1) or green (v2), got 'purple'",
            "rolling v3                          | unknown version 'v3': known versions are v1, v2",
            "rolling v2 --max-surge 0 --max-unavailable 0 | --max-surge and --max-unavailable cannot both be 0",
            "rolling v2 --max-surge x            | Invalid value for option '--max-surge': 'x' is not an int",
            "load --rate 0 --duration 1s         | --rate must be more than 0 and at most 5000",
            "load --rate 10                      | Missing required option: '--duration=D'",
            "load --rate 10 --duration 1s --max-error-rate 5 | --max-error-rate must be from 0 to 1",
            "up --port 0                         | port must be from 1 to 65535 (got 0)",
            "up --instances 9                    | --instances must be from 1 to 5 (got 9)",
            "frobnicate                          | Unmatched argument at index"})
    void badArgumentsAreUsageErrors(String commandLine, String message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Console console = new Console(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), false);
        String[] args = (commandLine.trim() + " --state-dir " + stateDir).split("\\s+");

        int exit = RolloutLab.run(console, args);

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(message).contains("usage:");
        assertThat(stateDir.resolve("state.json")).doesNotExist();
        assertThat(stateDir.resolve("routing.yaml")).doesNotExist();
    }

    @ParameterizedTest
    @CsvSource({"canary 10", "bluegreen green", "rolling v2", "status"})
    void commandsNeedLocalModeRunning(String commandLine) throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Console console = new Console(new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8), false);

        int exit = RolloutLab.run(console, (commandLine + " --state-dir " + stateDir).split(" "));

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("local mode is not running").contains("./rollout-lab up");
        assertThat(Files.list(stateDir).filter(p -> !p.getFileName().toString().equals("lock"))).isEmpty();
    }
}
