package dev.rolloutlab.chart;

import static dev.rolloutlab.chart.Chart.chart;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rolloutlab.manifests.Manifests;
import dev.rolloutlab.manifests.PodTemplate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Pod Security "restricted", checked field by field (the admission controller is not here to ask). */
class PodSecurityTest {

    @ParameterizedTest
    @MethodSource("dev.rolloutlab.chart.Chart#strategies")
    void everyStrategyMeetsRestrictedByDefault(String strategy) {
        assertThat(violations(chart().set("strategy", strategy).render())).isEmpty();
    }

    @Test
    void defaultsMeetRestricted() {
        Chart.Rendered r = chart().render();
        assertThat(PodTemplate.all(r.documents())).hasSizeGreaterThanOrEqualTo(2);
        assertThat(violations(r)).isEmpty();
    }

    @Test
    void enablingHostPathIsTheWayToLeaveIt() {
        // The hostPath volume alone puts the pod outside "restricted"; the init container that makes
        // it writable (root, CAP_CHOWN) is outside too, and nothing else is.
        List<String> violations = violations(chart().set("volumes.hostPath.enabled", true).render());
        assertThat(violations).containsExactlyInAnyOrder(
                "Deployment/rl-sample: volume node is a hostPath",
                "Deployment/rl-sample container chown-volumes: runAsNonRoot is not true",
                "Deployment/rl-sample container chown-volumes: runs as uid 0",
                "Deployment/rl-sample container chown-volumes: adds capability CHOWN");
    }

    @Test
    void aStaticHostPathVolumeLeavesItThroughItsChownContainerOnly() {
        List<String> violations = violations(chart().set("volumes.persistence.provisioning", "static")
                .set("volumes.persistence.static.nodeName", "rollout-lab-worker").render());
        assertThat(violations).containsExactlyInAnyOrder(
                "Deployment/rl-sample container chown-volumes: runAsNonRoot is not true",
                "Deployment/rl-sample container chown-volumes: runs as uid 0",
                "Deployment/rl-sample container chown-volumes: adds capability CHOWN");
    }

    @Test
    void aHostPathVolumeLeavesBaselineTooButTheChownContainerDoesNot() {
        // "baseline" forbids hostPath volumes, and allows root and CHOWN: the docs say "baseline", not only "restricted".
        assertThat(baselineViolations(chart().set("volumes.hostPath.enabled", true).render()))
                .containsExactly("Deployment/rl-sample: volume node is a hostPath");
        assertThat(baselineViolations(chart().set("volumes.persistence.provisioning", "static")
                .set("volumes.persistence.static.nodeName", "rollout-lab-worker").render())).isEmpty();
        assertThat(baselineViolations(chart().render())).isEmpty();
    }

    /** Capabilities Pod Security "baseline" lets a container add. */
    private static final Set<String> BASELINE_CAPABILITIES = Set.of("AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID",
            "KILL", "MKNOD", "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT");

    /** What both profiles refuse at the pod level: the host's namespaces and hostPath volumes. */
    private static List<String> hostAccess(String id, JsonNode spec) {
        List<String> violations = new ArrayList<>();
        for (String host : List.of("hostNetwork", "hostPID", "hostIPC")) {
            if (spec.path(host).asBoolean(false)) {
                violations.add(id + ": " + host);
            }
        }
        for (JsonNode volume : spec.path("volumes")) {
            if (volume.has("hostPath")) {
                violations.add(id + ": volume " + volume.path("name").asText() + " is a hostPath");
            }
        }
        return violations;
    }

    /** The "baseline" profile's rules that a pod template can break. */
    static List<String> baselineViolations(Chart.Rendered rendered) {
        List<String> violations = new ArrayList<>();
        for (PodTemplate pod : PodTemplate.all(rendered.documents())) {
            String id = Manifests.id(pod.owner());
            JsonNode spec = pod.spec();
            violations.addAll(hostAccess(id, spec));
            for (JsonNode container : pod.containers()) {
                String where = id + " container " + container.path("name").asText();
                JsonNode context = container.path("securityContext");
                if (context.path("privileged").asBoolean(false)) {
                    violations.add(where + ": privileged");
                }
                context.path("capabilities").path("add").forEach(cap -> {
                    if (!BASELINE_CAPABILITIES.contains(cap.asText())) {
                        violations.add(where + ": adds capability " + cap.asText());
                    }
                });
                container.path("ports").forEach(port -> {
                    if (port.has("hostPort")) {
                        violations.add(where + ": hostPort");
                    }
                });
            }
        }
        return violations;
    }

    @Test
    void theJvmGetsAWritableTmpOnAReadOnlyRoot() {
        JsonNode pod = chart().render().get("Deployment", "rl-sample").at("/spec/template/spec");
        JsonNode app = pod.at("/containers/0");
        assertThat(app.at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(app.path("volumeMounts").toString()).contains("\"mountPath\":\"/tmp\"");
        assertThat(pod.path("volumes").toString()).contains("{\"name\":\"tmp\",\"emptyDir\"");
        assertThat(pod.at("/securityContext/runAsUser").asInt()).isEqualTo(185);
        // Longer than the app's graceful shutdown: quarkus.shutdown.delay 5s + timeout 10s.
        assertThat(pod.path("terminationGracePeriodSeconds").asInt()).isGreaterThan(15);
    }

    /** The restricted profile's rules that a pod template can break. */
    static List<String> violations(Chart.Rendered rendered) {
        List<String> violations = new ArrayList<>();
        for (PodTemplate pod : PodTemplate.all(rendered.documents())) {
            String id = Manifests.id(pod.owner());
            JsonNode spec = pod.spec();
            JsonNode podContext = spec.path("securityContext");
            violations.addAll(hostAccess(id, spec));
            for (JsonNode container : pod.containers()) {
                String where = id + " container " + container.path("name").asText();
                JsonNode context = container.path("securityContext");
                if (!context.path("runAsNonRoot").asBoolean(podContext.path("runAsNonRoot").asBoolean(false))) {
                    violations.add(where + ": runAsNonRoot is not true");
                }
                if (context.path("runAsUser").asInt(podContext.path("runAsUser").asInt(-1)) == 0) {
                    violations.add(where + ": runs as uid 0");
                }
                if (!context.path("allowPrivilegeEscalation").isBoolean() || context.path("allowPrivilegeEscalation").asBoolean()) {
                    violations.add(where + ": allowPrivilegeEscalation is not false");
                }
                if (context.path("privileged").asBoolean(false)) {
                    violations.add(where + ": privileged");
                }
                if (!context.path("capabilities").path("drop").toString().contains("\"ALL\"")) {
                    violations.add(where + ": capabilities do not drop ALL");
                }
                context.path("capabilities").path("add").forEach(cap -> {
                    if (!Set.of("NET_BIND_SERVICE").contains(cap.asText())) {
                        violations.add(where + ": adds capability " + cap.asText());
                    }
                });
                String seccomp = context.path("seccompProfile").path("type").asText(podContext.path("seccompProfile").path("type").asText(""));
                if (!Set.of("RuntimeDefault", "Localhost").contains(seccomp)) {
                    violations.add(where + ": seccompProfile is '" + seccomp + "', not RuntimeDefault");
                }
                container.path("ports").forEach(port -> {
                    if (port.has("hostPort")) {
                        violations.add(where + ": hostPort");
                    }
                });
            }
        }
        return violations;
    }
}
