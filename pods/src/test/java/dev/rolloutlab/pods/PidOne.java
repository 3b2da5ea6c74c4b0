package dev.rolloutlab.pods;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One container's command run as PID 1 of new PID, mount and network namespaces, as a container
 * runtime starts it: {@code unshare --net --fork --pid --mount-proc}, a private tmpfs under /mnt
 * with the container's mount paths (or host directories bound there), loopback up, then the
 * command exec'd as PID 1 under the container's user and capabilities ({@code setpriv}).
 * SIGTERM goes to that PID 1, found as the child of unshare.
 */
final class PidOne implements AutoCloseable {

    private final ShippedContainer container;
    private final Process unshare;
    private final Path output;
    private final List<String> argv;

    private PidOne(ShippedContainer container, Process unshare, Path output, List<String> argv) {
        this.container = container;
        this.unshare = unshare;
        this.output = output;
        this.argv = argv;
    }

    /** Starts {@code c}; {@code hostDirs} binds host directories at mount paths (mountPath -> dir). */
    static PidOne start(ShippedContainer c, Map<String, Path> hostDirs) throws IOException, InterruptedException {
        Path work = Temp.dir("rollout-lab-pod-");
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
        StandIns.Run run = StandIns.of(c, work);

        StringBuilder script = new StringBuilder("set -e\nip link set lo up\n");
        List<String> underMnt = c.mounts().keySet().stream().filter(p -> p.startsWith("/mnt/")).toList();
        if (!underMnt.isEmpty()) {
            script.append("mount -t tmpfs -o mode=0755 tmpfs /mnt\n");
            for (String path : underMnt) {
                script.append("mkdir -p ").append(quote(path)).append('\n');
            }
        }
        for (Map.Entry<String, Path> bind : hostDirs.entrySet()) {
            script.append("mkdir -p ").append(quote(bind.getKey())).append('\n')
                    .append("mount --bind ").append(quote(bind.getValue().toString())).append(' ').append(quote(bind.getKey())).append('\n');
        }
        for (Map.Entry<String, Path> bind : run.binds().entrySet()) {
            script.append("mount --bind ").append(quote(bind.getValue().toString())).append(' ').append(quote(bind.getKey())).append('\n');
        }
        script.append("exec \"$@\"\n");

        List<String> command = new ArrayList<>(List.of("unshare", "--net", "--fork", "--pid", "--mount-proc", "--",
                StandIns.busyboxBin().resolve("sh").toString(), "-c", script.toString(), "sh"));
        command.addAll(setpriv(c));
        command.addAll(run.argv());

        Path output = work.resolve("output.log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(new File("/"))
                .redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().clear();
        builder.environment().put("PATH", run.path());
        builder.environment().put("HOME", "/root");
        builder.environment().putAll(c.env());
        return new PidOne(c, builder.start(), output, run.argv());
    }

    /** setpriv words for the container's user, group, fsGroup, capabilities and no_new_privs. */
    static List<String> setpriv(ShippedContainer c) {
        List<String> words = new ArrayList<>();
        Long uid = c.runAs("runAsUser");
        Long gid = c.runAs("runAsGroup");
        JsonNode sc = c.securityContext();
        if (uid != null) {
            words.add("--reuid=" + uid);
            words.add("--regid=" + (gid != null ? gid : 0));
            JsonNode fsGroup = c.podSpec().path("securityContext").path("fsGroup");
            words.add(fsGroup.isNumber() ? "--groups=" + fsGroup.asLong() : "--clear-groups");
        }
        List<String> drop = new ArrayList<>();
        sc.path("capabilities").path("drop").forEach(n -> drop.add(n.asText().toUpperCase(Locale.ROOT)));
        if (drop.contains("ALL")) {
            StringBuilder bounding = new StringBuilder("-all");
            sc.path("capabilities").path("add").forEach(n -> bounding.append(",+")
                    .append(n.asText().toLowerCase(Locale.ROOT).replaceFirst("^cap_", "")));
            words.add("--bounding-set=" + bounding);
            words.add("--inh-caps=-all");
        }
        if (sc.path("allowPrivilegeEscalation").isBoolean() && !sc.path("allowPrivilegeEscalation").asBoolean()) {
            words.add("--no-new-privs");
        }
        if (words.isEmpty()) {
            return List.of();
        }
        List<String> prefix = new ArrayList<>(List.of(Host.which("setpriv").toString()));
        prefix.addAll(words);
        prefix.add("--");
        return prefix;
    }

    /** The host pid of the namespace's PID 1 (the child unshare forked). */
    long pid1() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (System.nanoTime() < deadline) {
            Path tasks = Path.of("/proc", Long.toString(unshare.pid()), "task");
            if (Files.isDirectory(tasks)) {
                try (Stream<Path> list = Files.list(tasks)) {
                    for (Path task : list.toList()) {
                        String children = Files.readString(task.resolve("children")).trim();
                        if (!children.isEmpty()) {
                            return Long.parseLong(children.split("\\s+")[0]);
                        }
                    }
                } catch (IOException gone) {
                    // unshare exited meanwhile
                }
            }
            if (!unshare.isAlive()) {
                throw new IllegalStateException("unshare exited (" + unshare.exitValue() + ") before its child was seen:\n" + output());
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("unshare " + unshare.pid() + " has no child after 3 s:\n" + output());
    }

    /** Sends SIGTERM to PID 1 and returns how long until it (and so the namespace) exited, or null after {@code limit}. */
    Duration terminate(Duration limit) throws IOException, InterruptedException {
        long pid = pid1();
        long start = System.nanoTime();
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
        if (unshare.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            return Duration.ofNanos(System.nanoTime() - start);
        }
        return null;
    }

    /** Waits for the command to end by itself; its exit code, or null while still running. */
    Integer awaitExit(Duration timeout) throws InterruptedException {
        return unshare.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? unshare.exitValue() : null;
    }

    boolean alive() {
        return unshare.isAlive();
    }

    int exitValue() {
        return unshare.exitValue();
    }

    List<String> argv() {
        return argv;
    }

    String output() {
        try {
            String text = Files.readString(output, StandardCharsets.UTF_8);
            return text.length() > 4000 ? text.substring(0, 4000) + "\n[...]" : text;
        } catch (IOException e) {
            return "<no output: " + e + ">";
        }
    }

    ShippedContainer container() {
        return container;
    }

    /** SIGKILL to PID 1 ends the whole namespace (what the kubelet does after the grace period). */
    @Override
    public void close() throws InterruptedException {
        if (unshare.isAlive()) {
            try {
                ProcessHandle.of(pid1()).ifPresent(ProcessHandle::destroyForcibly);
            } catch (IOException | IllegalStateException e) {
                // fall through to unshare itself
            }
            if (!unshare.waitFor(5, TimeUnit.SECONDS)) {
                unshare.destroyForcibly().waitFor();
            }
        }
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
