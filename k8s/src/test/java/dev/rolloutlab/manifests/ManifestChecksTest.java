package dev.rolloutlab.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ManifestChecksTest {

    /** A small install that fits together; each test breaks one thing. */
    private static final String INSTALL = """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: web-config}
            data: {GREETING: hi, app.properties: "x=1"}
            ---
            apiVersion: v1
            kind: PersistentVolumeClaim
            metadata: {name: web-data}
            spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: web}
            spec:
              selector: {app: web}
              ports: [{name: http, port: 80, targetPort: http}]
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web, version: "1"}}
                spec:
                  volumes:
                    - {name: data, persistentVolumeClaim: {claimName: web-data}}
                    - {name: config, configMap: {name: web-config, items: [{key: app.properties, path: app.properties}]}}
                  containers:
                    - name: web
                      image: web:1
                      ports: [{name: http, containerPort: 8080}]
                      readinessProbe: {httpGet: {path: /ready, port: 8080}}
                      env:
                        - name: GREETING
                          valueFrom: {configMapKeyRef: {name: web-config, key: GREETING}}
                      volumeMounts:
                        - {name: data, mountPath: /data}
                        - {name: config, mountPath: /config}
            """;

    private static java.util.List<String> problems(String yaml) {
        return ManifestChecks.problems(Manifests.parse(yaml));
    }

    @Test
    void aConsistentInstallHasNoProblems() {
        assertThat(problems(INSTALL)).isEmpty();
    }

    @Test
    void selectorThatMissesTheTemplate() {
        assertThat(problems(INSTALL.replace("selector: {matchLabels: {app: web}}", "selector: {matchLabels: {app: webb}}")))
                .anyMatch(p -> p.contains("Deployment/web: selector {app=webb} does not match"));
    }

    @Test
    void versionInTheSelector() {
        assertThat(problems(INSTALL.replace("matchLabels: {app: web}", "matchLabels: {app: web, version: \"1\"}")))
                .anyMatch(p -> p.contains("selector includes 'version'"));
    }

    @Test
    void serviceThatSelectsNothing() {
        assertThat(problems(INSTALL.replace("selector: {app: web}", "selector: {app: api}")))
                .anyMatch(p -> p.contains("Service/web: selector {app=api} matches no pod template"));
    }

    @Test
    void serviceTargetingAnUndeclaredPort() {
        assertThat(problems(INSTALL.replace("targetPort: http", "targetPort: 9090")))
                .anyMatch(p -> p.contains("Service/web: port http targets 9090"));
        assertThat(problems(INSTALL.replace("targetPort: http", "targetPort: web")))
                .anyMatch(p -> p.contains("targets \"web\""));
    }

    @Test
    void mountOfAnUndeclaredVolume() {
        assertThat(problems(INSTALL.replace("{name: data, mountPath: /data}", "{name: cache, mountPath: /data}")))
                .anyMatch(p -> p.contains("container web mounts 'cache', which is not a declared volume"));
    }

    @Test
    void configMapKeyThatDoesNotExist() {
        assertThat(problems(INSTALL.replace("key: GREETING}", "key: GREETNG}")))
                .anyMatch(p -> p.contains("env GREETING needs key 'GREETNG' of ConfigMap web-config"));
        assertThat(problems(INSTALL.replace("items: [{key: app.properties", "items: [{key: application.properties")))
                .anyMatch(p -> p.contains("volume config needs key 'application.properties'"));
    }

    @Test
    void configMapThatIsNotShipped() {
        assertThat(problems(INSTALL.replace("name: web-config, key", "name: other-config, key")))
                .anyMatch(p -> p.contains("needs ConfigMap 'other-config', which is not in these manifests"));
    }

    @Test
    void claimThatIsNotShipped() {
        assertThat(problems(INSTALL.replace("claimName: web-data", "claimName: web-disk")))
                .anyMatch(p -> p.contains("claims 'web-disk', which is not a PersistentVolumeClaim"));
    }

    @Test
    void probeOnAnUndeclaredPort() {
        assertThat(problems(INSTALL.replace("port: 8080}}", "port: 8081}}")))
                .anyMatch(p -> p.contains("readinessProbe uses port 8081"));
    }

    /** A static binding: the volume reserved for the claim, the claim naming the volume. */
    private static final String STATIC = """
            apiVersion: v1
            kind: PersistentVolume
            metadata: {name: pv-a}
            spec:
              storageClassName: manual
              capacity: {storage: 1Gi}
              accessModes: [ReadWriteOnce]
              claimRef: {namespace: lab, name: claim-a}
              hostPath: {path: /tmp/a}
            ---
            apiVersion: v1
            kind: PersistentVolumeClaim
            metadata: {name: claim-a, namespace: lab}
            spec:
              storageClassName: manual
              accessModes: [ReadWriteOnce]
              resources: {requests: {storage: 1Gi}}
              volumeName: pv-a
            """;

    @Test
    void aStaticBindingThatAgrees() {
        assertThat(problems(STATIC)).isEmpty();
        assertThat(problems(STATIC.replace("  volumeName: pv-a\n", ""))).as("bound by claimRef only").isEmpty();
    }

    @Test
    void aStaticBindingThatDisagrees() {
        assertThat(problems(STATIC.replace("storageClassName: manual\n  accessModes", "storageClassName: fast\n  accessModes")))
                .anyMatch(p -> p.contains("differ in storageClassName ('manual' vs 'fast')"));
        assertThat(problems(STATIC.replace("requests: {storage: 1Gi}", "requests: {storage: 2Gi}")))
                .anyMatch(p -> p.contains("differ in size"));
        assertThat(problems(STATIC.replace("accessModes: [ReadWriteOnce]\n  resources", "accessModes: [ReadWriteMany]\n  resources")))
                .anyMatch(p -> p.contains("asks for access mode ReadWriteMany"));
        assertThat(problems(STATIC.replace("volumeName: pv-a", "volumeName: pv-b")))
                .anyMatch(p -> p.contains("volumeName 'pv-b' is not a PersistentVolume"))
                .anyMatch(p -> p.contains("reserved for claim claim-a, which names another volume"));
        assertThat(problems(STATIC.replace("name: claim-a}", "name: claim-b}")))
                .anyMatch(p -> p.contains("claimRef names 'claim-b'"));
        assertThat(problems(STATIC.replace("namespace: lab, name", "namespace: other, name")))
                .anyMatch(p -> p.contains("claimRef namespace 'other' differs"));
    }
}
