package dev.rolloutlab.pods.podman;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
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
 * The chart's rendered gateway pod (routing ConfigMap mounted as a file; the Kubernetes API watch
 * fails here, so the file is the source) in front of a played sample pod: proxies, runs as uid 185
 * on a read-only root, stays within its memory limit under load through it, stops in seconds.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GatewayPodTest {

    static final String GATEWAY = "localhost/rollout-lab/gateway:0.1.0";
    private static final ObjectMapper JSON = new ObjectMapper();

    private PlayedPod sample;
    private PlayedPod gateway;
    private KubePlay kube;

    private String skip;

    @BeforeAll
    void play() throws IOException {
        skip = Podman.unlessReady(Podman.SAMPLE_V1, Podman.BUSYBOX, GATEWAY);
        if (skip != null) {
            return;
        }
        String rendered = KubePlay.renderRolling(Map.of("versions.v1.greeting", SamplePodTest.GREETING));
        sample = PlayedPod.playReady(KubePlay.of(rendered, "rollout-lab"), "rl-sample", "rl-sample-for-gateway", "sample");
        String ip = Podman.ok("inspect", "--type", "container", "--format",
                "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}", sample.container("sample")).trim();
        assertThat(ip).as("the sample pod's IP on podman's network").isNotEmpty();
        kube = KubePlay.of(rendered, "rollout-lab").resolveService("http://rl-sample:80", "http://" + ip + ":8080");
        gateway = PlayedPod.playReady(kube, "rl-gateway", "rl-gateway-podman", "gateway");
    }

    @BeforeEach
    void ready() {
        Podman.skipIf(skip);
    }

    @AfterAll
    void remove() {
        if (gateway != null) {
            gateway.close();
        }
        if (sample != null) {
            sample.close();
        }
    }

    @Test
    @Order(1)
    void proxiesToTheSamplePodAsUid185OnAReadOnlyRoot() throws IOException {
        HttpResponse<String> identity = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            identity = gateway.get("/api/identity");
            if (identity.statusCode() == 200) {
                break;
            }
            PlayedPod.sleep(500);
        }
        assertThat(identity.statusCode()).as("GET /api/identity through the gateway: %s; gateway log:%n%s",
                identity.body(), gateway.logs("gateway")).isEqualTo(200);
        JsonNode body = JSON.readTree(identity.body());
        assertThat(body.path("message").asText()).isEqualTo(SamplePodTest.GREETING);
        assertThat(body.path("pod").asText()).isEqualTo("rl-sample-for-gateway");
        PlayedPod.assertRestricted(gateway, "gateway");
        String jvmOptions = SamplePodTest.env(kube.find("Deployment", "rl-gateway"), "JDK_JAVA_OPTIONS");
        assertThat(gateway.logs("gateway")).contains("Picked up JDK_JAVA_OPTIONS: " + jvmOptions);
        assertThat(gateway.inspect("gateway", "{{.HostConfig.ReadonlyRootfs}}")).isEqualTo("true");
        assertThat(gateway.inspect("gateway", "{{.HostConfig.Memory}}")).isEqualTo(String.valueOf(256L << 20));
        Podman.Result write = gateway.exec("gateway", "touch", "/deployments/written-at-runtime");
        assertThat(write.ok()).as(write.text()).isFalse();
        assertThat(write.text()).contains("Read-only file system");
    }

    @Test
    @Order(2)
    void staysWithinItsMemoryLimitUnderLoadThroughIt() throws Exception {
        SamplePodTest.Load load = SamplePodTest.Load.run(gateway, List.of("/api/identity"), 4, Duration.ofSeconds(20));
        MemoryReport memory = MemoryReport.of(gateway, "gateway");
        MemoryReport upstream = MemoryReport.of(sample, "sample");
        System.out.printf("[podman] gateway under load: %d requests in 20 s (%d failed); %s; upstream %s%n",
                load.ok(), load.failed(), memory, upstream);
        assertThat(load.ok()).isGreaterThan(100);
        assertThat(load.failed()).isZero();
        memory.assertWithinLimit(kube.memoryLimit("rl-gateway", "gateway"));
        upstream.assertWithinLimit(kube.memoryLimit("rl-sample", "sample"));
        assertThat(gateway.inspect("gateway", "{{.State.Status}} {{.State.OOMKilled}} {{.RestartCount}}"))
                .isEqualTo("running false 0");
    }

    @Test
    @Order(3)
    void stopsInSeconds() {
        Podman.Result stop = gateway.stop(30);
        String exit = gateway.inspect("gateway", "{{.State.ExitCode}}");
        System.out.printf("[podman] podman pod stop -t 30 %s took %.1f s; gateway exit code %s%n",
                gateway.name, stop.took().toMillis() / 1000.0, exit);
        assertThat(stop.ok()).as(stop.text()).isTrue();
        assertThat(stop.text()).doesNotContain("resorting to SIGKILL");
        assertThat(stop.took()).as("podman pod stop -t 30 (the gateway's own shutdown: 3 s delay)").isLessThan(Duration.ofSeconds(20));
        assertThat(exit).isNotEqualTo("137");
    }
}
