package dev.rolloutlab.pods.podman;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs the podman CLI (rootful, as pods/podman/setup.sh sets it up) and decides whether the podman
 * tests can run here at all.
 *
 * <p>When podman or an image is missing the tests are skipped with the reason, never passed; with
 * {@code -Dpods.require=true} (CI, after setup.sh) the same reason fails them instead.
 */
final class Podman {

    static final String SAMPLE_V1 = "localhost/rollout-lab/sample:1.0.0";
    static final String BUSYBOX = "docker.io/library/busybox:1.36";
    static final String BASE = "localhost/rollout-lab-jre17";

    /** What a podman command printed, and how it ended. */
    record Result(int exit, String out, String err, Duration took) {
        boolean ok() {
            return exit == 0;
        }

        String text() {
            return out + err;
        }
    }

    private Podman() {
    }

    static Result run(Duration timeout, String... args) {
        List<String> command = new ArrayList<>();
        command.add("podman");
        command.addAll(List.of(args));
        try {
            Path out = Files.createTempFile("podman-out", ".txt");
            Path err = Files.createTempFile("podman-err", ".txt");
            try {
                long start = System.nanoTime();
                Process p = new ProcessBuilder(command)
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                        .start();
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly().waitFor();
                    throw new AssertionError(String.join(" ", command) + " took longer than " + timeout);
                }
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8), took);
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted: " + command, e);
        }
    }

    static Result run(String... args) {
        return run(Duration.ofSeconds(120), args);
    }

    /** Runs a command that must succeed and returns its stdout. */
    static String ok(String... args) {
        Result r = run(args);
        if (!r.ok()) {
            fail("podman " + String.join(" ", args) + " exited " + r.exit() + ": " + r.text());
        }
        return r.out();
    }

    /** Skips (or, with -Dpods.require=true, fails) unless podman runs containers and the images exist. */
    static void assumeReady(String... images) {
        String why = whyNotReady(images);
        if (why == null) {
            return;
        }
        String message = why + " (run `sudo pods/podman/setup.sh` after building the jars)";
        if (Boolean.getBoolean("pods.require")) {
            fail("pods.require=true but " + message);
        }
        Assumptions.abort("podman test skipped: " + message);
    }

    private static String whyNotReady(String... images) {
        Result version;
        try {
            version = run(Duration.ofSeconds(30), "version", "--format", "{{.Client.Version}}");
        } catch (AssertionError e) {
            return "podman is not installed or does not start: " + e.getMessage();
        }
        if (!version.ok()) {
            return "podman does not work here: " + version.text().trim();
        }
        if (!"0".equals(runUid())) {
            return "the podman tests need rootful podman (uid 0): this JVM runs as uid " + runUid();
        }
        for (String image : images) {
            if (!run(Duration.ofSeconds(30), "image", "exists", image).ok()) {
                return "image " + image + " is missing";
            }
        }
        return null;
    }

    private static String runUid() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(l -> l.startsWith("Uid:"))
                    .map(l -> l.split("\\s+")[1])
                    .findFirst().orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }
}
