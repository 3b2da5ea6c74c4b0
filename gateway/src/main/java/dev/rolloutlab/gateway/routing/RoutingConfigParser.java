package dev.rolloutlab.gateway.routing;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns routing YAML into a {@link RoutingConfig}, or fails with every problem it finds, each
 * naming its key: a learner editing a ConfigMap by hand must see exactly what to fix.
 *
 * <pre>
 * strategy: canary            # rolling | bluegreen | canary
 * groups:                     # name -> base URLs, round-robin within a group
 *   v1: [http://localhost:8081]
 *   v2: [http://localhost:8082]
 * rolling:   {group: v1}
 * bluegreen: {active: v1, preview: v2}
 * canary:    {stable: v1, canary: v2, weight: 10, sticky: false, fallback: false}
 * </pre>
 */
public final class RoutingConfigParser {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final String GROUP_NAME = "[A-Za-z0-9][A-Za-z0-9_.-]{0,62}";

    private final List<String> problems = new ArrayList<>();

    private RoutingConfigParser() {
    }

    public static RoutingConfig parse(String yaml) throws InvalidRoutingConfigException {
        if (yaml == null || yaml.isBlank()) {
            throw new InvalidRoutingConfigException(List.of("the routing config is empty"));
        }
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new InvalidRoutingConfigException(List.of(describe(e)));
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new InvalidRoutingConfigException(List.of("the routing config is empty"));
        }
        RoutingConfigParser parser = new RoutingConfigParser();
        RoutingConfig config = parser.config(root);
        if (!parser.problems.isEmpty()) {
            throw new InvalidRoutingConfigException(parser.problems);
        }
        return config;
    }

    private RoutingConfig config(JsonNode root) {
        if (!root.isObject()) {
            problems.add("the routing config must be a mapping with keys strategy, groups, rolling, bluegreen, canary");
            return null;
        }
        knownKeys("", root, Set.of("strategy", "groups", "rolling", "bluegreen", "canary"));
        Strategy strategy = strategy(root.get("strategy"));
        Map<String, List<URI>> groups = groups(root.get("groups"));

        RoutingConfig.Rolling rolling = null;
        RoutingConfig.BlueGreen bluegreen = null;
        RoutingConfig.Canary canary = null;
        for (Strategy each : Strategy.values()) {
            JsonNode block = root.get(each.key());
            if (block == null || block.isNull()) {
                if (each == strategy) {
                    problems.add(each.key() + ": required when strategy is " + each.key());
                }
                continue;
            }
            if (!block.isObject()) {
                problems.add(each.key() + ": must be a mapping");
                continue;
            }
            switch (each) {
                case ROLLING -> rolling = rolling(block, groups);
                case BLUEGREEN -> bluegreen = bluegreen(block, groups);
                case CANARY -> canary = canary(block, groups);
            }
        }
        return new RoutingConfig(strategy, groups, rolling, bluegreen, canary);
    }

    private Strategy strategy(JsonNode node) {
        if (node == null || node.isNull()) {
            problems.add("strategy: required, one of rolling, bluegreen, canary");
            return null;
        }
        return Strategy.fromKey(node.asText()).orElseGet(() -> {
            problems.add("strategy: must be one of rolling, bluegreen, canary (got '" + node.asText() + "')");
            return null;
        });
    }

    private Map<String, List<URI>> groups(JsonNode node) {
        Map<String, List<URI>> groups = new LinkedHashMap<>();
        if (node == null || node.isNull() || (node.isObject() && node.isEmpty())) {
            problems.add("groups: required, at least one group of base URLs");
            return groups;
        }
        if (!node.isObject()) {
            problems.add("groups: must map group names to lists of base URLs");
            return groups;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> group = it.next();
            String key = "groups." + group.getKey();
            if (!group.getKey().matches(GROUP_NAME)) {
                problems.add(key + ": a group name is letters, digits, '-', '_' or '.'");
            }
            JsonNode urls = group.getValue();
            if (urls.isTextual()) {
                problems.add(key + ": must be a list of base URLs, e.g. [" + urls.asText() + "]");
                continue;
            }
            if (!urls.isArray() || urls.isEmpty()) {
                problems.add(key + ": must list at least one base URL");
                continue;
            }
            List<URI> uris = new ArrayList<>();
            for (int i = 0; i < urls.size(); i++) {
                baseUrl(key + "[" + i + "]", urls.get(i)).ifPresent(uris::add);
            }
            groups.put(group.getKey(), List.copyOf(uris));
        }
        return groups;
    }

    private Optional<URI> baseUrl(String key, JsonNode node) {
        String text = node.asText();
        try {
            URI uri = new URI(text);
            boolean http = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
            boolean bare = uri.getRawQuery() == null && uri.getRawFragment() == null
                    && (uri.getRawPath() == null || uri.getRawPath().isEmpty() || "/".equals(uri.getRawPath()));
            if (node.isTextual() && http && uri.getHost() != null && bare) {
                return Optional.of(uri);
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        problems.add(key + ": '" + text + "' is not a base URL like http://host:port");
        return Optional.empty();
    }

    private RoutingConfig.Rolling rolling(JsonNode block, Map<String, List<URI>> groups) {
        knownKeys("rolling.", block, Set.of("group"));
        return new RoutingConfig.Rolling(groupRef("rolling.group", block.get("group"), groups));
    }

    private RoutingConfig.BlueGreen bluegreen(JsonNode block, Map<String, List<URI>> groups) {
        knownKeys("bluegreen.", block, Set.of("active", "preview"));
        String active = groupRef("bluegreen.active", block.get("active"), groups);
        String preview = groupRef("bluegreen.preview", block.get("preview"), groups);
        if (active != null && active.equals(preview)) {
            problems.add("bluegreen: active and preview must be different groups (both are '" + active + "')");
        }
        return new RoutingConfig.BlueGreen(active, preview);
    }

    private RoutingConfig.Canary canary(JsonNode block, Map<String, List<URI>> groups) {
        knownKeys("canary.", block, Set.of("stable", "canary", "weight", "sticky", "fallback"));
        String stable = groupRef("canary.stable", block.get("stable"), groups);
        String canary = groupRef("canary.canary", block.get("canary"), groups);
        if (stable != null && stable.equals(canary)) {
            problems.add("canary: stable and canary must be different groups (both are '" + stable + "')");
        }
        return new RoutingConfig.Canary(stable, canary, weight(block.get("weight")),
                flag("canary.sticky", block.get("sticky")), flag("canary.fallback", block.get("fallback")));
    }

    private int weight(JsonNode node) {
        if (node == null || node.isNull()) {
            problems.add("canary.weight: required, an integer from 0 to 100");
            return 0;
        }
        if (!node.isIntegralNumber() || node.asLong() < 0 || node.asLong() > 100) {
            problems.add("canary.weight: must be an integer from 0 to 100 (got " + node + ")");
            return 0;
        }
        return node.asInt();
    }

    private boolean flag(String key, JsonNode node) {
        if (node == null || node.isNull()) {
            return false;
        }
        if (!node.isBoolean()) {
            problems.add(key + ": must be true or false (got " + node + ")");
            return false;
        }
        return node.asBoolean();
    }

    private String groupRef(String key, JsonNode node, Map<String, List<URI>> groups) {
        if (node == null || node.isNull()) {
            problems.add(key + ": required, the name of a group");
            return null;
        }
        String name = node.asText();
        if (!groups.containsKey(name)) {
            problems.add(key + ": no group named '" + name + "' (groups: " + String.join(", ", groups.keySet()) + ")");
            return null;
        }
        return name;
    }

    private void knownKeys(String prefix, JsonNode node, Set<String> known) {
        node.fieldNames().forEachRemaining(key -> {
            if (!known.contains(key)) {
                problems.add(prefix + key + ": unknown key (known: " + String.join(", ", known.stream().sorted().toList()) + ")");
            }
        });
    }

    private static String describe(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        JsonLocation at = e.getLocation();
        String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        if (message != null && message.startsWith("Duplicate field")) {
            return "duplicate key " + message.substring("Duplicate field ".length()) + where
                    + " (a YAML mapping, such as groups, cannot name a key twice)";
        }
        String first = message == null ? e.toString() : message.lines().findFirst().orElse(message);
        return "YAML syntax error" + where + ": " + first;
    }
}
