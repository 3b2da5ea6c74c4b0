package dev.rolloutlab.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.opentest4j.TestAbortedException;

/**
 * What a test needs from the machine beyond a JDK 17 (a browser, podman, nginx, busybox, root...).
 * When it is missing, the test is skipped with one line naming what is missing and the command that
 * installs it; {@link SkipReport} lists every skip at the end of the module's tests and of the build.
 * With {@code REQUIRE_ALL=true} (environment) or {@code -Drequire.all=true} every such skip is a
 * failure instead, so CI proves everything. {@code PODS_REQUIRE} and {@code -Dpods.require} are
 * kept as aliases.
 */
public final class Requires {

    /** System property that turns skips into failures (wins over the environment). */
    public static final String PROPERTY = "require.all";
    /** Environment variable that turns skips into failures. */
    public static final String ENV = "REQUIRE_ALL";
    /** What installs everything the skipped tests need, on Debian/Ubuntu. */
    public static final String TEST_DEPS = "./test-deps";

    private Requires() {
    }

    /**
     * Whether a missing tool fails instead of skipping: {@code -Drequire.all}, else
     * {@code -Dpods.require}, else the environment's REQUIRE_ALL, else PODS_REQUIRE.
     */
    public static boolean required() {
        for (String property : List.of(PROPERTY, "pods.require")) {
            String value = System.getProperty(property);
            if (value != null) {
                return Boolean.parseBoolean(value);
            }
        }
        for (String variable : List.of(ENV, "PODS_REQUIRE")) {
            String value = System.getenv(variable);
            if (value != null && !value.isBlank()) {
                return Boolean.parseBoolean(value.trim());
            }
        }
        return false;
    }

    /** Skips (or fails) unless {@code path} is an executable file: "{name} is missing: {install} (or ./test-deps)". */
    public static void tool(String name, String path, String install) {
        if (!Files.isExecutable(Path.of(path))) {
            missing(name + " is missing (no " + path + ")", install);
        }
    }

    /** Skips (or fails) unless {@code name} is an executable on the PATH (or in /usr/sbin, /sbin, /usr/bin, /bin). */
    public static void onPath(String name, String install) {
        if (which(name) == null) {
            missing(name + " is missing (not on the PATH)", install);
        }
    }

    /** Skips (or fails) unless this JVM runs as root (effective uid 0). */
    public static void root(String why) {
        String uid = effectiveUid();
        if (!"0".equals(uid)) {
            missing("root is missing (effective uid " + uid + ") " + why, "run the build as root");
        }
    }

    /** Skips (or fails) when {@code whatIsMissing} is not null. */
    public static void unless(String whatIsMissing, String install) {
        if (whatIsMissing != null) {
            missing(whatIsMissing, install);
        }
    }

    /** Always throws: a skip (TestAbortedException), or with the switch on an AssertionError. */
    public static void missing(String whatIsMissing, String install) {
        String message = message(whatIsMissing, install);
        if (required()) {
            throw new AssertionError(message + " [" + ENV + "=true turns this skip into a failure]");
        }
        throw new TestAbortedException(message);
    }

    /** "{what}: {install} (or ./test-deps)", one line. */
    public static String message(String whatIsMissing, String install) {
        String how = install == null || install.isBlank() ? TEST_DEPS
                : install.contains(TEST_DEPS) ? install : install + " (or " + TEST_DEPS + ")";
        return (whatIsMissing + ": " + how).replace('\n', ' ');
    }

    /** The executable {@code name} on the PATH or in the usual system directories, or null. */
    public static Path which(String name) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin:/usr/bin:/bin";
        for (String dir : path.split(":")) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** The effective uid from /proc/self/status, or a description of why it is unknown. */
    static String effectiveUid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[2];
                }
            }
            return "unknown";
        } catch (IOException e) {
            return "unknown: " + e.getMessage();
        }
    }
}
