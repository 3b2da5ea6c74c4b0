package dev.rolloutlab.gateway.progressive.plan;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads the {@code progressive:} blocks of the routing file ({@code canary.progressive},
 * {@code bluegreen.progressive}) into a {@link Plan}, as strictly as the rest of the file: every
 * mistake is reported naming its full key, and nothing is guessed (a hold of {@code 30} has no
 * unit, a {@code maxErrorRate} of {@code "5%"} is text, not a number).
 *
 * <p>Both forms become one ladder of steps so one state machine runs both: a canary's steps are
 * its weights; blue/green is two steps, {@code pre-promotion} at weight 0 (the preview judged on
 * probe traffic) and {@code post-promotion} at weight 100 (the preview is the active side).
 */
public final class ProgressiveBlockParser {

    static final Set<String> CANARY_KEYS = Set.of("revision", "steps", "analysis", "probe");
    static final Set<String> BLUEGREEN_KEYS = Set.of("revision", "prePromotion", "autoPromotion", "postPromotion",
            "analysis", "probe");
    static final Set<String> STEP_KEYS = Set.of("weight", "hold");
    static final Set<String> ANALYSIS_KEYS = Set.of("interval", "initialDelay", "minRequests", "maxErrorRate",
            "maxP99", "failureLimit", "inconclusiveLimit");
    static final Set<String> PROBE_KEYS = Set.of("rate", "path");

    public static final int MAX_STEPS = 10;
    public static final int MAX_PROBE_RATE = 100;
    public static final String DEFAULT_PROBE_PATH = "/api/identity";
    /** A canary has users to judge; a blue/green preview has none, so its probe is on by default. */
    public static final int DEFAULT_CANARY_PROBE_RATE = 0;
    public static final int DEFAULT_BLUEGREEN_PROBE_RATE = 5;

    private static final String MANUAL = "manual";

    private final Consumer<String> problems;

    /** @param problems receives one sentence per mistake, each starting with the key it is about */
    public ProgressiveBlockParser(Consumer<String> problems) {
        this.problems = problems;
    }

    /** {@code canary.progressive}; null when it is not even a mapping. */
    public Plan canary(JsonNode block, String canary, String stable) {
        String key = "canary.progressive";
        if (!mapping(key, block)) {
            return null;
        }
        knownKeys(key, block, CANARY_KEYS);
        return new Plan(Kind.CANARY, revision(key, block.get("revision")), canary, stable,
                steps(key + ".steps", block.get("steps")), analysis(key + ".analysis", block.get("analysis")),
                probe(key + ".probe", block.get("probe"), DEFAULT_CANARY_PROBE_RATE));
    }

    /** {@code bluegreen.progressive}; null when it is not even a mapping. */
    public Plan blueGreen(JsonNode block, String preview, String active) {
        String key = "bluegreen.progressive";
        if (!mapping(key, block)) {
            return null;
        }
        knownKeys(key, block, BLUEGREEN_KEYS);
        Duration pre = requiredDuration(key + ".prePromotion", block.get("prePromotion"), Duration.ZERO);
        Optional<Duration> auto = autoPromotion(key + ".autoPromotion", block.get("autoPromotion"));
        Duration post = requiredDuration(key + ".postPromotion", block.get("postPromotion"), Duration.ZERO);
        // Without autoPromotion the preview waits for `promote` once it has passed its checks.
        List<Step> steps = List.of(
                new Step(0, pre.plus(auto.orElse(Duration.ZERO)), auto.isEmpty(), "pre-promotion"),
                new Step(100, post, false, "post-promotion"));
        return new Plan(Kind.BLUEGREEN, revision(key, block.get("revision")), preview, active, steps,
                analysis(key + ".analysis", block.get("analysis")),
                probe(key + ".probe", block.get("probe"), DEFAULT_BLUEGREEN_PROBE_RATE));
    }

