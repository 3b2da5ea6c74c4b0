package dev.rolloutlab.pods.podman;

import static org.junit.jupiter.api.Assertions.fail;

import dev.rolloutlab.testing.Requires;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import dev.rolloutlab.pods.Host;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs the podman CLI (rootful, as pods/podman/setup.sh sets it up: as root, or through
 * password-less {@code sudo -n} when the build runs as another user) and decides whether the podman
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

    /** podman as root: directly when this JVM is root, else through password-less sudo. */
    private static final List<String> PODMAN = "0".equals(runUid()) ? List.of("podman") : List.of("sudo", "-n", "podman");

    private Podman() {
    }

    static Result run(Duration timeout, String... args) {
        List<String> command = new ArrayList<>(PODMAN);
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

    /**
     * Why the podman tests cannot run here, or null when they can. With {@code REQUIRE_ALL=true}
     * a reason fails the caller instead. Called from {@code @BeforeAll}; each test then calls
     * {@link #skipIf} so every test is reported skipped with the reason (an abort in
     * {@code @BeforeAll} would only show as zero tests run).
     */
    static String unlessReady(String... images) {
        String why = whyNotReady(images);
        if (why == null) {
            return null;
        }
        String message = Requires.message("podman with the pods' images is missing: " + why,
                "sudo " + Requires.TEST_DEPS + " (it runs pods/podman/setup.sh)");
        if (Host.required()) {
            fail("REQUIRE_ALL=true (or PODS_REQUIRE=true) but " + message);
        }
        System.err.println("[podman] tests skipped: " + message);
        return message;
    }

    static void skipIf(String reason) {
        Assumptions.assumeTrue(reason == null, () -> reason);
    }

    private static String whyNotReady(String... images) {
        Result version;
        try {
            version = run(Duration.ofSeconds(30), "version", "--format", "{{.Client.Version}}");
        } catch (AssertionError e) {
            return "podman is not installed or does not start: " + e.getMessage();
        }
        if (!version.ok()) {
            return PODMAN.get(0).equals("sudo")
                    ? "the podman tests need rootful podman: this JVM runs as uid " + runUid()
                            + " and `sudo -n podman version` failed: " + version.text().trim()
                    : "podman does not work here: " + version.text().trim();
        }
        for (String image : List.of(BASE, BUSYBOX)) {
            if (!run(Duration.ofSeconds(30), "image", "exists", image).ok()) {
                return "image " + image + " is missing";
            }
        }
        String built = appImagesBuilt();
        if (built != null) {
            return built;
        }
        for (String image : images) {
            if (!run(Duration.ofSeconds(30), "image", "exists", image).ok()) {
                return "image " + image + " is missing";
            }
        }
        return null;
    }

    private static String appImagesBuild;

    /**
     * Builds the app images from the jars of this build once per test run (build-images.sh), so a
     * pod never plays an image left over from older code; null when that worked.
     */
    private static synchronized String appImagesBuilt() {
        if (appImagesBuild == null) {
            Path script = Path.of(System.getProperty("rollout-lab.home", "..")).resolve("pods/podman/build-images.sh")
                    .toAbsolutePath().normalize();
            List<String> command = new ArrayList<>(PODMAN.subList(0, PODMAN.size() - 1));
            command.add(script.toString());
            try {
                Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
                String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                boolean done = p.waitFor(10, TimeUnit.MINUTES);
                appImagesBuild = done && p.exitValue() == 0 ? ""
                        : "pods/podman/build-images.sh failed: " + output.strip();
            } catch (IOException e) {
                appImagesBuild = "cannot run " + script + ": " + e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                appImagesBuild = "interrupted while building the app images";
            }
        }
        return appImagesBuild.isEmpty() ? null : appImagesBuild;
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
