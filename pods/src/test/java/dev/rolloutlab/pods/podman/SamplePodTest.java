package dev.rolloutlab.pods.podman;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rolloutlab.manifests.Manifests;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The chart's rendered sample pod (scenario values-rolling.yaml: app + log-tail sidecar, scratch
 * emptyDir, data claim, ConfigMap env and file) run for real by {@code podman kube play}, with the
 * image built from the shipped Dockerfile on a stand-in JRE base (see pods/podman/setup.sh).
 * What is changed to make podman play it: {@link KubePlay}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SamplePodTest {

    static final Path ROOT = Path.of(System.getProperty("rollout-lab.home", "..")).toAbsolutePath().normalize();
    static final Path CHART = ROOT.resolve("helm/rollout-lab");
    static final String GREETING = "Hello from a podman pod";
    private static final ObjectMapper JSON = new ObjectMapper();

    private PlayedPod pod;
    private KubePlay kube;

    private String skip;

    @BeforeAll
    void play() throws IOException {
        skip = Podman.unlessReady(Podman.SAMPLE_V1, Podman.BUSYBOX);
        if (skip != null) {
            return;
        }
        kube = KubePlay.of(KubePlay.renderRolling(Map.of("versions.v1.greeting", GREETING)), "rollout-lab");
        pod = PlayedPod.playReady(kube, "rl-sample", "rl-sample-podman", "sample");
    }

    @BeforeEach
    void ready() {
        Podman.skipIf(skip);
    }

    @AfterAll
    void remove() {
        if (pod != null) {
            pod.close();
        }
    }

    @Test
    @Order(1)
    void answersWithTheRenderedConfigAsUid185OnAReadOnlyRoot() throws IOException {
        HttpResponse<String> identity = pod.get("/api/identity");
        assertThat(identity.statusCode()).as(identity.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(identity.body());
        String renderedVersion = kube.find("Deployment", "rl-sample").path("spec").path("template")
                .path("metadata").path("labels").path("app.kubernetes.io/version").asText();
        assertThat(renderedVersion).isEqualTo("1.0.0");
        assertThat(body.path("message").asText()).as(identity.body()).isEqualTo(GREETING);
        assertThat(body.path("version").asText()).as(identity.body()).isEqualTo(renderedVersion);
        assertThat(body.path("color").asText()).as(identity.body()).isEqualTo("blue");
        assertThat(body.path("pod").asText()).as("POD_NAME from the downward API").isEqualTo("rl-sample-podman");
        assertThat(body.path("namespace").asText()).as(identity.body()).isEqualTo("rollout-lab");

        // The chart's JVM options (env JDK_JAVA_OPTIONS) reach the JVM: the java launcher says so on stderr.
        String jvmOptions = env(kube.find("Deployment", "rl-sample"), "JDK_JAVA_OPTIONS");
        assertThat(jvmOptions).contains("-XX:MaxRAMPercentage=");
        assertThat(pod.logs("sample")).contains("Picked up JDK_JAVA_OPTIONS: " + jvmOptions);

        for (String container : List.of("sample", "log-tail")) {
            PlayedPod.assertRestricted(pod, container);
            assertThat(pod.inspect(container, "{{.HostConfig.ReadonlyRootfs}}")).as(container + " read-only root").isEqualTo("true");
        }
        // uid 185 owns /deployments in the image: only the read-only root stops the write.
        Podman.Result write = pod.exec("sample", "touch", "/deployments/written-at-runtime");
        assertThat(write.ok()).as("touch /deployments/... must fail: %s", write.text()).isFalse();
        assertThat(write.text()).contains("Read-only file system");
        assertThat(pod.inspect("sample", "{{.HostConfig.Memory}}")).as("memory limit 256Mi").isEqualTo(String.valueOf(256L << 20));
    }

    @Test
    @Order(2)
    void writesItsAccessLogToScratchAndTheSidecarStreamsIt() throws IOException {
        HttpResponse<String> r = pod.get("/api/identity?from=podman-sidecar-check");
        assertThat(r.statusCode()).isEqualTo(200);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        String logs = "";
        while (System.nanoTime() < deadline) {
            logs = pod.logs("log-tail");
            if (logs.contains("\"path\":\"/api/identity\"")) {
                break;
            }
            PlayedPod.sleep(300);
        }
        assertThat(logs).as("podman logs %s", pod.container("log-tail")).contains("\"path\":\"/api/identity\"");
        assertThat(logs).contains("\"pod\":\"rl-sample-podman\"");
        // Written by the app (uid 185) into the emptyDir, read by the sidecar.
        assertThat(pod.dir.resolve("emptydir/scratch/access.log")).exists();
        Podman.Result owner = pod.exec("sample", "stat", "-c", "%u", "/mnt/scratch/access.log");
        assertThat(owner.out().trim()).as(owner.text()).isEqualTo("185");
    }

    @Test
    @Order(3)
    void countsVisitsOnTheDataVolumeAsUid185() throws IOException {
        HttpResponse<String> first = pod.post("/api/volumes/data/visits");
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        HttpResponse<String> second = pod.post("/api/volumes/data/visits");
        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
        assertThat(JSON.readTree(second.body()).toString()).as(second.body()).contains("\"writable\":true");
        Podman.Result owner = pod.exec("sample", "stat", "-c", "%u", "/mnt/data/visits.count");
        assertThat(owner.out().trim()).as(owner.text()).isEqualTo("185");
        Podman.Result count = pod.exec("sample", "cat", "/mnt/data/visits.count");
        assertThat(count.out().trim()).isEqualTo("2");
    }

    @Test
    @Order(4)
    void staysWithinItsMemoryLimitUnderLoad() throws Exception {
        Load load = Load.run(pod, List.of("/api/identity", "/api/volumes"), 4, Duration.ofSeconds(20));
        MemoryReport memory = MemoryReport.of(pod, "sample");
        System.out.printf("[podman] sample under load: %d requests in 20 s (%d failed); %s%n",
                load.ok(), load.failed(), memory);
        assertThat(load.ok()).as("requests answered 200").isGreaterThan(100);
        assertThat(load.failed()).as("requests not answered 200").isZero();
        memory.assertWithinLimit(kube.memoryLimit("rl-sample", "sample"));
        assertThat(pod.inspect("sample", "{{.State.Status}} {{.State.OOMKilled}} {{.RestartCount}}"))
                .isEqualTo("running false 0");
    }

    @Test
    @Order(5)
    void stopsInSeconds() {
        Podman.Result stop = pod.stop(30);
        String exits = pod.inspect("sample", "{{.State.ExitCode}}") + "/" + pod.inspect("log-tail", "{{.State.ExitCode}}");
        System.out.printf("[podman] podman pod stop -t 30 %s took %.1f s; exit codes sample/log-tail %s%n",
                pod.name, stop.took().toMillis() / 1000.0, exits);
        assertThat(stop.ok()).as(stop.text()).isTrue();
        assertThat(stop.text()).as("no container waited out the grace period").doesNotContain("resorting to SIGKILL");
        // The app's graceful shutdown is its 5 s delay plus in-flight requests (none here); 30 s means
        // a container ignored SIGTERM and was killed when the grace period ran out.
        assertThat(stop.took()).as("podman pod stop -t 30 (exit codes sample/log-tail %s)", exits)
                .isLessThan(Duration.ofSeconds(20));
        assertThat(pod.inspect("log-tail", "{{.State.ExitCode}}"))
                .as("the sidecar's shell traps TERM and exits 0 (137: killed by SIGKILL after the grace period)")
                .isEqualTo("0");
        assertThat(pod.inspect("sample", "{{.State.ExitCode}}")).as("the app exits on SIGTERM, not SIGKILL (137)")
                .isNotEqualTo("137");
    }

    /** The literal value of env {@code name} in a rendered Deployment's first container. */
    static String env(JsonNode deployment, String name) {
        for (JsonNode e : deployment.path("spec").path("template").path("spec").path("containers").path(0).path("env")) {
            if (name.equals(e.path("name").asText())) {
                return e.path("value").asText();
            }
        }
        throw new AssertionError("no env " + name + " in " + Manifests.id(deployment));
    }

    /** A closed-loop load: {@code clients} threads sending GETs back to back for {@code duration}. */
    record Load(long ok, long failed) {
        static Load run(PlayedPod pod, List<String> paths, int clients, Duration duration) throws Exception {
            AtomicLong ok = new AtomicLong();
            AtomicLong failed = new AtomicLong();
            long end = System.nanoTime() + duration.toNanos();
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                int offset = i;
                running.add(pool.submit(() -> {
                    int n = offset;
                    while (System.nanoTime() < end) {
                        try {
                            HttpResponse<String> r = pod.get(paths.get(n++ % paths.size()));
                            (r.statusCode() == 200 ? ok : failed).incrementAndGet();
                        } catch (IOException e) {
                            failed.incrementAndGet();
                        }
                    }
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
            pool.shutdown();
            return new Load(ok.get(), failed.get());
        }
    }
}
