package dev.rolloutlab.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class StrictSchemaTest {

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              replicas: 2
              selector: {matchLabels: {app: web}}
              strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 25%, maxUnavailable: 0}}
              template:
                metadata: {labels: {app: web}}
                spec:
                  containers:
                    - name: web
                      image: nginx:1.27
            """;

    private static JsonNode doc(String yaml) {
        return Manifests.parse(yaml).get(0);
    }

    @Test
    void acceptsAValidDeployment() {
        assertThat(StrictSchema.problems(doc(DEPLOYMENT))).isEmpty();
    }

    @Test
    void rejectsAMisspelledField() {
        assertThat(StrictSchema.problems(doc(DEPLOYMENT.replace("replicas:", "replicaz:"))))
                .singleElement().asString().contains("Deployment/web").contains("replicaz");
    }

    @Test
    void rejectsAnUnknownFieldDeepInside() {
        assertThat(StrictSchema.problems(doc(DEPLOYMENT.replace("image: nginx:1.27", "image: nginx:1.27\n          imagePullPolicyy: Always"))))
                .singleElement().asString().contains("imagePullPolicyy");
    }

    @Test
    void rejectsAWrongType() {
        assertThat(StrictSchema.problems(doc(DEPLOYMENT.replace("replicas: 2", "replicas: two")))).isNotEmpty();
        assertThat(StrictSchema.problems(doc(DEPLOYMENT.replace("image: nginx:1.27", "image: [nginx]")))).isNotEmpty();
    }

    @Test
    void rejectsAPlainNumberStringForMaxSurge() {
        assertThat(StrictSchema.problems(doc(DEPLOYMENT.replace("maxSurge: 25%", "maxSurge: \"1\""))))
                .singleElement().asString().contains("maxSurge '1' must be an integer or a percentage");
    }

    @Test
    void rejectsAnUnknownKind() {
        assertThat(StrictSchema.problems(doc(DEPLOYMENT.replace("kind: Deployment", "kind: Deploymnet"))))
                .singleElement().asString().contains("unknown type apps/v1/Deploymnet");
    }
}
