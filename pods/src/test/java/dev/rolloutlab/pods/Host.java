package dev.rolloutlab.pods;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * What this machine lets a test do: root, namespaces, a writable memory cgroup, the stand-ins.
 * A missing ability skips the test with the exact reason; with {@code -Dpods.require=true} (CI)
 * it fails instead, so a machine that cannot run these tests never passes them silently.
 */
public final class Host {

    static final String REQUIRE = "pods.require";

    private Host() {
    }

    static Path home() {
        return Path.of(System.getProperty("rollout-lab.home", "..")).toAbsolutePath().normalize();
    }

    /** Skips (or, with -Dpods.require=true, fails) unless every reason is null. */
    static void require(String... reasons) {
        List<String> missing = new ArrayList<>();
        for (String reason : reasons) {
            if (reason != null) {
                missing.add(reason);
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        String message = "this machine cannot run the test: " + String.join("; ", missing);
        if (required()) {
            fail(message + " (-D" + REQUIRE + "=true or PODS_REQUIRE=true turns this skip into a failure)");
        }
        Assumptions.abort(message + " (set -D" + REQUIRE + "=true or PODS_REQUIRE=true to make this a failure)");
    }

    /**
     * Whether a missing ability fails instead of skipping: the system property when set, else the
     * environment variable PODS_REQUIRE (CI sets it, so the test command stays `./mvnw verify`).
     */
    public static boolean required() {
        String property = System.getProperty(REQUIRE);
        return Boolean.parseBoolean(property != null ? property : System.getenv("PODS_REQUIRE"));
    }

    static String linux() {
        return System.getProperty("os.name").toLowerCase().contains("linux") ? null
                : "not Linux (os.name " + System.getProperty("os.name") + ")";
    }

    static String root() {
        String linux = linux();
        if (linux != null) {
            return linux;
        }
        try {
            String status = Files.readString(Path.of("/proc/self/status"));
            for (String line : status.split("\n")) {
                if (line.startsWith("Uid:")) {
                    String effective = line.split("\\s+")[2];
                    return "0".equals(effective) ? null : "not root (effective uid " + effective + "); run as root";
                }
            }
            return "cannot read the effective uid from /proc/self/status";
        } catch (IOException e) {
            return "cannot read /proc/self/status: " + e.getMessage();
        }
    }

    static String program(String name) {
        return which(name) != null ? null : "no `" + name + "` on the PATH";
    }

    static Path which(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin").split(":")) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        for (String dir : List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin")) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** Whether unshare can make PID, mount and network namespaces here (tried once, for real). */
    static String namespaces() {
        String missing = program("unshare");
        if (missing != null) {
            return missing + " (util-linux)";
        }
        try {
            Process p = new ProcessBuilder("unshare", "--net", "--fork", "--pid", "--mount-proc", "true")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            return p.waitFor() == 0 ? null : "unshare --net --fork --pid --mount-proc fails here: " + out;
        } catch (IOException | InterruptedException e) {
            return "cannot run unshare: " + e.getMessage();
        }
    }

    static String memoryCgroup() {
        return MemoryCgroup.unavailable();
    }
}