    private String revision(String block, JsonNode node) {
        String key = block + ".revision";
        if (node == null || node.isNull()) {
            problems.accept(key + ": required, the version being rolled out, e.g. \"2.0.0\" (a new value starts a new rollout)");
            return null;
        }
        if (!node.isTextual() && !node.isNumber()) {
            problems.accept(key + ": must be text like \"2.0.0\" (got " + node + ")");
            return null;
        }
        if (node.asText().isBlank()) {
            problems.accept(key + ": must not be empty");
            return null;
        }
        return node.asText().trim();
    }

    private List<Step> steps(String key, JsonNode node) {
        List<Step> steps = new ArrayList<>();
        if (node == null || node.isNull() || (node.isArray() && node.isEmpty())) {
            problems.accept(key + ": required, 1 to " + MAX_STEPS + " steps like [{weight: 10, hold: 30s}, {weight: 50, hold: 30s}]");
            return steps;
        }
        if (!node.isArray()) {
            problems.accept(key + ": must be a list of steps like [{weight: 10, hold: 30s}] (got " + node + ")");
            return steps;
        }
        if (node.size() > MAX_STEPS) {
            problems.accept(key + ": at most " + MAX_STEPS + " steps (got " + node.size() + ")");
        }
        int previousWeight = 0;
        for (int i = 0; i < node.size(); i++) {
            Step step = step(key + "[" + i + "]", node.get(i), i + 1, previousWeight);
            if (step != null) {
                steps.add(step);
                previousWeight = Math.max(previousWeight, step.weight());
            }
        }
        return steps;
    }

    private Step step(String key, JsonNode node, int number, int previousWeight) {
        if (node == null || !node.isObject()) {
            problems.accept(key + ": must be a mapping like {weight: 10, hold: 30s} (got " + node + ")");
            return null;
        }
        knownKeys(key, node, STEP_KEYS);
        JsonNode weightNode = node.get("weight");
        int weight = 0;
        if (weightNode == null || weightNode.isNull()) {
            problems.accept(key + ".weight: required, percent of requests to the candidate, 1 to 99");
        } else if (!intWithin(weightNode, 1, 99)) {
            problems.accept(key + ".weight: must be an integer from 1 to 99; 100 is implied after the last step (got "
                    + weightNode + ")");
        } else if (weightNode.asInt() <= previousWeight) {
            problems.accept(key + ".weight: must be above the step before (" + previousWeight
                    + "): weights increase step by step (got " + weightNode + ")");
        } else {
            weight = weightNode.asInt();
        }
        JsonNode holdNode = node.get("hold");
        if (holdNode == null || holdNode.isNull()) {
            problems.accept(key + ".hold: required, a duration like 30s or 'manual' (wait for promote)");
            return new Step(weight, Duration.ZERO, false, "step " + number);
        }
        if (holdNode.isTextual() && MANUAL.equals(holdNode.asText().trim())) {
            return new Step(weight, Duration.ZERO, true, "step " + number);
        }
        Optional<Duration> hold = holdNode.isTextual() ? DurationText.parse(holdNode.asText()) : Optional.empty();
        if (hold.isEmpty()) {
            problems.accept(key + ".hold: must be a duration like 30s or 'manual' (got '" + holdNode.asText() + "')");
        }
        return new Step(weight, hold.orElse(Duration.ZERO), false, "step " + number);
    }

    private Analysis analysis(String key, JsonNode node) {
        Analysis d = Analysis.DEFAULTS;
        if (node == null || node.isNull()) {
            return d;
        }
        if (!mapping(key, node)) {
            return d;
        }
        knownKeys(key, node, ANALYSIS_KEYS);
        Duration interval = duration(key + ".interval", node.get("interval"), Duration.ofSeconds(1), d.interval());
        return new Analysis(interval,
                duration(key + ".initialDelay", node.get("initialDelay"), Duration.ZERO, interval),
                integer(key + ".minRequests", node.get("minRequests"), 1, Integer.MAX_VALUE, d.minRequests()),
                percent(key + ".maxErrorRate", node.get("maxErrorRate"), d.maxErrorRate()),
                duration(key + ".maxP99", node.get("maxP99"), Duration.ofMillis(1), d.maxP99()),
                integer(key + ".failureLimit", node.get("failureLimit"), 0, Integer.MAX_VALUE, d.failureLimit()),
                integer(key + ".inconclusiveLimit", node.get("inconclusiveLimit"), 1, Integer.MAX_VALUE,
                        d.inconclusiveLimit()));
    }

