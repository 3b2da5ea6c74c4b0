package dev.rolloutlab.pods;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * hostPath ownership as a kubelet leaves it: the directory of a DirectoryOrCreate hostPath (and
 * of the chart's static hostPath PV) is made root:0755, fsGroup does not apply to it, so the app
 * (uid 185) cannot write. The sample, as uid 185, first gets 409 on a visit (the control: the
 * test can fail); then the chart's chown-volumes init container runs on the same directories
 * (as root with CAP_CHOWN only, as its securityContext says), and the same visit is 200 with
 * the counter file owned by 185.
 */
class HostPathWritableByUid185AfterInitTest {

    static final String INIT = "chown-volumes";
    static final int APP_UID = 185;

    @Test
    void chartsInitContainerMakesTheHostPathDirectoriesWritableForTheApp() throws Exception {
        ShippedContainer hostPathOnly = init(Shipped.chartWithHostPath());
        assertThat(hostPathOnly.mounts()).as("mounts of " + hostPathOnly.where()).containsKey("/mnt/node");
        Shipped.Source chart = Shipped.chartWithHostPathAndStaticVolume();
        ShippedContainer init = init(chart);
        ChartApp sample = ChartApp.of(chart, "sample");
        Host.require(Host.root(), Host.namespaces(), StandIns.unavailable());

        Path base = Temp.dir("rollout-lab-pods-hostpath-");
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
        // As the kubelet makes a DirectoryOrCreate hostPath, and as a static hostPath PV's directory usually is.
        Map<String, Path> nodeDirs = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> mount : init.mounts().entrySet()) {
            Path dir = Files.createDirectory(base.resolve(mount.getValue() == null ? "unknown" : mount.getValue().path("name").asText()));
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            assertThat(Files.getAttribute(dir, "unix:uid")).isEqualTo(0);
            nodeDirs.put(mount.getKey(), dir);
        }
        assertThat(nodeDirs).as("the init container's mounts").containsKeys("/mnt/node", "/mnt/data");
        // The emptyDir: the kubelet makes it 0777.
        Path scratch = Files.createDirectory(base.resolve("scratch"));
        Files.setPosixFilePermissions(scratch, PosixFilePermissions.fromString("rwxrwxrwx"));

        Map<String, String> props = new LinkedHashMap<>();
        props.put("sample.volumes.scratch.path", scratch.toString());
        props.put("sample.volumes.node.path", nodeDirs.get("/mnt/node").toString());
        props.put("sample.volumes.data.path", nodeDirs.get("/mnt/data").toString());
        props.put("quarkus.log.handler.file.\"access\".path", scratch.resolve("access.log").toString());
        List<String> asApp = List.of(Host.which("setpriv").toString(), "--reuid=" + APP_UID, "--regid=" + APP_UID,
                "--clear-groups", "--");
        // uid 185 may not enter the checkout (cloned under /root or a 0700 home): it runs a copy of the app.
        Path appDir = Temp.readableCopy(Host.home().resolve("services/sample-v1/target/quarkus-app"), "rollout-lab-pods-uid185-");
        try (CgroupJvm app = CgroupJvm.start(null, sample.jvmOptions() == null ? "" : sample.jvmOptions(),
                appDir.resolve("quarkus-run.jar"), props, asApp)) {
            app.await200("/q/health/ready", Duration.ofSeconds(60));
            assertThat(Files.getAttribute(scratch.resolve("access.log"), "unix:uid")).as("the app runs as uid 185").isEqualTo(APP_UID);

            for (String volume : List.of("node", "data")) {
                HttpResponse<String> before = app.send("POST", "/api/volumes/" + volume + "/visits");
                assertThat(before.statusCode()).as("control: POST /api/volumes/" + volume + "/visits as uid 185 on a root:0755 "
                        + "directory, before the init container: " + before.body()).isEqualTo(409);
            }

            try (PidOne pod = PidOne.start(init, nodeDirs)) {
                Integer exit = pod.awaitExit(Duration.ofSeconds(10));
                if (exit == null) {
                    fail(init.where() + " " + pod.argv() + " did not finish within 10 s:\n" + pod.output());
                }
                assertThat(exit).as(init.where() + " " + pod.argv() + " as " + PidOne.setpriv(init) + ":\n" + pod.output()).isZero();
            }

            for (Map.Entry<String, Path> dir : nodeDirs.entrySet()) {
                assertThat(Files.getAttribute(dir.getValue(), "unix:uid")).as("owner of the directory at " + dir.getKey()
                        + " after " + init.command()).isEqualTo(APP_UID);
            }
            for (String volume : List.of("node", "data")) {
                HttpResponse<String> after = app.send("POST", "/api/volumes/" + volume + "/visits");
                assertThat(after.statusCode()).as("POST /api/volumes/" + volume + "/visits after the init container: "
                        + after.body() + "\n" + app.output()).isEqualTo(200);
                assertThat(after.body()).contains("\"visits\":1");
                Path counter = Path.of(props.get("sample.volumes." + volume + ".path"), "visits.count");
                assertThat(Files.getAttribute(counter, "unix:uid")).as("owner of " + counter).isEqualTo(APP_UID);
            }
            System.out.println("as uid 185: 409 before " + init.where() + " " + init.command() + ", 200 after; counters owned by 185");
        }
    }

    private static ShippedContainer init(Shipped.Source chart) {
        return ShippedContainer.in(chart).stream().filter(c -> c.init() && c.name().equals(INIT)).findFirst()
                .orElseThrow(() -> new AssertionError("the chart (" + chart.name() + ") has no " + INIT + " init container "
                        + "(contract 2): the kubelet makes a hostPath directory root:0755, fsGroup does not apply to "
                        + "hostPath, so uid 185 gets 409 on POST /api/volumes/node/visits"));
    }
}
