package dev.rolloutlab.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A hand check of Gateway API {@code gateway.networking.k8s.io/v1 HTTPRoute}, which
 * client-java-api has no model for: the fields of the parts a chart writes (parentRefs,
 * hostnames, rules with matches and weighted backendRefs) are known, unknown ones are
 * problems, and types and ranges (weight, port) are checked. Filters, timeouts and session
 * persistence are accepted as objects without looking inside.
 */
final class HttpRouteShape {

    private static final String TEXT = "string";
    private static final String PORT = "port";
    private static final String WEIGHT = "weight";
    private static final String OBJECT = "object";

    private static final Map<String, Object> PARENT_REF = Map.of(
            "group", TEXT, "kind", TEXT, "namespace", TEXT, "name", TEXT, "sectionName", TEXT, "port", PORT);
    private static final Map<String, Object> MATCH = Map.of(
            "path", Map.of("type", TEXT, "value", TEXT),
            "headers", List.of(OBJECT), "queryParams", List.of(OBJECT), "method", TEXT);
    private static final Map<String, Object> BACKEND_REF = Map.of(
            "group", TEXT, "kind", TEXT, "name", TEXT, "namespace", TEXT, "port", PORT, "weight", WEIGHT,
            "filters", List.of(OBJECT));
    private static final Map<String, Object> RULE = Map.of(
            "name", TEXT, "matches", List.of(MATCH), "filters", List.of(OBJECT), "backendRefs", List.of(BACKEND_REF),
            "timeouts", OBJECT, "sessionPersistence", OBJECT, "retry", OBJECT);
    private static final Map<String, Object> SPEC = Map.of(
            "parentRefs", List.of(PARENT_REF), "hostnames", List.of(TEXT), "rules", List.of(RULE));

    private HttpRouteShape() {
    }

    static List<String> problems(JsonNode route) {
        List<String> problems = new ArrayList<>();
        String id = Manifests.id(route);
        route.fieldNames().forEachRemaining(field -> {
            if (!List.of("apiVersion", "kind", "metadata", "spec", "status").contains(field)) {
                problems.add(id + ": unknown field '" + field + "'");
            }
        });
        try {
            V1ObjectMeta.fromJson(route.path("metadata").toString());
        } catch (IOException | RuntimeException e) {
            problems.add(id + ": metadata: " + e.getMessage());
        }
        check(route.path("spec"), SPEC, "spec", id, problems);
        for (JsonNode rule : route.path("spec").path("rules")) {
            for (JsonNode backend : rule.path("backendRefs")) {
                if (!backend.path("name").isTextual()) {
                    problems.add(id + ": a backendRef needs a name");
                }
            }
        }
        return problems;
    }

    @SuppressWarnings("unchecked")
    private static void check(JsonNode node, Object shape, String path, String id, List<String> problems) {
        if (shape instanceof Map<?, ?> fields) {
            if (!node.isObject()) {
                problems.add(id + ": " + path + " must be an object");
                return;
            }
            node.fields().forEachRemaining(e -> {
                Object field = fields.get(e.getKey());
                if (field == null) {
                    problems.add(id + ": unknown field '" + path + "." + e.getKey() + "'; known: " + fields.keySet().stream().sorted().toList());
                } else {
                    check(e.getValue(), field, path + "." + e.getKey(), id, problems);
                }
            });
        } else if (shape instanceof List<?> items) {
            if (!node.isArray()) {
                problems.add(id + ": " + path + " must be a list");
                return;
            }
            for (int i = 0; i < node.size(); i++) {
                check(node.get(i), items.get(0), path + "[" + i + "]", id, problems);
            }
        } else if (TEXT.equals(shape) && !node.isTextual()) {
            problems.add(id + ": " + path + " must be a string");
        } else if (OBJECT.equals(shape) && !node.isObject()) {
            problems.add(id + ": " + path + " must be an object");
        } else if (PORT.equals(shape) && !(node.isInt() && node.asInt() >= 1 && node.asInt() <= 65535)) {
            problems.add(id + ": " + path + " must be a port number 1..65535, not " + node);
        } else if (WEIGHT.equals(shape) && !(node.isInt() && node.asInt() >= 0 && node.asInt() <= 1_000_000)) {
            problems.add(id + ": " + path + " must be an integer 0..1000000, not " + node);
        }
    }
}
