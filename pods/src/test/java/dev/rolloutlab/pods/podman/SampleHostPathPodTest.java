package dev.rolloutlab.pods.podman;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The sample pod with {@code volumes.hostPath.enabled=true}: podman, like the kubelet, creates a
 * missing DirectoryOrCreate hostPath as root with mode 0755, so uid 185 can write it only after
 * the chart's {@code chown-volumes} init container (root, CAP_CHOWN only) has run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SampleHostPathPodTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Path nodeRoot;
    private Path node;
    private PlayedPod pod;
    private KubePlay kube;

    private String skip;

    @BeforeAll
    void play() throws IOException {
        skip = Podman.unlessReady(Podman.SAMPLE_V1, Podman.BUSYBOX);
        if (skip != null) {
            return;
        }
        nodeRoot = Files.createTempDirectory("podman-node-");
        Files.setPosixFilePermissions(nodeRoot, PosixFilePermissions.fromString("rwxr-xr-x"));
        node = nodeRoot.resolve("rollout-lab/node"); // missing: DirectoryOrCreate makes it
        String rendered = KubePlay.renderRolling(Map.of("volumes.hostPath.enabled", "true", "volumes.hostPath.path", node.toString()));
        kube = KubePlay.of(rendered, "rollout-lab");
        pod = PlayedPod.playReady(kube, "rl-sample", "rl-sample-hostpath", "sample");
    }

    @BeforeEach
    void ready() {
        Podman.skipIf(skip);
    }

    @AfterAll
    void remove() throws IOException {
        if (pod != null) {
            pod.close();
        }
        if (nodeRoot != null) {
            try (var files = Files.walk(nodeRoot)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void countsVisitsOnTheHostPathAsUid185() throws IOException {
        HttpResponse<String> visit = pod.post("/api/volumes/node/visits");
        String initContainers = kube.find("Deployment", "rl-sample").path("spec").path("template").path("spec")
                .path("initContainers").toString();
        assertThat(visit.statusCode())
                .as("POST /api/volumes/node/visits as uid 185 on a hostPath the runtime made root 0755: %s%n"
                        + "host directory %s owner %s mode %s%nrendered initContainers: %s",
                        visit.body(), node, Files.getAttribute(node, "unix:uid"),
                        PosixFilePermissions.toString(Files.getPosixFilePermissions(node)), initContainers)
                .isEqualTo(200);
        assertThat(JSON.readTree(visit.body()).path("visits").asLong()).isEqualTo(1);
        assertThat(Files.getAttribute(node, "unix:uid")).as("owner of %s after chown-volumes", node).isEqualTo(185);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(node)))
                .as("mode of %s: chowned, not opened up", node).isEqualTo("rwxr-xr-x");
        assertThat(Files.getAttribute(node.resolve("visits.count"), "unix:uid")).isEqualTo(185);
        // The init container is root with CAP_CHOWN as its only capability (the owner above shows it
        // ran). Its state is not asserted: podman 4.3 may still report a finished init container
        // as "running" (the same stale state that breaks its "once" removal, see KubePlay).
        assertThat(pod.inspect("chown-volumes", "{{.Config.User}} {{.EffectiveCaps}}"))
                .as("user[:group] (the pod's runAsGroup applies) and capabilities of chown-volumes")
                .matches("0(:185)? \\[CAP_CHOWN\\]");
        PlayedPod.assertRestricted(pod, "sample");
    }
}
