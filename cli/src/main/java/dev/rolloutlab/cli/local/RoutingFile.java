package dev.rolloutlab.cli.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders the gateway's routing.yaml from the local state, in the format the gateway documents
 * (docs/gateway.md, "Routing config"). Every strategy's block whose groups have instances is written, so
 * a change of strategy is the one {@code strategy:} line, as in a cluster.
 */
public final class RoutingFile {

    public static final String ROLLING_GROUP = "sample";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            // a revision like 1.10 stays the text "1.10", not the number 1.1
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS));

    private RoutingFile() {
    }

    public static String render(LocalState state) {
        List<String> v1 = urls(state.instancesOf(AppVersion.V1));
        List<String> v2 = urls(state.instancesOf(AppVersion.V2));
        List<String> rolling = urls(state.rollingInstances());

        Map<String, Object> groups = new LinkedHashMap<>();
        putIfAny(groups, AppVersion.V1.key(), v1);
        putIfAny(groups, AppVersion.V2.key(), v2);
        putIfAny(groups, ROLLING_GROUP, rolling);

        Map<String, Object> root = new LinkedHashMap<>();
        root.put("strategy", state.strategy.key());
        root.put("groups", groups);
        if (!rolling.isEmpty()) {
            root.put(Strategy.ROLLING.key(), Map.of("group", ROLLING_GROUP));
        }
        if (!v1.isEmpty() && !v2.isEmpty()) {
            Map<String, Object> bluegreen = new LinkedHashMap<>();
            bluegreen.put("active", state.blueGreenActive.key());
            bluegreen.put("preview", state.blueGreenActive.other().key());
            if (state.blueGreenProgressive != null) {
                bluegreen.put("progressive", state.blueGreenProgressive.toRouting());
            }
            root.put(Strategy.BLUEGREEN.key(), bluegreen);
            Map<String, Object> canary = new LinkedHashMap<>();
            canary.put("stable", AppVersion.V1.key());
            canary.put("canary", AppVersion.V2.key());
            if (state.canaryProgressive == null) {
                canary.put("weight", state.canaryWeight); // with a progressive block the gateway sets the weight
            }
            canary.put("sticky", false);
            canary.put("fallback", false);
            if (state.canaryProgressive != null) {
                canary.put("progressive", state.canaryProgressive.toRouting());
            }
            root.put(Strategy.CANARY.key(), canary);
        }
        try {
            return "# Written by ./rollout-lab (local mode); the gateway applies a change within a second.\n"
                    + YAML.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the groups {@code strategy} needs have instances (canary and blue/green need both versions). */
    public static String missingFor(LocalState state, Strategy strategy) {
        boolean v1 = !state.instancesOf(AppVersion.V1).isEmpty();
        boolean v2 = !state.instancesOf(AppVersion.V2).isEmpty();
        if (!strategy.needsBothVersions()) {
            return state.rollingGroup.isEmpty() ? "the rolling group has no instances" : null;
        }
        if (!v1 || !v2) {
            AppVersion missing = v1 ? AppVersion.V2 : AppVersion.V1;
            return strategy.key() + " needs instances of both versions, but no " + missing.key()
                    + " instance is running (a rolling update replaced them): run ./rollout-lab rolling "
                    + missing.key() + " to bring them back";
        }
        return null;
    }

    private static List<String> urls(List<InstanceRecord> instances) {
        return instances.stream().map(InstanceRecord::url).toList();
    }

    private static void putIfAny(Map<String, Object> groups, String name, List<String> urls) {
        if (!urls.isEmpty()) {
            groups.put(name, urls);
        }
    }
}
