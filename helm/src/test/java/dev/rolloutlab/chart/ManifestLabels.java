package dev.rolloutlab.chart;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/** A label map of a document as a Java map. */
final class ManifestLabels {

    private ManifestLabels() {
    }

    static Map<String, String> of(JsonNode node) {
        Map<String, String> labels = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        return labels;
    }
}
