package dev.rolloutlab.pods;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A memory cgroup of its own for a process, as a container runtime makes one per container:
 * cgroup v1 ({@code memory.limit_in_bytes}, {@code memory.max_usage_in_bytes},
 * {@code memory.oom_control}) or cgroup v2 ({@code memory.max}, {@code memory.peak},
 * {@code memory.events}). Made below this JVM's own cgroup, removed by {@link #close()}.
 */
final class MemoryCgroup implements AutoCloseable {

    private static final Path V1 = Path.of("/sys/fs/cgroup/memory");
    private static final Path V2 = Path.of("/sys/fs/cgroup");

    private final Path dir;
    private final boolean v1;

    private MemoryCgroup(Path dir, boolean v1) {
        this.dir = dir;
        this.v1 = v1;
    }

    /** Why no memory cgroup can be made here, or null when one can. */
    static String unavailable() {
        String root = Host.root();
        if (root != null) {
            return root;
        }
        Optional<Path> parent = parent();
        if (parent.isEmpty()) {
            return "no memory cgroup controller: neither " + V1 + " (v1) nor memory in "
                    + V2.resolve("cgroup.controllers") + " with it enabled for children (v2)";
        }
        Path probe = parent.get().resolve("rollout-lab-pods-probe-" + ProcessHandle.current().pid());
        try {
            Files.createDirectory(probe);
            Files.delete(probe);
            return null;
        } catch (IOException e) {
            return "cannot make a memory cgroup below " + parent.get() + ": " + e;
        }
    }

    static boolean isV1() {
        return Files.isDirectory(V1) && Files.exists(V1.resolve("memory.limit_in_bytes"));
    }

    /** The directory this JVM's own memory cgroup has, under which a child can be made. */
    private static Optional<Path> parent() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/cgroup"))) {
                String[] parts = line.split(":", 3);
                if (isV1() && parts.length == 3 && parts[1].equals("memory")) {
                    return existing(V1, parts[2]);
                }
            }
            if (Files.readString(V2.resolve("cgroup.controllers")).contains("memory")) {
                for (String line : Files.readAllLines(Path.of("/proc/self/cgroup"))) {
                    if (line.startsWith("0::")) {
                        // v2: a child gets the memory files only when its parent enables them for children.
                        Optional<Path> own = existing(V2, line.substring(3));
                        return own.filter(p -> read(p.resolve("cgroup.subtree_control")).contains("memory"));
                    }
                }
            }
        } catch (IOException | UncheckedIOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** The own cgroup's directory; the hierarchy root when this JVM sits in a cgroup namespace. */
    private static Optional<Path> existing(Path mount, String own) {
        Path path = mount.resolve(own.startsWith("/") ? own.substring(1) : own);
        return Optional.of(Files.isDirectory(path) ? path : mount);
    }

    /** A new group {@code name} limited to {@code limitBytes} of memory (and of memory+swap). */
    static MemoryCgroup create(String name, long limitBytes) throws IOException {
        Path parent = parent().orElseThrow(() -> new IllegalStateException(unavailable()));
        Path dir = parent.resolve("rollout-lab-pods-" + name + "-" + ProcessHandle.current().pid());
        Files.createDirectory(dir);
        MemoryCgroup group = new MemoryCgroup(dir, isV1());
        if (group.v1) {
            group.write("memory.limit_in_bytes", limitBytes);
            if (Files.exists(dir.resolve("memory.memsw.limit_in_bytes"))) {
                group.write("memory.memsw.limit_in_bytes", limitBytes);
            }
        } else {
            group.write("memory.max", limitBytes);
            if (Files.exists(dir.resolve("memory.swap.max"))) {
                group.write("memory.swap.max", 0);
            }
        }
        return group;
    }

    Path dir() {
        return dir;
    }

    String version() {
        return v1 ? "cgroup v1" : "cgroup v2";
    }

    /** The file a process writes its pid to, to move itself into the group. */
    Path procs() {
        return dir.resolve("cgroup.procs");
    }

    /** {@code sh -c} words that move the shell into this group, then exec {@code command}. */
    String enterAndExec() {
        return "echo $$ > '" + procs() + "' && exec \"$@\"";
    }

    long limit() {
        return Long.parseLong(read(dir.resolve(v1 ? "memory.limit_in_bytes" : "memory.max")).trim());
    }

    /** The highest memory use the group saw; v2 without memory.peak (before 5.19): the current use. */
    long peak() {
        if (v1) {
            return Long.parseLong(read(dir.resolve("memory.max_usage_in_bytes")).trim());
        }
        Path peak = dir.resolve("memory.peak");
        return Long.parseLong(read(Files.exists(peak) ? peak : dir.resolve("memory.current")).trim());
    }

    /** How many processes the kernel's OOM killer killed in this group. */
    long oomKills() {
        String file = read(dir.resolve(v1 ? "memory.oom_control" : "memory.events"));
        for (String line : file.split("\n")) {
            String[] kv = line.trim().split("\\s+");
            if (kv.length == 2 && kv[0].equals("oom_kill")) {
                return Long.parseLong(kv[1]);
            }
        }
        // Kernels before 4.13 (v1) do not count kills; under_oom is the best left.
        return -1;
    }

    /** How often the limit was hit (reclaim followed, not necessarily a kill): v1 failcnt, v2 events max. */
    long limitHits() {
        if (v1) {
            return Long.parseLong(read(dir.resolve("memory.failcnt")).trim());
        }
        for (String line : read(dir.resolve("memory.events")).split("\n")) {
            String[] kv = line.trim().split("\\s+");
            if (kv.length == 2 && kv[0].equals("max")) {
                return Long.parseLong(kv[1]);
            }
        }
        return -1;
    }

    private void write(String file, long value) throws IOException {
        Files.writeString(dir.resolve(file), Long.toString(value));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Removes the group once its processes are gone (kills what is left after 10 s). */
    @Override
    public void close() throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (Files.exists(dir)) {
            String procs = read(procs()).trim();
            if (procs.isEmpty()) {
                try {
                    Files.delete(dir);
                    return;
                } catch (IOException busy) {
                    // a process is still leaving; try again
                }
            } else if (System.nanoTime() > deadline + 10_000_000_000L) {
                throw new IllegalStateException("cannot remove " + dir + ": processes " + procs + " stay");
            } else if (System.nanoTime() > deadline) {
                procs.lines().forEach(pid -> ProcessHandle.of(Long.parseLong(pid.trim())).ifPresent(ProcessHandle::destroyForcibly));
            }
            Thread.sleep(100);
        }
    }

    @Override
    public String toString() {
        return version() + " " + dir;
    }
}
