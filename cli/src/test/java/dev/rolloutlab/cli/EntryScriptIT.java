package dev.rolloutlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./rollout-lab} on the packaged CLI: the first command after a build (not help or version)
 * writes the CLI's class archive, the next ones map it (the classes then come from the "shared
 * objects file"). The script runs from a copy of the repository's layout that holds only this
 * build's CLI jar and stand-ins for the apps' (which these commands do not start), so it finds no
 * source to rebuild and its archive stays out of the real cli/target.
 */
class EntryScriptIT {

    private static final Path REPOSITORY = Path.of(System.getProperty("rollout-lab.home", "..")).toAbsolutePath().normalize();
    private static final String CLI_JAR = "cli/target/rollout-lab-cli.jar";
    private static final List<String> APP_JARS = List.of("services/sample-v1/target/quarkus-app/quarkus-run.jar",
            "services/sample-v2/target/quarkus-app/quarkus-run.jar", "gateway/target/quarkus-app/quarkus-run.jar");

    @TempDir
    Path home;

    @BeforeEach
    void layOutTheRepository() throws IOException {
        Files.copy(REPOSITORY.resolve("rollout-lab"), home.resolve("rollout-lab"));
        Files.createDirectories(home.resolve(CLI_JAR).getParent());
        Files.copy(REPOSITORY.resolve(CLI_JAR), home.resolve(CLI_JAR));
        for (String jar : APP_JARS) {
            Files.createDirectories(home.resolve(jar).getParent());
            Files.writeString(home.resolve(jar), "not started by these commands");
        }
    }

    @Test
    void theFirstCommandWritesTheCliClassArchiveAndTheNextMapsIt(@TempDir Path stateDir) throws Exception {
        Run version = run(Map.of(), "--version");
        assertThat(version.exit).isZero();
        assertThat(version.output).isEqualTo("rollout-lab 0.1.0\n");
        assertThat(files("rollout-lab-cli-")).as("no archive of --version alone").isEmpty();

        Run status = run(Map.of(), "--state-dir", stateDir.toString(), "status");
        assertThat(status.exit).isEqualTo(1); // local mode does not run
        assertThat(status.output).isEmpty(); // nothing of the archive in the CLI's output (the error goes to stderr)
        assertThat(files("rollout-lab-cli-")).singleElement().satisfies(f -> assertThat(f.toString()).endsWith(".jsa"));

        Run mapped = run(Map.of("JDK_JAVA_OPTIONS", "-Xlog:class+load=info"), "--version");
        assertThat(mapped.exit).isZero();
        // (picocli's classes are of Java 5's class format, which an archive cannot hold)
        assertThat(mapped.output).contains("dev.rolloutlab.cli.RolloutLab source: shared objects file (top)");
    }

    private List<Path> files(String prefix) throws IOException {
        try (Stream<Path> files = Files.list(home.resolve("cli/target"))) {
            return files.filter(f -> f.getFileName().toString().startsWith(prefix)
                    && !f.getFileName().toString().endsWith(".jar")).toList();
        }
    }

    private Run run(Map<String, String> env, String... args) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(Stream.concat(Stream.of("bash", home.resolve("rollout-lab").toString()),
                Stream.of(args)).toList());
        builder.environment().putAll(env);
        builder.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), output);
    }

    private record Run(int exit, String output) {}
}
