package dev.rolloutlab.chart;

import static dev.rolloutlab.chart.Chart.chart;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rolloutlab.manifests.Manifests;
import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * A Retain volume the chart makes outlives `helm uninstall` (helm.sh/resource-policy: keep):
 * without it Helm deletes the PersistentVolume object with the release and it is never Released.
 */
class RetainedVolumeTest {

    private static final String KEEP = "helm.sh/resource-policy";

    private static Chart staticVolume(String reclaimPolicy) {
        return chart().set("volumes.persistence.provisioning", "static").set("volumes.persistence.storageClass", "manual")
                .set("volumes.persistence.static.nodeName", "rollout-lab-worker")
                .set("volumes.persistence.static.reclaimPolicy", reclaimPolicy);
    }

    @Test
    void aRetainVolumeIsKeptByUninstall() {
        JsonNode pv = staticVolume("Retain").render().get("PersistentVolume", "lab-rl-data");
        assertThat(pv.at("/spec/persistentVolumeReclaimPolicy").asText()).isEqualTo("Retain");
        assertThat(pv.at("/metadata/annotations").path(KEEP).asText()).isEqualTo("keep");
    }

    @Test
    void onlyTheRetainVolumeIsKept() {
        for (Chart c : new Chart[] {staticVolume("Retain"), staticVolume("Delete"), chart(), chart().values("values-canary.yaml")}) {
            for (JsonNode d : c.render().documents()) {
                boolean retainVolume = "PersistentVolume".equals(d.path("kind").asText())
                        && "Retain".equals(d.at("/spec/persistentVolumeReclaimPolicy").asText());
                assertThat(d.path("metadata").path("annotations").has(KEEP)).as(c + " " + Manifests.id(d)).isEqualTo(retainVolume);
            }
        }
    }

    @Test
    void theDocsSayUninstallLeavesItReleasedAndHowToDeleteIt() throws IOException {
        String readme = Files.readString(Chart.DIR.resolve("README.md"));
        assertThat(readme).contains("helm.sh/resource-policy: keep").contains("Released").contains("kubectl delete pv default-rl-data");
        String values = Files.readString(Chart.DIR.resolve("values.yaml"));
        assertThat(values).contains("helm.sh/resource-policy: keep").contains("Released").contains("kubectl delete pv");
    }
}