    private Probe probe(String key, JsonNode node, int defaultRate) {
        if (node == null || node.isNull() || !mapping(key, node)) {
            return new Probe(defaultRate, DEFAULT_PROBE_PATH);
        }
        knownKeys(key, node, PROBE_KEYS);
        int rate = integer(key + ".rate", node.get("rate"), 0, MAX_PROBE_RATE, defaultRate);
        JsonNode pathNode = node.get("path");
        String path = DEFAULT_PROBE_PATH;
        if (pathNode != null && !pathNode.isNull()) {
            if (!pathNode.isTextual() || !pathNode.asText().startsWith("/") || pathNode.asText().contains(" ")) {
                problems.accept(key + ".path: must be a request path starting with '/', e.g. /api/identity (got '"
                        + pathNode.asText() + "')");
            } else {
                path = pathNode.asText();
            }
        }
        return new Probe(rate, path);
    }

    /** Absent, null or {@code manual}: wait for promote. */
    private Optional<Duration> autoPromotion(String key, JsonNode node) {
        if (node == null || node.isNull() || (node.isTextual() && MANUAL.equals(node.asText().trim()))) {
            return Optional.empty();
        }
        return Optional.of(duration(key, node, Duration.ZERO, Duration.ZERO));
    }

    private Duration requiredDuration(String key, JsonNode node, Duration min) {
        if (node == null || node.isNull()) {
            problems.accept(key + ": required, a duration like 30s");
            return Duration.ZERO;
        }
        return duration(key, node, min, Duration.ZERO);
    }

    private Duration duration(String key, JsonNode node, Duration min, Duration absent) {
        if (node == null || node.isNull()) {
            return absent;
        }
        Optional<Duration> parsed = node.isTextual() ? DurationText.parse(node.asText()) : Optional.empty();
        if (parsed.isEmpty()) {
            problems.accept(key + ": must be a duration like 30s, 500ms, 2m or 1h (got '" + node.asText() + "')");
            return absent;
        }
        if (parsed.get().compareTo(min) < 0) {
            problems.accept(key + ": must be at least " + DurationText.format(min) + " (got '" + node.asText() + "')");
            return absent;
        }
        return parsed.get();
    }

    private int integer(String key, JsonNode node, int min, int max, int absent) {
        if (node == null || node.isNull()) {
            return absent;
        }
        if (!intWithin(node, min, max)) {
            String range = max == Integer.MAX_VALUE ? min + " or more" : "from " + min + " to " + max;
            problems.accept(key + ": must be an integer " + range + " (got " + node + ")");
            return absent;
        }
        return node.asInt();
    }

    /** An integer from min to max; never a fraction, text, or a number too large for an int (Jackson would wrap it). */
    private static boolean intWithin(JsonNode node, int min, int max) {
        return node.isIntegralNumber() && node.canConvertToInt() && node.asInt() >= min && node.asInt() <= max;
    }

    /** A number, not text: {@code maxErrorRate: 5} means 5 %, and {@code "5%"} is refused rather than guessed. */
    private double percent(String key, JsonNode node, double absent) {
        if (node == null || node.isNull()) {
            return absent;
        }
        if (!node.isNumber() || node.asDouble() < 0 || node.asDouble() > 100) {
            String hint = node.isTextual() && node.asText().trim().endsWith("%") ? ", written without '%'" : "";
            problems.accept(key + ": must be a number of percent from 0 to 100" + hint + " (got " + node + ")");
            return absent;
        }
        return node.asDouble();
    }

    private boolean mapping(String key, JsonNode node) {
        if (node == null || !node.isObject()) {
            problems.accept(key + ": must be a mapping (got " + node + ")");
            return false;
        }
        return true;
    }

    private void knownKeys(String key, JsonNode node, Set<String> known) {
        node.fieldNames().forEachRemaining(name -> {
            if (!known.contains(name)) {
                problems.accept(key + "." + name + ": unknown key (known: "
                        + String.join(", ", known.stream().sorted().toList()) + ")");
            }
        });
    }
}
