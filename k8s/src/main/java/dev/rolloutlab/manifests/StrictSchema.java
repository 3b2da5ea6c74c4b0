package dev.rolloutlab.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1DaemonSet;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Ingress;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1NetworkPolicy;
import io.kubernetes.client.openapi.models.V1PersistentVolume;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaim;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudget;
import io.kubernetes.client.openapi.models.V1ReplicaSet;
import io.kubernetes.client.openapi.models.V1ReplicationController;
import io.kubernetes.client.openapi.models.V1Role;
import io.kubernetes.client.openapi.models.V1RoleBinding;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServiceAccount;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import io.kubernetes.client.openapi.models.V1StorageClass;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Validates a document against the Kubernetes API types of {@code client-java-api}, which
 * reject unknown (also misspelled) fields and wrong types, as {@code kubectl apply --validate=strict}
 * would. Adds the one check those types miss: an int-or-string rollout field given as a string
 * must be a percentage ("1" is rejected by the API server). Gateway API's HTTPRoute, which has no
 * model there, gets a hand check of its fields instead ({@link HttpRouteShape}).
 */
public final class StrictSchema {

    @FunctionalInterface
    private interface Parser {
        Object parse(String json) throws IOException;
    }

    private static final Map<String, Parser> TYPES = Map.ofEntries(
            Map.entry("v1/ConfigMap", V1ConfigMap::fromJson),
            Map.entry("v1/Namespace", V1Namespace::fromJson),
            Map.entry("v1/PersistentVolume", V1PersistentVolume::fromJson),
            Map.entry("v1/PersistentVolumeClaim", V1PersistentVolumeClaim::fromJson),
            Map.entry("v1/Pod", V1Pod::fromJson),
            Map.entry("v1/ReplicationController", V1ReplicationController::fromJson),
            Map.entry("v1/Secret", V1Secret::fromJson),
            Map.entry("v1/Service", V1Service::fromJson),
            Map.entry("v1/ServiceAccount", V1ServiceAccount::fromJson),
            Map.entry("apps/v1/DaemonSet", V1DaemonSet::fromJson),
            Map.entry("apps/v1/Deployment", V1Deployment::fromJson),
            Map.entry("apps/v1/ReplicaSet", V1ReplicaSet::fromJson),
            Map.entry("apps/v1/StatefulSet", V1StatefulSet::fromJson),
            Map.entry("networking.k8s.io/v1/Ingress", V1Ingress::fromJson),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", V1NetworkPolicy::fromJson),
            Map.entry("policy/v1/PodDisruptionBudget", V1PodDisruptionBudget::fromJson),
            Map.entry("rbac.authorization.k8s.io/v1/Role", V1Role::fromJson),
            Map.entry("rbac.authorization.k8s.io/v1/RoleBinding", V1RoleBinding::fromJson),
            Map.entry("storage.k8s.io/v1/StorageClass", V1StorageClass::fromJson));

    private static final String HTTP_ROUTE = "gateway.networking.k8s.io/v1/HTTPRoute";

    private StrictSchema() {
    }

    /** The problems of one document; empty when it is valid. */
    public static List<String> problems(JsonNode document) {
        String type = document.path("apiVersion").asText() + "/" + document.path("kind").asText();
        if (HTTP_ROUTE.equals(type)) {
            // A CRD kind client-java-api has no model for: checked by hand instead.
            return HttpRouteShape.problems(document);
        }
        Parser parser = TYPES.get(type);
        if (parser == null) {
            return List.of(Manifests.id(document) + ": unknown type " + type + "; known: "
                    + Stream.concat(TYPES.keySet().stream(), Stream.of(HTTP_ROUTE)).sorted().toList());
        }
        List<String> problems = new ArrayList<>();
        try {
            parser.parse(document.toString());
        } catch (IOException | RuntimeException e) {
            problems.add(Manifests.id(document) + ": " + e.getMessage());
        }
        rollingUpdate(document).ifPresent(update -> {
            for (String field : List.of("maxSurge", "maxUnavailable")) {
                JsonNode value = update.path(field);
                if (value.isTextual() && !value.asText().matches("\\d+%")) {
                    problems.add(Manifests.id(document) + ": rollingUpdate." + field + " '" + value.asText()
                            + "' must be an integer or a percentage like '25%'");
                }
            }
        });
        return problems;
    }

    /** Problems of all documents. */
    public static List<String> problems(List<JsonNode> documents) {
        return documents.stream().flatMap(d -> problems(d).stream()).toList();
    }

    private static Optional<JsonNode> rollingUpdate(JsonNode document) {
        JsonNode update = document.path("spec").path("strategy").path("rollingUpdate");
        if (update.isMissingNode()) {
            update = document.path("spec").path("updateStrategy").path("rollingUpdate");
        }
        return update.isObject() ? Optional.of(update) : Optional.empty();
    }
}
