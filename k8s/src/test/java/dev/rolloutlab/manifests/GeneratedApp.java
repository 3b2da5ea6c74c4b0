package dev.rolloutlab.manifests;

import java.nio.file.Path;

/** A service whose manifest quarkus-kubernetes generates, and where k8s/ keeps its copy. */
enum GeneratedApp {
    SAMPLE_V1("sample-v1", "1.0.0"),
    SAMPLE_V2("sample-v2", "2.0.0");

    /** The k8s module's directory, which is k8s/ itself (tests run there). */
    static final Path K8S = Path.of("").toAbsolutePath();
    private static final Path SERVICES = K8S.resolveSibling("services");

    final String module;
    final String version;

    GeneratedApp(String module, String version) {
        this.module = module;
        this.version = version;
    }

    Path committed() {
        return K8S.resolve(module + ".yml");
    }

    Path generated() {
        return SERVICES.resolve(module).resolve("target/kubernetes/kubernetes.yml");
    }

    Path jar() {
        return SERVICES.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
    }
}
