package dev.rolloutlab.gateway.routing;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.rolloutlab.gateway.progressive.plan.Plan;
import dev.rolloutlab.gateway.progressive.plan.ProgressiveBlockParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
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
 * groups:                     # name -&gt; base URLs, round-robin within a group
 *   v1: [http://localhost:8081]
 *   v2: [http://localhost:8082]
 * rolling:   {group: v1}
 * bluegreen: {active: v1, preview: v2}
 * canary:    {stable: v1, canary: v2, weight: 10, sticky: false, fallback: false}
 * </pre>
 *
 * A strategy may carry a {@code progressive:} block instead of a fixed weight or switch (read by
 * {@link ProgressiveBlockParser}; every key but the required ones has a default):
 *
 * <pre>
 * canary:
 *   stable: v1
 *   canary: v2                 # no weight: the rollout sets it
 *   progressive:
 *     revision: "2.0.0"        # the same value resumes, a new one starts over
 *     steps:                   # weights 1..99, increasing; 100 after the last
 *       - {weight: 10, hold: 30s}
 *       - {weight: 50, hold: manual}   # waits for promote
 *     analysis: {interval: 10s, initialDelay: 10s, minRequests: 20, maxErrorRate: 5,
 *                maxP99: 500ms, failureLimit: 1, inconclusiveLimit: 30}
 *     probe: {rate: 0, path: /api/identity}
 * bluegreen:
 *   active: blue
 *   preview: green
 *   progressive:
 *     revision: "2.0.0"
 *     prePromotion: 30s        # the preview judged this long before the switch
 *     autoPromotion: 10s       # then switched; absent or 'manual': waits for promote
 *     postPromotion: 60s       # the new active side judged; a failure switches back
 *     probe: {rate: 5}         # the preview has no users: the gateway's own requests
 * </pre>
 */
public final class RoutingConfigParser {

    /**
     * The largest routing file read, in UTF-8 bytes. A routing file is a few hundred bytes and a
     * ConfigMap holds at most 1 MiB: this keeps any input's parse fast and its tree small.
     */
    public static final int MAX_BYTES = 64 * 1024;
    /** The deepest nesting read: the routing file's own is 5 levels (canary.progressive.steps[0].hold). */
    static final int MAX_DEPTH = 16;

    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
            .build())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final String GROUP_NAME = "[A-Za-z0-9][A-Za-z0-9_.-]{0,62}";

    private final List<String> problems = new ArrayList<>();
    private final ProgressiveBlockParser progressive = new ProgressiveBlockParser(problems::add);

    private RoutingConfigParser() {
    }

    /** The routing file's bytes: at most {@link #MAX_BYTES}, UTF-8, then {@link #parse(String)}. */
    public static RoutingConfig parse(byte[] file) throws InvalidRoutingConfigException {
        return parse(decode(file));
    }

    /**
     * The routing file's text, refused when it is larger than {@link #MAX_BYTES} or not UTF-8
     * (a file saved as Latin-1 would otherwise arrive with its umlauts silently replaced).
     */
    public static String decode(byte[] file) throws InvalidRoutingConfigException {
        checkSize(file.length);
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(file);
        CharBuffer out = CharBuffer.allocate(file.length);
        CoderResult result = utf8.decode(in, out, true);
        if (result.isError()) {
            int at = in.position();
            throw new InvalidRoutingConfigException(List.of(String.format(
                    "the routing config is not UTF-8 text: byte 0x%02X at offset %d (line %d); save the file as UTF-8",
                    file[at] & 0xff, at, lineOf(file, at))));
        }
        utf8.flush(out);
        return out.flip().toString();
    }

    public static RoutingConfig parse(String yaml) throws InvalidRoutingConfigException {
        if (yaml == null || yaml.isBlank()) {
            throw new InvalidRoutingConfigException(List.of("the routing config is empty"));
        }
        checkSize(utf8Length(yaml));
        JsonNode root;
        try (JsonParser parser = YAML.createParser(yaml)) {
            root = YAML.readTree(new WithoutAliases((YAMLParser) parser));
        } catch (AliasFound e) {
            throw new InvalidRoutingConfigException(List.of(e.getOriginalMessage()));
        } catch (JsonProcessingException e) {
            throw new InvalidRoutingConfigException(List.of(describe(e)));
        } catch (IOException e) {
            throw new UncheckedIOException("reading a string cannot fail", e);
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
        knownKeys("bluegreen.", block, Set.of("active", "preview", "progressive"));
        String active = groupRef("bluegreen.active", block.get("active"), groups);
        String preview = groupRef("bluegreen.preview", block.get("preview"), groups);
        if (active != null && active.equals(preview)) {
            problems.add("bluegreen: active and preview must be different groups (both are '" + active + "')");
        }
        JsonNode plan = block.get("progressive");
        return new RoutingConfig.BlueGreen(active, preview,
                plan == null ? null : progressive.blueGreen(plan, preview, active));
    }

    private RoutingConfig.Canary canary(JsonNode block, Map<String, List<URI>> groups) {
        knownKeys("canary.", block, Set.of("stable", "canary", "weight", "sticky", "fallback", "progressive"));
        String stable = groupRef("canary.stable", block.get("stable"), groups);
        String canary = groupRef("canary.canary", block.get("canary"), groups);
        if (stable != null && stable.equals(canary)) {
            problems.add("canary: stable and canary must be different groups (both are '" + stable + "')");
        }
        JsonNode planNode = block.get("progressive");
        Plan plan = planNode == null ? null : progressive.canary(planNode, canary, stable);
        // With a progressive block the rollout owns the weight: a fixed one beside it would be ignored silently.
        int weight = planNode == null ? weight(block.get("weight")) : noWeight(block.get("weight"));
        return new RoutingConfig.Canary(stable, canary, weight, flag("canary.sticky", block.get("sticky")),
                flag("canary.fallback", block.get("fallback")), plan);
    }

    private int noWeight(JsonNode node) {
        if (node != null) {
            problems.add("canary.weight: must be absent when canary.progressive is present (the rollout's steps set the weight; got "
                    + node + ")");
        }
        return 0;
    }

    private int weight(JsonNode node) {
        if (node == null || node.isNull()) {
            problems.add("canary.weight: required, an integer from 0 to 100 (or a canary.progressive block)");
            return 0;
        }
        // canConvertToInt: a number beyond long range must not wrap into 0..100
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.asInt() < 0 || node.asInt() > 100) {
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

    /** Refuses a routing config of more than {@link #MAX_BYTES}, naming its size. */
    public static void checkSize(long bytes) throws InvalidRoutingConfigException {
        if (bytes > MAX_BYTES) {
            throw new InvalidRoutingConfigException(List.of("the routing config is " + bytes
                    + " bytes, more than the limit of " + MAX_BYTES + " (a routing file is a few hundred)"));
        }
    }

    private static int utf8Length(String text) {
        int bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
        }
        return bytes;
    }

    private static int lineOf(byte[] file, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (file[i] == '\n') {
                line++;
            }
        }
        return line;
    }

    /**
     * Refuses YAML aliases ({@code *name}). Jackson reads an alias as the text of its name, so
     * {@code v2: *urls} would be refused later with a puzzling message, and a file of aliases
     * nested on aliases (a "billion laughs" bomb) must not reach anything that expands them.
     */
    private static final class WithoutAliases extends JsonParserDelegate {
        WithoutAliases(YAMLParser parser) {
            super(parser);
        }

        @Override
        public JsonToken nextToken() throws IOException {
            JsonToken token = super.nextToken();
            if (((YAMLParser) delegate).isCurrentAlias()) {
                JsonLocation at = currentLocation();
                throw new AliasFound(this, "YAML alias *" + getText() + " at line " + at.getLineNr()
                        + ": anchors and aliases (&name, *name) are not supported in the routing config; write the value out");
            }
            return token;
        }
    }

    private static final class AliasFound extends JsonParseException {
        AliasFound(JsonParser parser, String message) {
            super(parser, message);
        }
    }

    private static String describe(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        JsonLocation at = e.getLocation();
        String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        if (message != null && message.startsWith("Duplicate field")) {
            return "duplicate key " + message.substring("Duplicate field ".length()) + where
                    + " (a YAML mapping, such as groups, cannot name a key twice)";
        }
        if (e instanceof StreamConstraintsException && message != null && message.contains("nesting depth")) {
            return "the routing config is nested deeper than " + MAX_DEPTH + " levels" + where
                    + " (its own keys go 5 deep, e.g. canary.progressive.steps[0].hold)";
        }
        String first = message == null ? e.toString() : message.lines().findFirst().orElse(message);
        return "YAML syntax error" + where + ": " + first;
    }
}
