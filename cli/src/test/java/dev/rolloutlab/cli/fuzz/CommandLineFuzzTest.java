package dev.rolloutlab.cli.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.rolloutlab.cli.Console;
import dev.rolloutlab.cli.RolloutLab;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Any command line for the commands that change local mode, with local mode not running: a usage
 * error (exit 2, the problem and the usage) or "not running" (exit 1), never a stack trace.
 * Commands that would start processes or send requests ({@code up}, {@code load}, {@code watch}
 * and the rollout commands) are left out, as are {@code @file} arguments (picocli reads the file)
 * and {@code --state-dir} (the test's own, empty one is always used).
 */
class CommandLineFuzzTest {

    static final String[] COMMANDS = {"canary", "bluegreen", "rolling", "fault", "preview", "help", "--help", "--version"};
    static final String[] WORDS = {"--auto", "--steps", "--hold", "--max-error-rate", "--interval", "--max-p99",
            "--min-requests", "--failure-limit", "--probe-rate", "--revision", "--pre-promotion", "--auto-promotion",
            "--post-promotion", "--initial-delay", "--inconclusive-limit", "--max-surge", "--max-unavailable",
            "--no-graceful", "--error-rate", "--latency", "blue", "green", "v1", "v2", "10", "10%", "30s", "manual", "--",
            "-1", "1e3", "-h", "-V"};

    static Path stateDir;

    @BeforeAll
    static void stateDir() throws IOException {
        stateDir = Files.createTempDirectory("fuzz-state");
    }

    @AfterAll
    static void removeStateDir() throws IOException {
        try (var files = Files.walk(stateDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @FuzzTest(maxDuration = "5s")
    void anyCommandLineIsAUsageErrorOrNotRunning(FuzzedDataProvider data) {
        List<String> args = new ArrayList<>(List.of(data.pickValue(COMMANDS)));
        int count = data.consumeInt(0, 8);
        for (int i = 0; i < count; i++) {
            String arg = data.consumeBoolean() ? data.pickValue(WORDS) : data.consumeString(30);
            if (!arg.startsWith("@") && !arg.contains("state-dir")) {
                args.add(arg);
            }
        }
        args.addAll(List.of("--state-dir", stateDir.toString()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Console console = new Console(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false);

        int exit = RolloutLab.run(console, args.toArray(String[]::new));

        String errors = err.toString(StandardCharsets.UTF_8);
        switch (exit) {
            case 0 -> assertThat(out.toString(StandardCharsets.UTF_8)).as("help or version: %s", args).isNotBlank();
            case 1 -> assertThat(errors).as("%s", args).contains("local mode is not running").doesNotContain("\tat ");
            case RolloutLab.USAGE -> assertThat(errors).as("%s", args).contains("usage:").doesNotContain("\tat ");
            default -> throw new AssertionError("exit code " + exit + " for " + args + ": " + errors);
        }
        assertThat(stateDir.resolve("state.json")).doesNotExist();
        assertThat(stateDir.resolve("routing.yaml")).doesNotExist();
    }
}
