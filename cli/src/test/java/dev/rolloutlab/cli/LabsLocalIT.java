package dev.rolloutlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rolloutlab.testing.Requires;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The labs' local-mode parts, the path of every learner without a cluster: {@code labs/run.sh --local NN}
 * for each lab with a {@code ```bash local} block, on this build's packaged CLI and apps. The runner
 * runs the local blocks as written ({@code ./rollout-lab up} detached, the blocks for another terminal
 * in the background), makes the hidden checks after them, and stops local mode when the lab ends. Each
 * lab has a state directory of its own and, where unshare can make one (root, as in CI), a network
 * namespace of its own, so a demo on 8080-8084 and other builds' tests are left alone. The output of
 * each run is in target/labs-local/NN.log.
 */
class LabsLocalIT {

    private static final Path REPOSITORY = Path.of(System.getProperty("rollout-lab.home", "..")).toAbsolutePath().normalize();
    private static final Duration LAB_TIMEOUT = Duration.ofMinutes(10);

    /** The labs with a local part, by number: 03, 04, ... */
    static Stream<String> labsWithALocalPart() throws IOException {
        try (Stream<Path> files = Files.list(REPOSITORY.resolve("labs"))) {
            List<String> labs = files.filter(f -> f.getFileName().toString().matches("\\d\\d-.*\\.md"))
                    .filter(LabsLocalIT::hasALocalPart).map(f -> f.getFileName().toString().substring(0, 2)).sorted().toList();
            assertThat(labs).as("labs with ```bash local blocks").isNotEmpty();
            return labs.stream();
        }
    }

    private static boolean hasALocalPart(Path lab) {
        try {
            return Files.readAllLines(lab).stream().anyMatch(l -> l.trim().matches("```bash local( .*)?"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "labs/run.sh --local {0}")
    @MethodSource("labsWithALocalPart")
    void theLocalPartRunsToTheEnd(String lab) throws Exception {
        // The labs are bash; skipped without it (REQUIRE_ALL=true makes it a failure).
        Requires.onPath("bash", "apt-get install -y bash");
        Path log = Files.createDirectories(Path.of("target", "labs-local")).resolve(lab + ".log");
        ProcessBuilder builder = new ProcessBuilder("bash", "labs/run.sh", "--local", "--timeout",
                Long.toString(LAB_TIMEOUT.toSeconds()), lab)
                .directory(REPOSITORY.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().remove(RolloutLab.STATE_DIR_ENV); // the runner gives the lab its own
        long began = System.nanoTime();
        Process run = builder.start();
        run.getOutputStream().close();
        boolean ended = run.waitFor(LAB_TIMEOUT.toSeconds() + 60, TimeUnit.SECONDS);
        if (!ended) {
            // The runner stops the lab itself on its timeout; this is the last resort.
            run.toHandle().descendants().forEach(ProcessHandle::destroy);
            run.destroy();
            run.waitFor(30, TimeUnit.SECONDS);
        }
        long seconds = Duration.ofNanos(System.nanoTime() - began).toSeconds();
        System.out.printf("labs/run.sh --local %s: exit %s in %d s (output: %s)%n", lab, ended ? run.exitValue() : "none",
                seconds, log.toAbsolutePath());
        assertThat(ended && run.exitValue() == 0).as("labs/run.sh --local %s ended with %s after %d s; its last lines:%n%s",
                lab, ended ? "exit " + run.exitValue() : "no exit", seconds, tail(log, 60)).isTrue();
        assertThat(Files.readString(log)).contains("lab passed: labs/" + lab + "-");
    }

    private static String tail(Path log, int lines) throws IOException {
        List<String> all = Files.readAllLines(log);
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }
}
