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

    private static final String ROUTE = """
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata: {name: web}
            spec:
              parentRefs: [{name: eg}]
              hostnames: [web.local]
              rules:
                - matches: [{path: {type: PathPrefix, value: /api}}]
                  backendRefs:
                    - {name: web-stable, port: 80, weight: 90}
                    - {name: web-canary, port: 80, weight: 10}
            """;

    @Test
    void checksAnHttpRouteByHand() {
        assertThat(StrictSchema.problems(doc(ROUTE))).isEmpty();
        assertThat(StrictSchema.problems(doc(ROUTE.replace("backendRefs:", "backendRefz:"))))
                .singleElement().asString().contains("HTTPRoute/web").contains("spec.rules[0].backendRefz");
        assertThat(StrictSchema.problems(doc(ROUTE.replace("weight: 10", "weight: ten"))))
                .singleElement().asString().contains("weight must be an integer");
        assertThat(StrictSchema.problems(doc(ROUTE.replace("port: 80, weight: 90", "port: 0, weight: 90"))))
                .singleElement().asString().contains("port must be a port number");
    }

    @Test
    void knowsRbacRoles() {
        String role = """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: Role
                metadata: {name: reader}
                rules:
                  - {apiGroups: [""], resources: [configmaps], resourceNames: [routing], verbs: [get, watch]}
                """;
        assertThat(StrictSchema.problems(doc(role))).isEmpty();
        assertThat(StrictSchema.problems(doc(role.replace("verbs:", "verb:")))).singleElement().asString().contains("verb");
    }
}
