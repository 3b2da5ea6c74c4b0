package dev.rolloutlab.pods;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
        return bytes(limit.asText());
    }

    String memoryLimitText() {
        return container.container().path("resources").path("limits").path("memory").asText();
    }

    /** env JDK_JAVA_OPTIONS (contract 3), or null when the chart states none. */
    String jvmOptions() {
        return container.env().get("JDK_JAVA_OPTIONS");
    }

    /** A Kubernetes quantity (256Mi, 1Gi, 500M, 1e9, 268435456) in bytes. */
    static long bytes(String quantity) {
        Matcher m = Pattern.compile("([0-9.eE+]+)([KMGTPE]i?|k)?").matcher(quantity.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a quantity: " + quantity);
        }
        double number = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "" : m.group(2).toUpperCase(Locale.ROOT);
        long factor = switch (unit) {
            case "" -> 1L;
            case "K" -> 1000L;
            case "M" -> 1000L * 1000;
            case "G" -> 1000L * 1000 * 1000;
            case "T" -> 1000L * 1000 * 1000 * 1000;
            case "KI" -> 1L << 10;
            case "MI" -> 1L << 20;
            case "GI" -> 1L << 30;
            case "TI" -> 1L << 40;
            default -> throw new IllegalArgumentException("unit " + unit + " in " + quantity);
        };
        return (long) (number * factor);
    }
}
