package dev.rolloutlab.chart;

import static dev.rolloutlab.chart.Chart.chart;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rolloutlab.manifests.Manifests;
import dev.rolloutlab.manifests.PodTemplate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The kubelet creates a DirectoryOrCreate hostPath as root with mode 0755, and fsGroup does not
 * apply to hostPath: uid 185 could not write it. Whenever a hostPath directory is mounted, an
 * init container hands it to uid 185, as root with CAP_CHOWN and nothing else. A static hostPath
 * volume is one directory on one node, so it is pinned to that node.
 */
class HostPathWritableTest {

    private static final String CHOWN = "chown-volumes";

    private static Chart staticHostPath() {
        return chart().set("volumes.persistence.provisioning", "static").set("volumes.persistence.storageClass", "manual")
                .set("volumes.persistence.static.nodeName", "rollout-lab-worker");
    }

    @Test
    void noInitContainerWhenNoHostPathIsMounted() {
        for (Chart c : List.of(chart(), chart().values("values-canary.yaml"),
                chart().set("volumes.persistence.provisioning", "static").set("volumes.persistence.static.source", "nfs")
                        .set("volumes.persistence.static.nfs.server", "10.0.0.5"),
                staticHostPath().set("volumes.persistence.existingClaim", "mine"),
                staticHostPath().set("volumes.persistence.enabled", false))) {
            for (PodTemplate pod : PodTemplate.all(c.render().documents())) {
                assertThat(pod.spec().has("initContainers")).as(c + " " + Manifests.id(pod.owner())).isFalse();
            }
        }
    }

    @Test
    void theNodeHostPathIsChownedForTheApp() {
        JsonNode init = chownContainer(chart().set("volumes.hostPath.enabled", true), "rl-sample");
        assertThat(words(init.path("command"))).containsExactly("chown", "185:185", "/mnt/node");
        assertThat(mounts(init)).containsExactly("node=/mnt/node");
    }

    @Test
    void aStaticHostPathVolumeIsChownedToo() {
        JsonNode init = chownContainer(staticHostPath(), "rl-sample");
        assertThat(words(init.path("command"))).containsExactly("chown", "185:185", "/mnt/data");
        assertThat(mounts(init)).containsExactly("data=/mnt/data");
        JsonNode both = chownContainer(staticHostPath().set("volumes.hostPath.enabled", true), "rl-sample");
        assertThat(words(both.path("command"))).containsExactly("chown", "185:185", "/mnt/node", "/mnt/data");
        assertThat(mounts(both)).containsExactly("node=/mnt/node", "data=/mnt/data");
    }

    @Test
    void itRunsAsRootWithOnlyCapChown() {
        JsonNode context = chownContainer(chart().set("volumes.hostPath.enabled", true), "rl-sample").path("securityContext");
        assertThat(context.path("runAsUser").asInt(-1)).isZero();
        assertThat(context.path("runAsNonRoot").isBoolean() && !context.path("runAsNonRoot").asBoolean()).isTrue();
        assertThat(context.path("allowPrivilegeEscalation").isBoolean() && !context.path("allowPrivilegeEscalation").asBoolean()).isTrue();
        assertThat(context.path("readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(words(context.at("/capabilities/drop"))).containsExactly("ALL");
        assertThat(words(context.at("/capabilities/add"))).containsExactly("CHOWN");
        assertThat(context.path("privileged").asBoolean(false)).isFalse();
    }

    @Test
    void everyTrackGetsItWithTheImageFromValues() {
        Chart.Rendered r = chart().values("values-canary.yaml").set("volumes.hostPath.enabled", true)
                .set("volumes.chown.image.repository", "registry.local/busybox").set("volumes.chown.image.tag", "1.37").render();
        for (String track : List.of("rl-sample-stable", "rl-sample-canary")) {
            JsonNode init = chownContainer(r, track);
            assertThat(init.path("image").asText()).isEqualTo("registry.local/busybox:1.37");
            assertThat(init.path("imagePullPolicy").asText()).isEqualTo("IfNotPresent");
        }
        assertThat(r.get("Deployment", "rl-gateway").at("/spec/template/spec").has("initContainers")).isFalse();
    }

    @Test
    void aStaticHostPathVolumeIsPinnedToTheNamedNode() {
        JsonNode pv = staticHostPath().render().get("PersistentVolume", "lab-rl-data");
        JsonNode term = pv.at("/spec/nodeAffinity/required/nodeSelectorTerms");
        assertThat(term).hasSize(1);
        assertThat(term.at("/0/matchExpressions")).hasSize(1);
        JsonNode expression = term.at("/0/matchExpressions/0");
        assertThat(expression.path("key").asText()).isEqualTo("kubernetes.io/hostname");
        assertThat(expression.path("operator").asText()).isEqualTo("In");
        assertThat(words(expression.path("values"))).containsExactly("rollout-lab-worker");
        // NFS is reachable from every node: no pin.
        JsonNode nfs = chart().set("volumes.persistence.provisioning", "static").set("volumes.persistence.static.source", "nfs")
                .set("volumes.persistence.static.nfs.server", "10.0.0.5").render().get("PersistentVolume", "lab-rl-data");
        assertThat(nfs.path("spec").has("nodeAffinity")).isFalse();
    }

    @Test
    void aStaticHostPathVolumeWithoutANodeFailsNamingTheKey() {
        assertThatThrownBy(() -> chart().set("volumes.persistence.provisioning", "static").yaml())
                .hasMessageContaining("volumes.persistence.static.nodeName is required when static.source is hostPath");
        // An existing claim makes no volume, so it needs no node.
        assertThat(chart().set("volumes.persistence.provisioning", "static").set("volumes.persistence.existingClaim", "mine").yaml())
                .doesNotContain("kind: PersistentVolume\n");
    }

    private static JsonNode chownContainer(Chart chart, String deployment) {
        return chownContainer(chart.render(), deployment);
    }

    private static JsonNode chownContainer(Chart.Rendered rendered, String deployment) {
        JsonNode spec = rendered.get("Deployment", deployment).at("/spec/template/spec");
        JsonNode inits = spec.path("initContainers");
        assertThat(inits).as(deployment + " init containers").hasSize(1);
        assertThat(inits.get(0).path("name").asText()).isEqualTo(CHOWN);
        // Every directory it chowns is a volume of the pod that the app mounts at the same path.
        List<String> appMounts = mounts(spec.path("containers").get(0));
        assertThat(appMounts).containsAll(mounts(inits.get(0)));
        return inits.get(0);
    }

    private static List<String> words(JsonNode array) {
        List<String> words = new ArrayList<>();
        array.forEach(w -> words.add(w.asText()));
        return words;
    }

    private static List<String> mounts(JsonNode container) {
        List<String> mounts = new ArrayList<>();
        container.path("volumeMounts").forEach(m -> {
            if (m.path("mountPath").asText().startsWith("/mnt/")) {
                mounts.add(m.path("name").asText() + "=" + m.path("mountPath").asText());
            }
        });
        return mounts;
    }
}
