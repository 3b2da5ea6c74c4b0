package dev.rolloutlab.pods;

import dev.rolloutlab.testing.Requires;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What this machine lets a test do: root, namespaces, a writable memory cgroup, the stand-ins.
 * A missing ability skips the test with the exact reason; with {@code REQUIRE_ALL=true} (CI)
 * it fails instead, so a machine that cannot run these tests never passes them silently.
 */
public final class Host {

    static final String REQUIRE = Requires.PROPERTY;

    private Host() {
    }

    static Path home() {
        return Path.of(System.getProperty("rollout-lab.home", "..")).toAbsolutePath().normalize();
    }

    /**
     * Skips (or, with REQUIRE_ALL=true, -Drequire.all=true or the older PODS_REQUIRE / -Dpods.require,
     * fails) unless every reason is null; the message names what is missing and what installs it.
     */
    static void require(String... reasons) {
        List<String> missing = new ArrayList<>();
        for (String reason : reasons) {
            if (reason != null && !missing.contains(reason)) {
                missing.add(reason);
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        Requires.missing("this machine cannot run the test: " + String.join("; ", missing),
                "sudo " + Requires.TEST_DEPS + ", then run the build as root");
    }

    /** Whether a missing ability fails instead of skipping (see {@link Requires#required()}). */
    public static boolean required() {
        return Requires.required();
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
        return Requires.which(name);
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
