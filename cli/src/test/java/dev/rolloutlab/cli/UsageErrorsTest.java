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
            "frobnicate                          | Unmatched argument at index",
            "canary --auto --steps 10,5          | --steps must increase: 5 after 10 (got '10,5')",
            "canary --auto --steps 0,50          | --steps: each weight must be from 1 to 99 (100 follows the last step; got 0)",
            "canary --auto --steps 10,100        | --steps: each weight must be from 1 to 99 (100 follows the last step; got 100)",
            "canary --auto --steps ten           | --steps must be weights like 10,25,50 (got 'ten')",
            "canary --auto --max-error-rate 150% | --max-error-rate must be from 0 to 1 (0% to 100%) (got 150%)",
            "canary --auto --hold soon           | --hold must be a duration like 30s, or manual (got 'soon')",
            "canary --auto --probe-rate -1       | --probe-rate must be from 0 to 100 (got -1)",
            "canary --auto --probe-rate 101      | --probe-rate must be from 0 to 100 (got 101)",
            "canary --auto --interval 500ms      | --interval must be from 1.0s to 3600.0s (got 500ms)",
            "canary --auto --max-p99 fast        | --max-p99: 'fast' is not a duration like 500ms, 30s or 2m",
            "canary --auto --min-requests 0      | --min-requests must be from 1 to 1000000 (got 0)",
            "canary --auto --failure-limit x     | --failure-limit must be a whole number from 0 to 1000 (got 'x')",
            "canary 10 --auto                    | give a WEIGHT or --auto, not both",
            "canary 10 --steps 10,20             | --steps needs --auto (an automated canary)",
            "canary 10 --max-error-rate 1%       | --max-error-rate needs --auto",
            "canary                              | (or --auto for an automated canary)",
            "bluegreen green --auto --pre-promotion later | --pre-promotion: 'later' is not a duration like 500ms, 30s or 2m",
            "bluegreen green --auto --auto-promotion x    | --auto-promotion must be a duration like 30s, or manual (got 'x')",
            "bluegreen green --post-promotion 5s | --post-promotion needs --auto (an automated switch)",
            "bluegreen purple --auto             | expected blue (v1) or green (v2), got 'purple'",
            "fault v3 --error-rate 1%            | unknown version 'v3': known versions are v1, v2",
            "fault v2 --error-rate 2             | --error-rate must be from 0 to 1 (0% to 100%) (got 2)",
            "fault v2 --error-rate -5%           | --error-rate must be from 0 to 1 (0% to 100%) (got -5%)",
            "fault v2 --latency 2m               | --latency must be from 0ms to 60.0s (got 2m)",
            "fault v2                            | give --error-rate, --latency or both",
            "watch --gateway ftp://x             | --gateway must be an http(s) URL like http://localhost:8080 (got 'ftp://x')",
            "promote --gateway localhost:8080    | --gateway must be an http(s) URL like http://localhost:8080 (got 'localhost:8080')",
            "promote --fast                      | Unknown option: '--fast'"})
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
    @CsvSource({"canary 10", "canary --auto", "bluegreen green --auto", "fault v2 --error-rate 10%", "bluegreen green",
            "rolling v2", "status"})
    void commandsNeedLocalModeRunning(String commandLine) throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Console console = new Console(new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8), false);

        int exit = RolloutLab.run(console, (commandLine + " --state-dir " + stateDir).split(" "));

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("local mode is not running").contains("./rollout-lab up");
        assertThat(Files.list(stateDir).filter(p -> !p.getFileName().toString().equals("lock"))).isEmpty();
    }

    /** watch and the rollout commands: 5 when there is no gateway to ask, never 1 (watch's 1 means Aborted). */
    @ParameterizedTest
    @CsvSource({"watch", "promote", "abort", "retry", "pause", "resume", "watch --gateway http://127.0.0.1:1",
            "promote --full --gateway http://127.0.0.1:1"})
    void noGatewayToAskIsExitCode5(String commandLine) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Console console = new Console(new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8), false);

        int exit = RolloutLab.run(console, (commandLine + " --state-dir " + stateDir).split(" "));

        assertThat(exit).isEqualTo(5);
        assertThat(err.toString(StandardCharsets.UTF_8)).containsAnyOf("local mode is not running", "does not answer");
    }
}
