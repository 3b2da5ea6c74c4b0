package dev.rolloutlab.pods.podman;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** A pod played by {@code podman kube play}, reachable on a host port, removed with everything it made. */
final class PlayedPod implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final String name;
    final int port;
    final Path dir;
    final Path yamlFile;
    private final List<String> volumes;
    private final List<String> configMapVolumes;
    private boolean removed;

    private PlayedPod(String name, int port, Path dir, Path yamlFile, List<String> volumes, List<String> configMapVolumes) {
        this.name = name;
        this.port = port;
        this.dir = dir;
        this.yamlFile = yamlFile;
        this.volumes = volumes;
        this.configMapVolumes = configMapVolumes;
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Plays Deployment {@code deployment} as pod {@code podName} and waits until {@code container} is ready. */
    static PlayedPod playReady(KubePlay kube, String deployment, String podName, String container) throws IOException {
        PlayedPod pod = play(kube, deployment, podName);
        pod.awaitOk("/q/health/ready", container, Duration.ofSeconds(120));
        return pod;
    }

    /** Plays Deployment {@code deployment} of {@code play} as pod {@code podName}. */
    static PlayedPod play(KubePlay kube, String deployment, String podName) throws IOException {
        int port = freePort();
        Path dir = Files.createTempDirectory("podman-" + podName + "-");
        Path emptyDirs = Files.createDirectories(dir.resolve("emptydir"));
        KubePlay.Play play = kube.pod(deployment, podName, port, emptyDirs, podName);
        for (Path d : play.emptyDirs().values()) {
            Files.createDirectories(d);
            // The kubelet makes an emptyDir 0777 (podman's own emptyDir would be root 0755).
            Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxrwxrwx"));
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path yaml = dir.resolve("pod.yaml");
        Files.writeString(yaml, play.yaml());
        // Leftovers of an interrupted earlier run with the same names.
        Podman.run("pod", "rm", "-f", "-t", "0", podName);
        for (String v : play.volumes()) {
            Podman.run("volume", "rm", "-f", v);
        }
        PlayedPod pod = new PlayedPod(podName, port, dir, yaml, play.volumes(), play.configMapVolumes());
        Podman.Result r = Podman.run(Duration.ofSeconds(180), "kube", "play", yaml.toString());
        if (!r.ok()) {
            pod.close();
            throw new AssertionError("podman kube play " + yaml + " exited " + r.exit() + ":\n" + r.text()
                    + "\n--- played YAML ---\n" + play.yaml());
        }
        return pod;
    }

    String container(String container) {
        return name + "-" + container;
    }

    /** Waits until GET path answers 200, or fails with the container's log. */
    void awaitOk(String path, String container, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = get(path);
                if (r.statusCode() == 200) {
                    return;
                }
                last = r.statusCode() + " " + r.body();
            } catch (IOException e) {
                last = e.toString();
            }
            String state = inspect(container, "{{.State.Status}}").trim();
            if (!state.equals("running") && !state.equals("created") && !state.equals("configured")) {
                break;
            }
            sleep(500);
        }
        throw new AssertionError(path + " did not answer 200 within " + timeout + " (last: " + last + "); "
                + container + " is " + inspect(container, "{{.State.Status}} exit {{.State.ExitCode}}")
                + "; its log:\n" + logs(container));
    }

    HttpResponse<String> get(String path) throws IOException {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    HttpResponse<String> post(String path) throws IOException {
        return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody()));
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    String inspect(String container, String format) {
        Podman.Result r = Podman.run("inspect", "--type", "container", "--format", format, container(container));
        return r.ok() ? r.out().trim() : "(inspect failed: " + r.text().trim() + ")";
    }

    String logs(String container) {
        return Podman.run("logs", container(container)).text();
    }

    Podman.Result exec(String container, String... command) {
        List<String> args = new ArrayList<>(List.of("exec", container(container)));
        args.addAll(List.of(command));
        return Podman.run(args.toArray(String[]::new));
    }

    /**
     * The container's memory cgroup file (cgroup v1 {@code memory/<path>/<v1>} or v2 {@code <path>/<v2>}),
     * read on the host from the path podman reports.
     */
    Optional<String> memoryCgroup(String container, String v1, String v2) {
        String path = inspect(container, "{{.State.CgroupPath}}");
        for (Path candidate : List.of(Path.of("/sys/fs/cgroup/memory" + path, v1), Path.of("/sys/fs/cgroup" + path, v2))) {
            if (Files.isReadable(candidate)) {
                try {
                    return Optional.of(Files.readString(candidate).trim());
                } catch (IOException e) {
                    // try the next layout
                }
            }
        }
        return Optional.empty();
    }

    String cgroupPath(String container) {
        return inspect(container, "{{.State.CgroupPath}}");
    }

    /** {@code podman pod stop -t grace}: how long it took and its output. */
    Podman.Result stop(int graceSeconds) {
        return Podman.run(Duration.ofSeconds(graceSeconds + 60L), "pod", "stop", "-t", String.valueOf(graceSeconds), name);
    }

    @Override
    public void close() {
        if (removed) {
            return;
        }
        removed = true;
        Podman.run("pod", "rm", "-f", "-t", "0", name);
        for (String v : volumes) {
            Podman.run("volume", "rm", "-f", v);
        }
        // Without -f: a ConfigMap's volume still used by another pod stays.
        for (String v : configMapVolumes) {
            Podman.run("volume", "rm", v);
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp directory left behind is harmless
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /**
     * The chart's securityContext as the kernel sees the container's PID 1: uid and gid 185, no
     * capabilities (drop ALL), no privilege escalation (no_new_privs), a seccomp filter (RuntimeDefault).
     */
    static void assertRestricted(PlayedPod pod, String container) {
        Podman.Result status = pod.exec(container, "cat", "/proc/1/status");
        assertThat(status.ok()).as("podman exec %s cat /proc/1/status: %s", container, status.text()).isTrue();
        String all = status.out();
        assertThat(line(all, "Uid:")).as("%s PID 1", container).isEqualTo("Uid: 185 185 185 185");
        assertThat(line(all, "Gid:")).as("%s PID 1", container).isEqualTo("Gid: 185 185 185 185");
        assertThat(line(all, "CapEff:")).as("%s PID 1 effective capabilities", container).isEqualTo("CapEff: 0000000000000000");
        assertThat(line(all, "CapBnd:")).as("%s PID 1 bounding set", container).isEqualTo("CapBnd: 0000000000000000");
        assertThat(line(all, "NoNewPrivs:")).as("%s PID 1 (allowPrivilegeEscalation: false)", container).isEqualTo("NoNewPrivs: 1");
        assertThat(line(all, "Seccomp:")).as("%s PID 1 (seccomp filter mode)", container).isEqualTo("Seccomp: 2");
    }

    private static String line(String status, String key) {
        return status.lines().filter(l -> l.startsWith(key)).findFirst().orElse(key + " (missing)").replaceAll("\\s+", " ").trim();
    }
}
