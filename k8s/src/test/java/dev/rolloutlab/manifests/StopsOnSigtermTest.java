package dev.rolloutlab.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A container's first process is PID 1 of its PID namespace, and the kernel drops any signal
 * PID 1 has no handler for: `tail` or a plain `sh` loop ignores SIGTERM and every delete,
 * rollout and drain waits out the grace period. Every container the manifests give a command
 * (the JVM containers run the image's java, which handles SIGTERM) must be a shell that traps
 * TERM, with every sleep or long-running step in the background and waited for, so the trap
 * fires at once.
 */
class StopsOnSigtermTest {

    /** `sleep N` not sent to the background: the trap would wait for it to end. */
    private static final Pattern FOREGROUND_SLEEP = Pattern.compile("sleep [0-9]++(?!\\s*&)");

    static Stream<Path> manifests() throws IOException {
        List<Path> files = new ArrayList<>();
        for (GeneratedApp app : GeneratedApp.values()) {
            files.add(app.committed());
        }
        files.addAll(LabManifestsTest.labFiles());
        return files.stream();
    }

    @ParameterizedTest
    @MethodSource("manifests")
    void everyCommandIsAShellThatTrapsTermWithInterruptibleWaits(Path file) {
        List<String> problems = new ArrayList<>();
        for (PodTemplate pod : PodTemplate.all(Manifests.read(file))) {
            // Init containers run to completion (chown-volumes is one chown) before these start.
            for (JsonNode container : pod.spec().path("containers")) {
                problem(container).ifPresent(p -> problems.add(Manifests.id(pod.owner()) + " container "
                        + container.path("name").asText() + ": " + p));
            }
        }
        assertThat(problems).as(file.getFileName().toString()).isEmpty();
    }

    @Test
    void theLogSidecarIsTailBesideAShellThatExitsOnTerm() {
        for (GeneratedApp app : GeneratedApp.values()) {
            PodTemplate pod = PodTemplate.all(Manifests.read(app.committed())).get(0);
            JsonNode sidecar = pod.container("log-tail");
            assertThat(sidecar.path("command").toString()).isEqualTo("[\"sh\",\"-c\"]");
            assertThat(sidecar.path("args")).hasSize(1);
            assertThat(sidecar.path("args").get(0).asText())
                    .isEqualTo("trap \"exit 0\" TERM; tail -n +1 -F /mnt/scratch/access.log & wait");
        }
    }

    @Test
    void theRuleCatchesWhatIgnoresSigterm() {
        assertThat(problem(container("[\"tail\"]", "[\"-F\",\"/mnt/scratch/access.log\"]"))).isPresent();
        assertThat(problem(container("[\"sh\",\"-c\",\"while true; do date; sleep 10; done\"]", "[]"))).isPresent();
        assertThat(problem(container("[\"sh\",\"-c\",\"trap \\\"exit 0\\\" TERM; while true; do date; sleep 10; done\"]", "[]")))
                .hasValueSatisfying(p -> assertThat(p).contains("sleep 10"));
        assertThat(problem(container("[\"sh\",\"-c\",\"trap \\\"exit 0\\\" TERM; while true; do date; sleep 10 & wait $!; done\"]", "[]")))
                .isEmpty();
        assertThat(problem(container(null, null))).isEmpty();
    }

    /** What keeps this container from stopping at once on SIGTERM, if anything. */
    static java.util.Optional<String> problem(JsonNode container) {
        JsonNode command = container.path("command");
        if (command.isMissingNode() || command.isEmpty()) {
            return java.util.Optional.empty(); // the image's own entrypoint (java, nginx): handles SIGTERM
        }
        List<String> words = new ArrayList<>();
        command.forEach(w -> words.add(w.asText()));
        container.path("args").forEach(w -> words.add(w.asText()));
        if (words.size() != 3 || !words.get(0).equals("sh") || !words.get(1).equals("-c")) {
            return java.util.Optional.of(words + " is not `sh -c SCRIPT`: as PID 1 it has no SIGTERM handler");
        }
        String script = words.get(2).strip();
        if (!script.startsWith("trap \"exit 0\" TERM;")) {
            return java.util.Optional.of("the script does not begin with trap \"exit 0\" TERM: " + script);
        }
        Matcher sleep = FOREGROUND_SLEEP.matcher(script);
        if (sleep.find()) {
            return java.util.Optional.of("`" + sleep.group() + "` runs in the foreground, the trap waits for it: use `"
                    + sleep.group() + " & wait $!`");
        }
        if (!script.contains("& wait")) {
            return java.util.Optional.of("the long-running step is not in the background and waited for: " + script);
        }
        return java.util.Optional.empty();
    }

    private static JsonNode container(String command, String args) {
        String json = "{\"name\":\"c\"" + (command == null ? "" : ",\"command\":" + command + ",\"args\":" + args) + "}";
        return Manifests.parse(json).get(0);
    }
}
