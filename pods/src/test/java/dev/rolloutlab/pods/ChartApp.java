package dev.rolloutlab.pods;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubernetes.client.custom.Quantity;
import java.util.List;

/** An app container of the rendered chart (image rollout-lab/NAME): its memory limit and JVM options. */
record ChartApp(String app, ShippedContainer container) {

    /** The first container running image rollout-lab/{@code app} in the chart's default render. */
    static ChartApp of(Shipped.Source chart, String app) {
        List<ShippedContainer> all = ShippedContainer.in(chart);
        return all.stream().filter(c -> !c.init() && c.shortImage().startsWith("rollout-lab/" + app + ":"))
                .findFirst().map(c -> new ChartApp(app, c))
                .orElseThrow(() -> new AssertionError("no rollout-lab/" + app + " container in " + chart.name()));
    }

    String where() {
        return container.where();
    }

    /** resources.limits.memory in bytes; fails when the chart sets none. */
    long memoryLimit() {
        JsonNode limit = container.container().path("resources").path("limits").path("memory");
        if (limit.isMissingNode() || limit.asText().isBlank()) {
            throw new AssertionError(where() + " has no resources.limits.memory: nothing to emulate");
        }
        return Quantity.fromString(limit.asText()).getNumber().longValueExact();
    }

    String memoryLimitText() {
        return container.container().path("resources").path("limits").path("memory").asText();
    }

    /** env JDK_JAVA_OPTIONS (contract 3), or null when the chart states none. */
    String jvmOptions() {
        return container.env().get("JDK_JAVA_OPTIONS");
    }
}
