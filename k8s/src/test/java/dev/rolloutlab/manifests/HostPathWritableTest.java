package dev.rolloutlab.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The kubelet creates a DirectoryOrCreate hostPath as root with mode 0755, and fsGroup does not
 * apply to hostPath (nor to a hostPath PersistentVolume): the sample app, uid 185, could not write
 * it. Every pod that mounts one gets an init container `chown-volumes` that hands exactly those
 * directories to uid 185, as root with CAP_CHOWN and nothing else. A hostPath PV is one directory
 * on one node, so it names that node.
 */
class HostPathWritableTest {

    static Stream<Path> manifests() throws Exception {
        return StopsOnSigtermTest.manifests();
    }

    @ParameterizedTest
    @MethodSource("manifests")
    void everyMountedHostPathIsChownedForUid185First(Path file) {
        List<JsonNode> documents = Manifests.read(file);
        for (PodTemplate pod : PodTemplate.all(documents)) {
            Map<String, String> hostPathMounts = hostPathMounts(pod, documents);
            JsonNode init = pod.container("chown-volumes");
            if (hostPathMounts.isEmpty()) {
                assertThat(init).as(Manifests.id(pod.owner()) + ": no hostPath, no chown").isNull();
                continue;
            }
            assertThat(init).as(Manifests.id(pod.owner()) + " mounts hostPath " + hostPathMounts + ": chown-volumes").isNotNull();
            assertThat(pod.spec().path("initContainers").findValuesAsText("name")).contains("chown-volumes");
            List<String> command = new ArrayList<>();
            init.path("command").forEach(w -> command.add(w.asText()));
            List<String> expected = new ArrayList<>(List.of("chown", "185:185"));
            expected.addAll(hostPathMounts.values());
            assertThat(command).as(Manifests.id(pod.owner())).containsExactlyInAnyOrderElementsOf(expected);
            Map<String, String> initMounts = new TreeMap<>();
            init.path("volumeMounts").forEach(m -> initMounts.put(m.path("name").asText(), m.path("mountPath").asText()));
            assertThat(initMounts).isEqualTo(hostPathMounts);
            assertRootWithOnlyChown(init.path("securityContext"));
        }
    }

    @Test
    void theGeneratedManifestsChownTheNodeVolume() {
        for (GeneratedApp app : GeneratedApp.values()) {
            PodTemplate pod = PodTemplate.all(Manifests.read(app.committed())).get(0);
            assertThat(pod.container("chown-volumes")).as(app.module).isNotNull();
            assertThat(pod.container("chown-volumes").path("command").toString()).isEqualTo("[\"chown\",\"185:185\",\"/mnt/node\"]");
        }
    }

    @Test
    void everyLabHostPathVolumeIsPinnedToOneNode() throws Exception {
        List<JsonNode> volumes = LabManifestsTest.labFiles().stream().flatMap(f -> Manifests.read(f).stream())
                .filter(d -> "PersistentVolume".equals(d.path("kind").asText()) && d.path("spec").has("hostPath")).toList();
        assertThat(volumes).hasSizeGreaterThanOrEqualTo(2);
        for (JsonNode pv : volumes) {
            JsonNode terms = pv.at("/spec/nodeAffinity/required/nodeSelectorTerms");
            assertThat(terms).as(Manifests.id(pv)).hasSize(1);
            JsonNode expression = terms.at("/0/matchExpressions/0");
            assertThat(expression.path("key").asText()).isEqualTo("kubernetes.io/hostname");
            assertThat(expression.path("operator").asText()).isEqualTo("In");
            assertThat(expression.path("values")).hasSize(1);
        }
    }

    static void assertRootWithOnlyChown(JsonNode context) {
        assertThat(context.path("runAsUser").asInt(-1)).isZero();
        assertThat(context.path("runAsNonRoot").isBoolean() && !context.path("runAsNonRoot").asBoolean()).isTrue();
        assertThat(context.path("allowPrivilegeEscalation").isBoolean() && !context.path("allowPrivilegeEscalation").asBoolean()).isTrue();
        assertThat(context.path("readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(context.at("/capabilities/drop").toString()).isEqualTo("[\"ALL\"]");
        assertThat(context.at("/capabilities/add").toString()).isEqualTo("[\"CHOWN\"]");
    }

    /** Volume name to the app's mount path, for each hostPath volume or claim bound to a hostPath PV of the same file. */
    private static Map<String, String> hostPathMounts(PodTemplate pod, List<JsonNode> documents) {
        Map<String, String> mounts = new TreeMap<>();
        for (JsonNode volume : pod.spec().path("volumes")) {
            String claim = volume.path("persistentVolumeClaim").path("claimName").asText("");
            boolean hostPath = volume.has("hostPath") || (!claim.isEmpty() && documents.stream().anyMatch(d ->
                    "PersistentVolume".equals(d.path("kind").asText()) && d.path("spec").has("hostPath")
                            && claim.equals(d.at("/spec/claimRef/name").asText())));
            if (!hostPath) {
                continue;
            }
            for (JsonNode container : pod.spec().path("containers")) {
                for (JsonNode mount : container.path("volumeMounts")) {
                    if (mount.path("name").asText().equals(volume.path("name").asText()) && !mount.path("readOnly").asBoolean(false)) {
                        mounts.put(volume.path("name").asText(), mount.path("mountPath").asText());
                    }
                }
            }
        }
        return mounts;
    }
}
